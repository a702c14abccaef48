// RFC 6979 §3.2 (deterministic generation of k with HMAC-DRBG) for ECDSA P-256/P-384 (FIPS 186-4 §6), encoded as DER
// ECDSA-Sig-Value (RFC 3279 §2.2.3) as MCUboot's ECDSASIG TLV expects (mcuboot-image-format.md §4.3).
using System.Formats.Asn1;
using System.Security.Cryptography;
using McuBoot.Image;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace McuBoot.Signing;

/// <summary>
/// Deterministic ECDSA signatures (RFC 6979): the nonce is derived from the private key and the digest, so signing the
/// same image twice gives the same bytes — reproducible builds, and incremental builds whose outputs do not change.
/// The bootloader verifies them like any ECDSA signature.
/// </summary>
public static class DeterministicEcdsa
{
    /// <summary>
    /// Signs <paramref name="digest"/> with the private scalar of <paramref name="parameters"/> (P-256 or P-384), using
    /// HMAC with <paramref name="algorithm"/> for the nonce; returns the DER signature.
    /// </summary>
    public static byte[] SignDigest(ECParameters parameters, ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm)
    {
        var oid = parameters.Curve.Oid?.Value;
        var curve = oid switch
        {
            "1.2.840.10045.3.1.7" => NistNamedCurves.GetByName("P-256"),
            "1.3.132.0.34" => NistNamedCurves.GetByName("P-384"),
            _ => throw new ArgumentException($"Unsupported curve {oid}; deterministic ECDSA is for P-256 and P-384.", nameof(parameters)),
        };
        var d = parameters.D ?? throw new ArgumentException("The key has no private scalar.", nameof(parameters));
        var domain = new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H, curve.GetSeed());
        var privateKey = new ECPrivateKeyParameters(new Org.BouncyCastle.Math.BigInteger(1, d), domain);
        var kCalculator = new HMacDsaKCalculator(algorithm switch
        {
            ImageHashAlgorithm.Sha256 => new Sha256Digest(),
            ImageHashAlgorithm.Sha384 => new Sha384Digest(),
            _ => new Sha512Digest(),
        });
        var signer = new ECDsaSigner(kCalculator);
        signer.Init(true, privateKey);
        var rs = signer.GenerateSignature(digest.ToArray());
        CryptographicOperations.ZeroMemory(d);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(rs[0].ToByteArrayUnsigned());
            writer.WriteIntegerUnsigned(rs[1].ToByteArrayUnsigned());
        }

        return writer.Encode();
    }
}
