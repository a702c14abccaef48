using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// Key type → signature TLV type (mcuboot-image-format.md §3.2) and → image hash algorithm choices (§4.2).
/// </summary>
public static class SignatureAlgorithms
{
    /// <summary>TLV 0x20 RSA2048.</summary>
    public const ushort TlvRsa2048 = 0x20;

    /// <summary>TLV 0x22 ECDSASIG (P-256 and P-384).</summary>
    public const ushort TlvEcdsa = 0x22;

    /// <summary>TLV 0x23 RSA3072.</summary>
    public const ushort TlvRsa3072 = 0x23;

    /// <summary>TLV 0x24 ED25519.</summary>
    public const ushort TlvEd25519 = 0x24;

    private static readonly ImageHashAlgorithm[] All = [ImageHashAlgorithm.Sha256, ImageHashAlgorithm.Sha384, ImageHashAlgorithm.Sha512];
    private static readonly ImageHashAlgorithm[] Only256 = [ImageHashAlgorithm.Sha256];
    private static readonly ImageHashAlgorithm[] Only384 = [ImageHashAlgorithm.Sha384];
    private static readonly ImageHashAlgorithm[] Sha256Or512 = [ImageHashAlgorithm.Sha256, ImageHashAlgorithm.Sha512];

    /// <summary>The signature TLV type for <paramref name="keyType"/>.</summary>
    /// <exception cref="McuBootException">X25519 (<see cref="ErrorCodes.KeyNotForSigning"/>).</exception>
    public static ushort SignatureTlvType(KeyType keyType) => keyType switch
    {
        KeyType.Rsa2048 => TlvRsa2048,
        KeyType.Rsa3072 => TlvRsa3072,
        KeyType.EcdsaP256 or KeyType.EcdsaP384 => TlvEcdsa,
        KeyType.Ed25519 => TlvEd25519,
        KeyType.X25519 => throw SignerErrors.Create(
            ErrorCodes.KeyNotForSigning,
            "X25519 keys are for encryption (-E), not signing; sign with an RSA, ECDSA or Ed25519 key.",
            null),
        _ => throw new ArgumentOutOfRangeException(nameof(keyType)),
    };

    /// <summary>True for the key types that can sign (all but X25519).</summary>
    public static bool CanSign(KeyType keyType) => keyType != KeyType.X25519;

    /// <summary>
    /// <c>--sha auto</c>: SHA-384 for P-384, SHA-512 for <paramref name="pure"/> (Ed25519 <c>--pure</c>), otherwise
    /// SHA-256 (also with no key at all).
    /// </summary>
    public static ImageHashAlgorithm DefaultHash(KeyType? keyType, bool pure = false)
    {
        if (pure)
        {
            return ImageHashAlgorithm.Sha512;
        }

        return keyType == KeyType.EcdsaP384 ? ImageHashAlgorithm.Sha384 : ImageHashAlgorithm.Sha256;
    }

    /// <summary>
    /// The explicit <c>--sha</c> values imgtool accepts for the key used for the choice (§4.2): no key → all;
    /// RSA → 256; P-256 private → 256, P-256 public (only via <c>--fix-sig-pubkey</c>) → 256, 512; P-384 → 384;
    /// Ed25519 and X25519 → 256, 512. (<c>--pure</c> accepts no explicit value at all; callers check that.)
    /// </summary>
    public static IReadOnlyList<ImageHashAlgorithm> AllowedHashes(KeyType? keyType, bool isPublicOnly) => keyType switch
    {
        null => All,
        KeyType.Rsa2048 or KeyType.Rsa3072 => Only256,
        KeyType.EcdsaP256 => isPublicOnly ? Sha256Or512 : Only256,
        KeyType.EcdsaP384 => Only384,
        KeyType.Ed25519 or KeyType.X25519 => Sha256Or512,
        _ => throw new ArgumentOutOfRangeException(nameof(keyType)),
    };
}
