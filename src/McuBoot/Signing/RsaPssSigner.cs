using System.Security.Cryptography;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// RSASSA-PSS (RFC 8017 §8.1) as MCUboot uses it (mcuboot-image-format.md §4.3): SHA-256, MGF1-SHA256, salt length
/// 32, trailer 0xBC; the signature is the raw big-endian value, exactly the modulus size (TLV 0x20 / 0x23).
/// .NET's <see cref="RSASignaturePadding.Pss"/> uses salt length = hash length (32) and MGF1 with the same hash.
/// </summary>
public sealed class RsaPssSigner(RsaKey key, bool ownsKey = false) : KeySigner<RsaKey>(key, ownsKey)
{
    /// <inheritdoc />
    public override bool VerifyDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm, ReadOnlySpan<byte> signature)
    {
        if (algorithm != ImageHashAlgorithm.Sha256 || digest.Length != 32 || signature.Length != Key.KeySizeBits / 8)
        {
            return false;
        }

        try
        {
            return Key.Rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    protected override byte[] SignDigestCore(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm)
    {
        if (algorithm != ImageHashAlgorithm.Sha256)
        {
            throw SignerErrors.HashNotAllowed(Key, algorithm, "SHA256 (bootutil's RSA verifier only handles SHA-256)");
        }

        return Key.Rsa.SignHash(digest.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    }
}
