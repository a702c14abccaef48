using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// What every key-file signer shares: the key, its type and public bytes, the "private key required" guard and key
/// ownership. Each algorithm file (<see cref="RsaPssSigner"/>, <see cref="EcdsaSigner"/>, <see cref="Ed25519Signer"/>)
/// only says how it signs and verifies.
/// </summary>
/// <typeparam name="TKey">The key class of the algorithm.</typeparam>
public abstract class KeySigner<TKey> : IImageSigner, ISignatureVerifier
    where TKey : McuBootKey
{
    private readonly bool _ownsKey;

    /// <summary>Signs/verifies with <paramref name="key"/>; disposes it with the signer when <paramref name="ownsKey"/>.</summary>
    protected KeySigner(TKey key, bool ownsKey)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        _ownsKey = ownsKey;
    }

    /// <summary>The key.</summary>
    public TKey Key { get; }

    /// <inheritdoc cref="IImageSigner.KeyType" />
    public KeyType KeyType => Key.Type;

    /// <inheritdoc cref="IImageSigner.GetPublicKeyBytes" />
    public byte[] GetPublicKeyBytes() => Key.GetPublicKeyBytes();

    /// <inheritdoc />
    public byte[] SignDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm)
    {
        RequirePrivateKey();
        SignerErrors.CheckDigest(digest, algorithm);
        return SignDigestCore(digest, algorithm);
    }

    /// <inheritdoc />
    public virtual byte[] SignMessage(ReadOnlySpan<byte> message) => throw SignerErrors.NotPure(Key);

    /// <inheritdoc />
    public abstract bool VerifyDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm, ReadOnlySpan<byte> signature);

    /// <inheritdoc />
    public virtual bool VerifyMessage(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => throw SignerErrors.NotPure(Key);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsKey)
        {
            Key.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Signs a digest already checked for length; the key is known to be private.</summary>
    protected abstract byte[] SignDigestCore(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm);

    /// <summary>Throws the coded "public-only key cannot sign" error.</summary>
    protected void RequirePrivateKey()
    {
        if (!Key.HasPrivateKey)
        {
            throw SignerErrors.PublicOnly(Key);
        }
    }
}
