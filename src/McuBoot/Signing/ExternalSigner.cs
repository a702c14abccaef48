using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// A signer whose private key lives outside this process (an HSM through PKCS#11, a cloud KMS or Vault through a
/// signing command). It knows the public key, brings whatever the outside returns into MCUboot's TLV encoding
/// (<see cref="SignatureEncoding"/>) and verifies every signature with the public key before handing it out, so a
/// wrong key, a wrong algorithm or a corrupted answer is a coded error and nothing is written.
/// </summary>
public abstract class ExternalSigner : IImageSigner, ISignatureVerifier
{
    private readonly ISignatureVerifier _verifier;

    /// <summary>Signs with the outside key whose public key is <paramref name="publicKey"/> (owned by the signer).</summary>
    /// <param name="publicKey">The public key (RSA-2048/3072, ECDSA P-256/P-384 or Ed25519).</param>
    /// <param name="keySpec">The key specification, for messages (never contains a secret).</param>
    protected ExternalSigner(McuBootKey publicKey, string keySpec)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(keySpec);
        PublicKey = publicKey;
        KeySpec = keySpec;
        _verifier = SignerFactory.CreateVerifier(publicKey);
    }

    /// <summary>The public key.</summary>
    public McuBootKey PublicKey { get; }

    /// <summary>The key specification (shown in messages and logs).</summary>
    public string KeySpec { get; }

    /// <inheritdoc />
    public KeyType KeyType => PublicKey.Type;

    /// <inheritdoc />
    public byte[] GetPublicKeyBytes() => PublicKey.GetPublicKeyBytes();

    /// <inheritdoc />
    public virtual bool SignsPayload => false;

    /// <inheritdoc />
    public byte[] SignDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm) => SignImage([], digest, algorithm);

    /// <inheritdoc />
    public byte[] SignImage(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm)
    {
        SignerErrors.CheckDigest(digest, algorithm);
        if (!SignatureAlgorithms.AllowedHashes(KeyType, isPublicOnly: false).Contains(algorithm))
        {
            throw SignerErrors.Create(
                ErrorCodes.HashNotAllowedForKey,
                $"Key {KeySpec} ({KeyType}) cannot sign a {algorithm.TlvName()} digest; use the hash MCUboot pairs with this key type (--sha auto).",
                null);
        }

        var raw = SignImageCore(payload, digest, algorithm);
        var signature = SignatureEncoding.Normalize(KeyType, raw) ?? throw Unusable(raw.Length);
        if (!_verifier.VerifyDigest(digest, algorithm, signature))
        {
            throw NotVerified();
        }

        return signature;
    }

    /// <inheritdoc />
    public byte[] SignMessage(ReadOnlySpan<byte> message)
    {
        if (KeyType != KeyType.Ed25519)
        {
            throw SignerErrors.Create(
                ErrorCodes.SignatureOperationNotSupported,
                $"Pure signatures (--pure) need an Ed25519 key, but {KeySpec} is {McuBoot.Keys.KeyTypeNames.WithArticle(KeyType)}; drop --pure or use an Ed25519 key.",
                null);
        }

        var raw = SignMessageCore(message);
        var signature = SignatureEncoding.Normalize(KeyType, raw) ?? throw Unusable(raw.Length);
        if (!_verifier.VerifyMessage(message, signature))
        {
            throw NotVerified();
        }

        return signature;
    }

    /// <inheritdoc />
    public bool VerifyDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm, ReadOnlySpan<byte> signature)
        => _verifier.VerifyDigest(digest, algorithm, signature);

    /// <inheritdoc />
    public bool VerifyMessage(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => _verifier.VerifyMessage(message, signature);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the public key (and, in subclasses, sessions or libraries).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            PublicKey.Dispose();
        }
    }

    /// <summary>
    /// Signs the image: <paramref name="digest"/> is what MCUboot verifies (the payload's hash; Ed25519 signs the
    /// digest bytes as its message); <paramref name="payload"/> is the signed region, for services that hash it
    /// themselves. May return raw or DER ECDSA signatures; the base class normalises and verifies.
    /// </summary>
    protected abstract byte[] SignImageCore(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm);

    /// <summary>Pure Ed25519 over <paramref name="message"/>.</summary>
    protected abstract byte[] SignMessageCore(ReadOnlySpan<byte> message);

    private McuBootException NotVerified()
        => SignerErrors.Create(
            ErrorCodes.ExternalSignatureInvalid,
            $"The signature made with {KeySpec} does not verify with its public key ({KeyType}); nothing was written. The signer used another key or algorithm than the public key says: check the key id and the algorithm mapping (docs/release-signing.md).",
            null);

    private McuBootException Unusable(int length)
        => SignerErrors.Create(
            ErrorCodes.SignCommandOutputInvalid,
            $"The signer {KeySpec} returned {length} bytes, which is no {KeyType} signature (expected {SignatureEncoding.Expected(KeyType)}); nothing was written. Check that it prints the signature (base64 or binary) and nothing else.",
            null);
}
