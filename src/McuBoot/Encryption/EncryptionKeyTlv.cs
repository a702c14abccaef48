// Spec: mcuboot-image-format.md §6.1 (key TLV types and lengths), §6.4–§6.7 (value layouts), §3.2 (TLV type table).
using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Encryption;

/// <summary>
/// The encryption-key TLV types (all unprotected) and their value lengths per AES key size
/// (mcuboot-image-format.md §6.1, §6.7), so readers can validate a key TLV before unwrapping it.
/// <list type="table">
/// <listheader><term>TLV</term><description>AES-128 / AES-256 value length</description></listheader>
/// <item><term>0x30 ENCRSA2048</term><description>256 / 256</description></item>
/// <item><term>0x31 ENCKW</term><description>24 / 40</description></item>
/// <item><term>0x32 ENCEC256</term><description>113 / 129</description></item>
/// <item><term>0x33 ENCX25519</term><description>80 / 96</description></item>
/// <item><term>0x34 ENCX25519_SHA512</term><description>112 / 128</description></item>
/// </list>
/// </summary>
public static class EncryptionKeyTlv
{
    /// <summary>RSA-OAEP (SHA-256) wrapped key, RSA-2048 only.</summary>
    public const ushort EncRsa2048 = TlvType.EncRsa2048;

    /// <summary>RFC 3394 AES key wrap under a pre-shared KEK.</summary>
    public const ushort EncKw = TlvType.EncKw;

    /// <summary>ECIES-P256 (HKDF-SHA256, HMAC-SHA256).</summary>
    public const ushort EncEc256 = TlvType.EncEc256;

    /// <summary>ECIES-X25519 (HKDF-SHA256, HMAC-SHA256).</summary>
    public const ushort EncX25519 = TlvType.EncX25519;

    /// <summary>ECIES-X25519 (HKDF-SHA512, HMAC-SHA512).</summary>
    public const ushort EncX25519Sha512 = TlvType.EncX25519Sha512;

    /// <summary>RSA-2048 OAEP value length (the modulus length) for either AES key size.</summary>
    public const int Rsa2048ValueLength = 256;

    /// <summary>Whether <paramref name="type"/> is one of the encryption-key TLV types 0x30–0x34.</summary>
    public static bool IsKeyTlv(ushort type) => type is >= EncRsa2048 and <= EncX25519Sha512;

    /// <summary>The imgtool/bootutil name of a key TLV type (e.g. <c>ENCEC256</c>).</summary>
    public static string NameOf(ushort type) => type switch
    {
        EncRsa2048 => "ENCRSA2048",
        EncKw => "ENCKW",
        EncEc256 => "ENCEC256",
        EncX25519 => "ENCX25519",
        EncX25519Sha512 => "ENCX25519_SHA512",
        _ => $"0x{type:x2}",
    };

    /// <summary>The value length of a key TLV of <paramref name="type"/> wrapping an AES key of <paramref name="aesKeyLength"/> (16 or 32) bytes.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidEncryptionKeyTlv"/> for a non-key type; <see cref="ErrorCodes.InvalidAesKeyLength"/> for a bad key length.</exception>
    public static int ValueLength(ushort type, int aesKeyLength)
    {
        if (aesKeyLength is not (16 or 32))
        {
            throw new McuBootException(ErrorCodes.InvalidAesKeyLength, $"The AES key length must be 16 or 32 bytes; got {aesKeyLength}.");
        }

        return type switch
        {
            EncRsa2048 => Rsa2048ValueLength,
            EncKw => aesKeyLength + 8,
            EncEc256 => EciesP256.TlvValueLength(aesKeyLength),
            EncX25519 => EciesX25519.TlvValueLength(aesKeyLength, hmacSha512: false),
            EncX25519Sha512 => EciesX25519.TlvValueLength(aesKeyLength, hmacSha512: true),
            _ => throw new McuBootException(
                ErrorCodes.InvalidEncryptionKeyTlv,
                $"TLV type 0x{type:x2} is not an encryption-key TLV (expected 0x30–0x34)."),
        };
    }

    /// <summary>
    /// Infers the AES key length (16 or 32) from a key TLV's value length. Returns false when the length fits neither
    /// key size, and for ENCRSA2048 (256 bytes for both sizes: the key length is known only after decryption).
    /// </summary>
    public static bool TryGetAesKeyLength(ushort type, int valueLength, out int aesKeyLength)
    {
        aesKeyLength = 0;
        if (!IsKeyTlv(type) || type == EncRsa2048)
        {
            return false;
        }

        foreach (var candidate in (ReadOnlySpan<int>)[16, 32])
        {
            if (ValueLength(type, candidate) == valueLength)
            {
                aesKeyLength = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="valueLength"/> is valid for <paramref name="type"/> with either AES key size.</summary>
    public static bool IsValidLength(ushort type, int valueLength)
        => IsKeyTlv(type) && (type == EncRsa2048 ? valueLength == Rsa2048ValueLength : TryGetAesKeyLength(type, valueLength, out _));

    /// <summary>
    /// Throws unless a key TLV of <paramref name="type"/> with <paramref name="valueLength"/> bytes is what the bootloader
    /// expects for <paramref name="aesKeyLength"/>-byte AES keys (bootutil requires the exact length).
    /// </summary>
    /// <param name="type">TLV type.</param>
    /// <param name="valueLength">Actual value length.</param>
    /// <param name="aesKeyLength">16 or 32, or 0 to accept either size.</param>
    /// <param name="file">The image file, for the message.</param>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidEncryptionKeyTlv"/>.</exception>
    public static void Validate(ushort type, int valueLength, int aesKeyLength = 0, string? file = null)
    {
        if (!IsKeyTlv(type))
        {
            throw new McuBootException(
                ErrorCodes.InvalidEncryptionKeyTlv,
                $"TLV type 0x{type:x2} is not an encryption-key TLV (expected 0x30–0x34){InFile(file)}.",
                file);
        }

        var ok = aesKeyLength == 0 ? IsValidLength(type, valueLength) : ValueLength(type, aesKeyLength) == valueLength;
        if (!ok)
        {
            var expected = aesKeyLength == 0
                ? $"{ValueLength(type, 16)} (AES-128) or {ValueLength(type, 32)} (AES-256)"
                : $"{ValueLength(type, aesKeyLength)} for AES-{aesKeyLength * 8}";
            throw new McuBootException(
                ErrorCodes.InvalidEncryptionKeyTlv,
                $"The {NameOf(type)} key TLV{InFile(file)} is {valueLength} bytes; the bootloader expects {expected} — re-create the image with a supported encryption key.",
                file);
        }
    }

    private static string InFile(string? file) => file is null ? string.Empty : $" in '{file}'";
}
