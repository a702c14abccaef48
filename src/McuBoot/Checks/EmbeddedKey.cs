using McuBoot.Keys;

namespace McuBoot.Checks;

/// <summary>A public key found inside a bootloader binary (see <see cref="EmbeddedKeyScanner"/>).</summary>
/// <param name="KeyType">The key type, from the DER prefix.</param>
/// <param name="PublicKeyBytes">The §4.5 public-key bytes as embedded (PKCS#1 for RSA, SPKI otherwise).</param>
/// <param name="Locations">Where it was found, as <see cref="FirmwareFile.DescribeLocation"/> names it (first occurrence first).</param>
/// <param name="DevelopmentKey">The published MCUboot development key it is, or null.</param>
public sealed record EmbeddedKey(KeyType KeyType, byte[] PublicKeyBytes, IReadOnlyList<string> Locations, DevelopmentKey? DevelopmentKey)
{
    /// <summary>Hash of the key bytes with <paramref name="algorithm"/>: what a KEYHASH TLV for this key holds.</summary>
    public byte[] KeyHash(McuBoot.Image.ImageHashAlgorithm algorithm) => McuBoot.Image.ImageHashAlgorithmExtensions.Hash(algorithm, PublicKeyBytes);
}
