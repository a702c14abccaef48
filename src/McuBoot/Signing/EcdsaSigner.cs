using System.Formats.Asn1;
using System.Security.Cryptography;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// ECDSA (FIPS 186-4 §6) over the image digest (mcuboot-image-format.md §4.3), P-256 or P-384, encoded as DER
/// <c>ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }</c> (RFC 3279 §2.2.3) for TLV 0x22.
/// Verification ignores zero bytes after the DER value (<c>--pad-sig</c>), as imgtool's verifier does (§4.3).
/// With <paramref name="deterministic"/> the nonce follows RFC 6979 (<see cref="DeterministicEcdsa"/>) instead of
/// being random.
/// </summary>
public sealed class EcdsaSigner(EcdsaKey key, bool ownsKey = false, bool deterministic = false) : KeySigner<EcdsaKey>(key, ownsKey)
{
    /// <summary>Whether signatures use RFC 6979 deterministic nonces.</summary>
    public bool Deterministic => deterministic;

    /// <inheritdoc />
    public override bool VerifyDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm, ReadOnlySpan<byte> signature)
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
    protected override byte[] SignDigestCore(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm)
        => deterministic
            ? DeterministicEcdsa.SignDigest(Key.ExportParameters(includePrivate: true), digest, algorithm)
            : Key.Ecdsa.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);

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
