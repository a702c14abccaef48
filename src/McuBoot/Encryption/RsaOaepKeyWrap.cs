// Spec: mcuboot-image-format.md §6.4 (RSA-OAEP key TLV 0x30, ENCRSA2048) and §11 item 3; RFC 8017 §7.1 (RSAES-OAEP).
using System.Security.Cryptography;
using McuBoot.Diagnostics;

namespace McuBoot.Encryption;

/// <summary>
/// RSA-OAEP wrapping of the image AES key into the ENCRSA2048 TLV (0x30): RSAES-OAEP with SHA-256, MGF1-SHA-256 and an
/// empty label (mcuboot-image-format.md §6.4). Only RSA-2048 keys are accepted: bootutil expects exactly 256 bytes,
/// and imgtool's silent 384-byte TLV for RSA-3072 is unusable (§11 item 3).
/// </summary>
public static class RsaOaepKeyWrap
{
    /// <summary>The only RSA modulus size bootutil supports for encryption.</summary>
    public const int KeySizeBits = 2048;

    /// <summary>The TLV value length (the modulus length).</summary>
    public const int TlvValueLength = KeySizeBits / 8;

    /// <summary>Encrypts <paramref name="aesKey"/> (16 or 32 bytes) to the device's RSA-2048 public key.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.UnsupportedEncryptionKey"/> for a non-2048-bit key; <see cref="ErrorCodes.InvalidAesKeyLength"/>.</exception>
    public static byte[] Wrap(RSA recipient, ReadOnlySpan<byte> aesKey)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        AesCtr.ValidateKey(aesKey);
        CheckSize(recipient);
        return recipient.Encrypt(aesKey, RSAEncryptionPadding.OaepSHA256);
    }

    /// <summary>Decrypts an ENCRSA2048 TLV value with the device's RSA-2048 private key; returns the 16- or 32-byte AES key.</summary>
    /// <exception cref="McuBootException">
    /// <see cref="ErrorCodes.RsaKeyUnwrapFailed"/> when OAEP decryption fails (wrong key, public-only key or corrupted TLV);
    /// <see cref="ErrorCodes.UnsupportedEncryptionKey"/> for a non-2048-bit key; <see cref="ErrorCodes.InvalidEncryptionKeyTlv"/> for a bad length.
    /// </exception>
    public static byte[] Unwrap(RSA privateKey, ReadOnlySpan<byte> tlvValue)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        CheckSize(privateKey);
        EncryptionKeyTlv.Validate(EncryptionKeyTlv.EncRsa2048, tlvValue.Length);
        byte[] aesKey;
        try
        {
            aesKey = privateKey.Decrypt(tlvValue, RSAEncryptionPadding.OaepSHA256);
        }
        catch (CryptographicException ex)
        {
            throw new McuBootException(
                ErrorCodes.RsaKeyUnwrapFailed,
                "RSA-OAEP decryption of the ENCRSA2048 key TLV failed: the key is not the private key the image was encrypted for (or is public-only), or the TLV is corrupted.",
                inner: ex);
        }

        if (aesKey.Length is not (16 or 32))
        {
            var length = aesKey.Length;
            CryptographicOperations.ZeroMemory(aesKey);
            throw new McuBootException(
                ErrorCodes.InvalidEncryptionKeyTlv,
                $"The ENCRSA2048 key TLV decrypts to {length} bytes, not a 16- or 32-byte AES key; the TLV was not produced for MCUboot.");
        }

        return aesKey;
    }

    private static void CheckSize(RSA key)
    {
        if (key.KeySize != KeySizeBits)
        {
            throw new McuBootException(
                ErrorCodes.UnsupportedEncryptionKey,
                $"RSA encryption keys for MCUboot must be RSA-2048 (bootutil only parses a 256-byte ENCRSA2048 TLV), but the key is RSA-{key.KeySize}; use a 2048-bit RSA encryption key.");
        }
    }
}
