// Spec: mcuboot-image-format.md §6.5 steps 3–7 and §6.6 (shared ECIES key derivation, tag and layout); RFC 5869 (HKDF).
using System.Security.Cryptography;
using McuBoot.Diagnostics;

namespace McuBoot.Encryption;

/// <summary>
/// The part of MCUboot's ECIES shared by P-256 and X25519: HKDF(Z, info "MCUBoot_ECIES_v1") → K_enc ‖ K_mac,
/// C = AES-CTR(K_enc, aes_key), T = HMAC(K_mac, C), TLV value = E ‖ T ‖ C.
/// </summary>
internal static class EciesCore
{
    /// <summary>The HKDF info string (16 ASCII bytes, no terminator).</summary>
    internal static ReadOnlySpan<byte> Info => "MCUBoot_ECIES_v1"u8;

    internal static int MacKeyLength(HashAlgorithmName hash) => hash == HashAlgorithmName.SHA512 ? 64 : 32;

    /// <summary>Builds <c>E ‖ T ‖ C</c> from the shared secret <paramref name="z"/> and the ephemeral public key bytes.</summary>
    internal static byte[] Seal(ReadOnlySpan<byte> z, ReadOnlySpan<byte> ephemeralPublic, ReadOnlySpan<byte> aesKey, HashAlgorithmName hash)
    {
        AesCtr.ValidateKey(aesKey);
        var macLength = MacKeyLength(hash);
        var keyLength = aesKey.Length;
        var okm = new byte[keyLength + macLength];
        try
        {
            HKDF.DeriveKey(hash, z, okm, salt: ReadOnlySpan<byte>.Empty, info: Info);
            var result = new byte[ephemeralPublic.Length + macLength + keyLength];
            ephemeralPublic.CopyTo(result);
            var tag = result.AsSpan(ephemeralPublic.Length, macLength);
            var cipher = result.AsSpan(ephemeralPublic.Length + macLength, keyLength);
            AesCtr.Transform(okm.AsSpan(0, keyLength), aesKey, cipher);
            Mac(hash, okm.AsSpan(keyLength, macLength), cipher, tag);
            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    /// <summary>Checks the tag of <c>E ‖ T ‖ C</c> in constant time and returns the decrypted AES key.</summary>
    internal static byte[] Open(ReadOnlySpan<byte> z, ReadOnlySpan<byte> tlvValue, int ephemeralLength, int keyLength, HashAlgorithmName hash, string scheme)
    {
        var macLength = MacKeyLength(hash);
        var okm = new byte[keyLength + macLength];
        Span<byte> computed = stackalloc byte[64];
        computed = computed[..macLength];
        try
        {
            HKDF.DeriveKey(hash, z, okm, salt: ReadOnlySpan<byte>.Empty, info: Info);
            var tag = tlvValue.Slice(ephemeralLength, macLength);
            var cipher = tlvValue.Slice(ephemeralLength + macLength, keyLength);
            Mac(hash, okm.AsSpan(keyLength, macLength), cipher, computed);
            if (!CryptographicOperations.FixedTimeEquals(computed, tag))
            {
                throw new McuBootException(
                    ErrorCodes.EncryptionTagMismatch,
                    $"The {scheme} key TLV's HMAC tag does not match: the private key is not the one the image was encrypted for, or the TLV is corrupted; use the matching encryption private key.");
            }

            var aesKey = new byte[keyLength];
            AesCtr.Transform(okm.AsSpan(0, keyLength), cipher, aesKey);
            return aesKey;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
            CryptographicOperations.ZeroMemory(computed);
        }
    }

    /// <summary>Validates an ECIES TLV value length for the given layout.</summary>
    internal static void CheckLength(ReadOnlySpan<byte> tlvValue, int ephemeralLength, int keyLength, HashAlgorithmName hash, string scheme)
    {
        if (keyLength is not (16 or 32))
        {
            throw new McuBootException(
                ErrorCodes.InvalidAesKeyLength,
                $"The AES key length must be 16 or 32 bytes; got {keyLength}.");
        }

        var expected = ephemeralLength + MacKeyLength(hash) + keyLength;
        if (tlvValue.Length != expected)
        {
            throw new McuBootException(
                ErrorCodes.InvalidEncryptionKeyTlv,
                $"The {scheme} key TLV is {tlvValue.Length} bytes; expected {expected} for a {keyLength * 8}-bit AES key — check the AES key size (--encrypt-keylen) and the HMAC variant.");
        }
    }

    private static void Mac(HashAlgorithmName hash, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (hash == HashAlgorithmName.SHA512)
        {
            HMACSHA512.HashData(key, data, destination);
        }
        else
        {
            HMACSHA256.HashData(key, data, destination);
        }
    }
}
