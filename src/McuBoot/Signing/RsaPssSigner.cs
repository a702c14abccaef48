using System.Security.Cryptography;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// RSASSA-PSS (RFC 8017 §8.1) as MCUboot uses it (mcuboot-image-format.md §4.3): SHA-256, MGF1-SHA256, salt length
/// 32, trailer 0xBC; the signature is the raw big-endian value, exactly the modulus size (TLV 0x20 / 0x23).
/// .NET's <see cref="RSASignaturePadding.Pss"/> uses salt length = hash length (32) and MGF1 with the same hash.
/// </summary>
public sealed class RsaPssSigner : IImageSigner, ISignatureVerifier
{
    private readonly bool _ownsKey;

    /// <summary>Signs/verifies with <paramref name="key"/>; disposes it with the signer when <paramref name="ownsKey"/>.</summary>
    public RsaPssSigner(RsaKey key, bool ownsKey = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        _ownsKey = ownsKey;
    }

    /// <summary>The key.</summary>
    public RsaKey Key { get; }

    /// <inheritdoc cref="IImageSigner.KeyType" />
    public KeyType KeyType => Key.Type;

    /// <inheritdoc cref="IImageSigner.GetPublicKeyBytes" />
    public byte[] GetPublicKeyBytes() => Key.GetPublicKeyBytes();

    /// <inheritdoc />
    public byte[] SignDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm)
    {
        if (!Key.HasPrivateKey)
        {
            throw SignerErrors.PublicOnly(Key);
        }

        if (algorithm != ImageHashAlgorithm.Sha256)
        {
            throw SignerErrors.HashNotAllowed(Key, algorithm, "SHA256 (bootutil's RSA verifier only handles SHA-256)");
        }

        SignerErrors.CheckDigest(digest, algorithm);
        return Key.Rsa.SignHash(digest.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    }

    /// <inheritdoc />
    public byte[] SignMessage(ReadOnlySpan<byte> message) => throw SignerErrors.NotPure(Key);

    /// <inheritdoc />
    public bool VerifyDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm, ReadOnlySpan<byte> signature)
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
    public bool VerifyMessage(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => throw SignerErrors.NotPure(Key);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsKey)
        {
            Key.Dispose();
        }
    }
}
