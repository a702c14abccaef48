using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// Ed25519 (RFC 8032 §5.1, PureEdDSA; never Ed25519ph) as MCUboot uses it (mcuboot-image-format.md §4.3): non-pure
/// signatures take the image digest bytes as the message; <c>--pure</c> signs the whole region. 64 bytes, TLV 0x24.
/// </summary>
public sealed class Ed25519Signer : IImageSigner, ISignatureVerifier
{
    private readonly bool _ownsKey;

    /// <summary>Signs/verifies with <paramref name="key"/>; disposes it with the signer when <paramref name="ownsKey"/>.</summary>
    public Ed25519Signer(Ed25519Key key, bool ownsKey = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        _ownsKey = ownsKey;
    }

    /// <summary>The key.</summary>
    public Ed25519Key Key { get; }

    /// <inheritdoc cref="IImageSigner.KeyType" />
    public KeyType KeyType => KeyType.Ed25519;

    /// <inheritdoc cref="IImageSigner.GetPublicKeyBytes" />
    public byte[] GetPublicKeyBytes() => Key.GetPublicKeyBytes();

    /// <inheritdoc />
    public byte[] SignDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm)
    {
        SignerErrors.CheckDigest(digest, algorithm);
        return SignMessage(digest);
    }

    /// <inheritdoc />
    public byte[] SignMessage(ReadOnlySpan<byte> message)
    {
        if (!Key.HasPrivateKey)
        {
            throw SignerErrors.PublicOnly(Key);
        }

        return Key.Sign(message);
    }

    /// <inheritdoc />
    public bool VerifyDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm, ReadOnlySpan<byte> signature)
        => digest.Length == algorithm.DigestLength() && Key.Verify(digest, signature);

    /// <inheritdoc />
    public bool VerifyMessage(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => Key.Verify(message, signature);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsKey)
        {
            Key.Dispose();
        }
    }
}
