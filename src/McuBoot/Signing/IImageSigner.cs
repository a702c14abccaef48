using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// Signs MCUboot images (mcuboot-image-format.md §4.3). This is the only way image code signs: it never knows where
/// the key lives (a PEM file today; an HSM or an external command later). Create one with <see cref="SignerFactory"/>.
/// </summary>
public interface IImageSigner : IDisposable
{
    /// <summary>The key type, which selects the signature TLV (<see cref="SignatureAlgorithms.SignatureTlvType"/>).</summary>
    KeyType KeyType { get; }

    /// <summary>The §4.5 public-key bytes (for the KEYHASH / PUBKEY TLVs).</summary>
    byte[] GetPublicKeyBytes();

    /// <summary>
    /// Non-pure signature over the image digest, in the TLV value encoding: RSA-PSS (SHA-256, MGF1-SHA256, salt 32)
    /// raw; ECDSA DER (Rfc3279DerSequence); Ed25519 over the digest bytes as the message (RFC 8032 PureEdDSA, NOT
    /// Ed25519ph).
    /// </summary>
    byte[] SignDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm);

    /// <summary>Pure Ed25519 over the whole region (<c>--pure</c>); other key types throw a coded error.</summary>
    byte[] SignMessage(ReadOnlySpan<byte> message);

    /// <summary>
    /// Non-pure signature of an image whose signed region is <paramref name="payload"/> (header, body, protected TLVs)
    /// and whose digest is <paramref name="digest"/>. Signers that hand the region to an outside service which hashes
    /// it itself (e.g. <c>gcloud kms asymmetric-sign</c>) use the payload; the default signs the digest.
    /// </summary>
    byte[] SignImage(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm) => SignDigest(digest, algorithm);

    /// <summary>
    /// Whether <see cref="SignImage"/> uses the payload. When false (the default) the image builder passes an empty
    /// payload and never assembles the signed region in memory.
    /// </summary>
    bool SignsPayload => false;
}
