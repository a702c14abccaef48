// Spec: mcuboot-image-format.md §6.6 (ECIES-X25519 key TLVs 0x33 ENCX25519 / 0x34 ENCX25519_SHA512); RFC 7748 §5 (X25519).
using System.Security.Cryptography;
using McuBoot.Diagnostics;
using X25519Math = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace McuBoot.Encryption;

/// <summary>
/// ECIES-X25519 wrapping of the image AES key (mcuboot-image-format.md §6.6): ephemeral X25519 key E,
/// Z = X25519(e, device public key); with HMAC-SHA256: HKDF-SHA256, L = keylen + 32, 32-byte tag, TLV 0x33,
/// value <c>E(32) ‖ T(32) ‖ C</c> (80 / 96 bytes); with HMAC-SHA512: HKDF-SHA512, L = keylen + 64, 64-byte tag,
/// TLV 0x34, value <c>E(32) ‖ T(64) ‖ C</c> (112 / 128 bytes). Keys are raw 32-byte RFC 7748 values.
/// </summary>
public static class EciesX25519
{
    /// <summary>Length of X25519 public and private keys and of the ephemeral key in the TLV.</summary>
    public const int KeyLength = 32;

    /// <summary>The TLV value length for an AES key of <paramref name="aesKeyLength"/> bytes.</summary>
    public static int TlvValueLength(int aesKeyLength, bool hmacSha512) => KeyLength + (hmacSha512 ? 64 : 32) + aesKeyLength;

    /// <summary>The TLV type for the HMAC variant (0x33 or 0x34).</summary>
    public static ushort TlvType(bool hmacSha512) => hmacSha512 ? EncryptionKeyTlv.EncX25519Sha512 : EncryptionKeyTlv.EncX25519;

    /// <summary>Wraps <paramref name="aesKey"/> (16 or 32 bytes) for the device whose raw X25519 public key is <paramref name="recipientPublic32"/>.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidEncryptionKey"/> for a bad public key; <see cref="ErrorCodes.InvalidAesKeyLength"/>.</exception>
    public static byte[] Wrap(ReadOnlySpan<byte> recipientPublic32, ReadOnlySpan<byte> aesKey, bool hmacSha512 = false)
    {
        AesCtr.ValidateKey(aesKey);
        CheckKey(recipientPublic32, "public");
        var ephemeralPrivate = new byte[KeyLength];
        var ephemeralPublic = new byte[KeyLength];
        var z = new byte[KeyLength];
        try
        {
            RandomNumberGenerator.Fill(ephemeralPrivate);
            X25519Math.GeneratePublicKey(ephemeralPrivate, 0, ephemeralPublic, 0);
            Agree(ephemeralPrivate, recipientPublic32.ToArray(), z, "The recipient X25519 public key is a low-order point; use the device's real X25519 encryption key.", ErrorCodes.InvalidEncryptionKey);
            return EciesCore.Seal(z, ephemeralPublic, aesKey, Hash(hmacSha512));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ephemeralPrivate);
            CryptographicOperations.ZeroMemory(z);
        }
    }

    /// <summary>Recovers the AES key from an ENCX25519 / ENCX25519_SHA512 TLV value with the device's raw X25519 private key.</summary>
    /// <exception cref="McuBootException">
    /// <see cref="ErrorCodes.EncryptionTagMismatch"/> when the HMAC tag does not verify; <see cref="ErrorCodes.InvalidEncryptionKeyTlv"/> for a
    /// wrong length or degenerate ephemeral key; <see cref="ErrorCodes.InvalidEncryptionKey"/> for a bad private key.
    /// </exception>
    public static byte[] Unwrap(ReadOnlySpan<byte> recipientPrivate32, ReadOnlySpan<byte> tlvValue, int keyLength, bool hmacSha512 = false)
    {
        var scheme = hmacSha512 ? "ECIES-X25519 (ENCX25519_SHA512)" : "ECIES-X25519 (ENCX25519)";
        var hash = Hash(hmacSha512);
        EciesCore.CheckLength(tlvValue, KeyLength, keyLength, hash, scheme);
        CheckKey(recipientPrivate32, "private");
        var privateKey = recipientPrivate32.ToArray();
        var z = new byte[KeyLength];
        try
        {
            Agree(privateKey, tlvValue[..KeyLength].ToArray(), z, $"The {scheme} key TLV's ephemeral key is a low-order point; the TLV is corrupted.", ErrorCodes.InvalidEncryptionKeyTlv);
            return EciesCore.Open(z, tlvValue, KeyLength, keyLength, hash, scheme);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
            CryptographicOperations.ZeroMemory(z);
        }
    }

    /// <summary>Recovers the AES key, inferring its length from the TLV length.</summary>
    public static byte[] Unwrap(ReadOnlySpan<byte> recipientPrivate32, ReadOnlySpan<byte> tlvValue, bool hmacSha512)
    {
        var type = TlvType(hmacSha512);
        EncryptionKeyTlv.Validate(type, tlvValue.Length);
        EncryptionKeyTlv.TryGetAesKeyLength(type, tlvValue.Length, out var keyLength);
        return Unwrap(recipientPrivate32, tlvValue, keyLength, hmacSha512);
    }

    /// <summary>Computes the raw X25519 public key of a raw private key (RFC 7748 §6.1).</summary>
    public static byte[] GetPublicKey(ReadOnlySpan<byte> privateKey32)
    {
        CheckKey(privateKey32, "private");
        var privateKey = privateKey32.ToArray();
        var publicKey = new byte[KeyLength];
        X25519Math.GeneratePublicKey(privateKey, 0, publicKey, 0);
        CryptographicOperations.ZeroMemory(privateKey);
        return publicKey;
    }

    private static HashAlgorithmName Hash(bool hmacSha512) => hmacSha512 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;

    private static void Agree(byte[] privateKey, byte[] publicKey, byte[] z, string lowOrderMessage, string code)
    {
        if (!X25519Math.CalculateAgreement(privateKey, 0, publicKey, 0, z, 0))
        {
            throw new McuBootException(code, lowOrderMessage);
        }
    }

    private static void CheckKey(ReadOnlySpan<byte> key, string kind)
    {
        if (key.Length != KeyLength)
        {
            throw new McuBootException(
                ErrorCodes.InvalidEncryptionKey,
                $"A raw X25519 {kind} key is 32 bytes; got {key.Length} — pass the raw key, not its PEM/DER encoding.");
        }
    }
}
