using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>Verifies MCUboot image signatures (mcuboot-image-format.md §4.3); works with public-only keys.</summary>
public interface ISignatureVerifier
{
    /// <summary>The key type.</summary>
    KeyType KeyType { get; }

    /// <summary>The §4.5 public-key bytes.</summary>
    byte[] GetPublicKeyBytes();

    /// <summary>Verifies a non-pure signature TLV value over the image digest; false when it does not verify.</summary>
    bool VerifyDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm, ReadOnlySpan<byte> signature);

    /// <summary>Verifies a pure Ed25519 signature over the whole region; other key types throw a coded error.</summary>
    bool VerifyMessage(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
