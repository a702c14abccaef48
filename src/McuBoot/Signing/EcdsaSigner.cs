using System.Formats.Asn1;
using System.Security.Cryptography;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// ECDSA (FIPS 186-4 §6) over the image digest (mcuboot-image-format.md §4.3), P-256 or P-384, encoded as DER
/// <c>ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }</c> (RFC 3279 §2.2.3) for TLV 0x22.
/// Verification ignores zero bytes after the DER value (<c>--pad-sig</c>), as imgtool's verifier does (§4.3).
/// </summary>
public sealed class EcdsaSigner : IImageSigner, ISignatureVerifier
{
    private readonly bool _ownsKey;

    /// <summary>Signs/verifies with <paramref name="key"/>; disposes it with the signer when <paramref name="ownsKey"/>.</summary>
    public EcdsaSigner(EcdsaKey key, bool ownsKey = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        _ownsKey = ownsKey;
    }

    /// <summary>The key.</summary>
    public EcdsaKey Key { get; }

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

        SignerErrors.CheckDigest(digest, algorithm);
        return Key.Ecdsa.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <inheritdoc />
    public byte[] SignMessage(ReadOnlySpan<byte> message) => throw SignerErrors.NotPure(Key);

    /// <inheritdoc />
    public bool VerifyDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm, ReadOnlySpan<byte> signature)
    {
        if (digest.Length != algorithm.DigestLength())
        {
            return false;
        }

        var der = StripPadding(signature);
        if (der.IsEmpty)
        {
            return false;
        }

        try
        {
            return Key.Ecdsa.VerifyHash(digest, der, DSASignatureFormat.Rfc3279DerSequence);
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

    /// <summary>The DER SEQUENCE at the start of <paramref name="signature"/>, if only zero bytes follow it; else empty.</summary>
    private static ReadOnlySpan<byte> StripPadding(ReadOnlySpan<byte> signature)
    {
        try
        {
            AsnDecoder.ReadEncodedValue(signature, AsnEncodingRules.DER, out _, out _, out var consumed);
            var rest = signature[consumed..];
            return rest.ContainsAnyExcept((byte)0) ? [] : signature[..consumed];
        }
        catch (AsnContentException)
        {
            return [];
        }
    }
}
