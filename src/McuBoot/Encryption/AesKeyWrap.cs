// Spec: RFC 3394 §2.2.1 (wrap), §2.2.2 (unwrap), §2.2.3.1 (default IV); mcuboot-image-format.md §6.7 (ENCKW TLV 0x31).
using System.Buffers.Binary;
using System.Security.Cryptography;
using McuBoot.Diagnostics;

namespace McuBoot.Encryption;

/// <summary>
/// AES Key Wrap (RFC 3394, NIST SP 800-38F "KW") with the default initial value <c>A6A6A6A6A6A6A6A6</c>, as used by
/// MCUboot's ENCKW TLV (0x31, mcuboot-image-format.md §6.7): a 16-byte AES key wraps to 24 bytes, a 32-byte key to 40.
/// </summary>
public static class AesKeyWrap
{
    /// <summary>The RFC 3394 §2.2.3.1 default initial value.</summary>
    public const ulong DefaultIv = 0xA6A6A6A6A6A6A6A6;

    /// <summary>Wraps <paramref name="keyData"/> (a multiple of 8 bytes, at least 16) under <paramref name="kek"/> (16, 24 or 32 bytes).</summary>
    /// <returns><c>keyData.Length + 8</c> bytes.</returns>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidAesKeyLength"/> for a bad KEK or key-data length.</exception>
    public static byte[] Wrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> keyData)
    {
        ValidateKek(kek);
        if (keyData.Length < 16 || keyData.Length % 8 != 0)
        {
            throw new McuBootException(
                ErrorCodes.InvalidAesKeyLength,
                $"AES key wrap needs key data of at least 16 bytes in whole 8-byte blocks; got {keyData.Length} bytes.");
        }

        var n = keyData.Length / 8;
        var result = new byte[keyData.Length + 8];
        keyData.CopyTo(result.AsSpan(8));
        var a = DefaultIv;
        Span<byte> block = stackalloc byte[16];
        using var aes = Aes.Create();
        aes.SetKey(kek);
        for (var j = 0; j <= 5; j++)
        {
            for (var i = 1; i <= n; i++)
            {
                var r = result.AsSpan(i * 8, 8);
                BinaryPrimitives.WriteUInt64BigEndian(block, a);
                r.CopyTo(block[8..]);
                aes.EncryptEcb(block, block, PaddingMode.None);
                a = BinaryPrimitives.ReadUInt64BigEndian(block) ^ (ulong)((n * j) + i);
                block[8..].CopyTo(r);
            }
        }

        BinaryPrimitives.WriteUInt64BigEndian(result, a);
        CryptographicOperations.ZeroMemory(block);
        return result;
    }

    /// <summary>Unwraps <paramref name="wrapped"/> (at least 24 bytes, a multiple of 8) under <paramref name="kek"/> and checks the integrity value.</summary>
    /// <returns>The key data (<c>wrapped.Length - 8</c> bytes).</returns>
    /// <exception cref="McuBootException">
    /// <see cref="ErrorCodes.KeyUnwrapFailed"/> when the integrity check fails (wrong KEK or corrupted data);
    /// <see cref="ErrorCodes.InvalidEncryptionKeyTlv"/> for a bad wrapped length; <see cref="ErrorCodes.InvalidAesKeyLength"/> for a bad KEK.
    /// </exception>
    public static byte[] Unwrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> wrapped)
    {
        ValidateKek(kek);
        if (wrapped.Length < 24 || wrapped.Length % 8 != 0)
        {
            throw new McuBootException(
                ErrorCodes.InvalidEncryptionKeyTlv,
                $"An AES-wrapped key must be at least 24 bytes in whole 8-byte blocks (24 for AES-128, 40 for AES-256); got {wrapped.Length} bytes.");
        }

        var n = (wrapped.Length / 8) - 1;
        var r = wrapped[8..].ToArray();
        var a = BinaryPrimitives.ReadUInt64BigEndian(wrapped);
        Span<byte> block = stackalloc byte[16];
        using (var aes = Aes.Create())
        {
            aes.SetKey(kek);
            for (var j = 5; j >= 0; j--)
            {
                for (var i = n; i >= 1; i--)
                {
                    var ri = r.AsSpan((i - 1) * 8, 8);
                    BinaryPrimitives.WriteUInt64BigEndian(block, a ^ (ulong)((n * j) + i));
                    ri.CopyTo(block[8..]);
                    aes.DecryptEcb(block, block, PaddingMode.None);
                    a = BinaryPrimitives.ReadUInt64BigEndian(block);
                    block[8..].CopyTo(ri);
                }
            }
        }

        CryptographicOperations.ZeroMemory(block);
        Span<byte> expected = stackalloc byte[8];
        Span<byte> actual = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(expected, DefaultIv);
        BinaryPrimitives.WriteUInt64BigEndian(actual, a);
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            CryptographicOperations.ZeroMemory(r);
            throw new McuBootException(
                ErrorCodes.KeyUnwrapFailed,
                "AES key unwrap failed its integrity check: the key-encryption key is wrong or the ENCKW TLV is corrupted; use the KEK the image was encrypted for.");
        }

        return r;
    }

    private static void ValidateKek(ReadOnlySpan<byte> kek)
    {
        if (kek.Length is not (16 or 24 or 32))
        {
            throw new McuBootException(
                ErrorCodes.InvalidAesKeyLength,
                $"The AES key-encryption key is {kek.Length} bytes; it must be 16, 24 or 32 bytes (MCUboot: the same size as the image key, 16 or 32).");
        }
    }
}
