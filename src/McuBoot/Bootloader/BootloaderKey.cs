// Keys as bootutil holds them: bootutil_keys[] in boot/zephyr/keys.c (the bytes imgtool getpub writes, PKCS#1 for RSA,
// SubjectPublicKeyInfo otherwise), matched by bootutil_find_key.c:bootutil_find_key (mcuboot-acceptance-rules.md §5).
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Bootloader;

/// <summary>
/// One public key embedded in the bootloader (an entry of bootutil's <c>bootutil_keys[]</c>): its type and the exact
/// bytes MCUboot hashes for the KEYHASH comparison (mcuboot-image-format.md §4.5).
/// </summary>
/// <param name="KeyType">The key type.</param>
/// <param name="PublicKeyBytes">PKCS#1 <c>RSAPublicKey</c> DER for RSA, SubjectPublicKeyInfo DER for EC and Ed25519.</param>
/// <param name="Source">Where the key came from (a key file, a bootloader binary, an option), for messages.</param>
public sealed record BootloaderKey(KeyType KeyType, byte[] PublicKeyBytes, string Source)
{
    /// <summary>The key's hash with <paramref name="algorithm"/>, as <c>bootutil_find_key</c> computes it.</summary>
    public byte[] KeyHash(ImageHashAlgorithm algorithm) => algorithm.Hash(PublicKeyBytes);

    /// <summary>The public half of a loaded key.</summary>
    public static BootloaderKey FromKey(McuBootKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new BootloaderKey(key.Type, key.GetPublicKeyBytes(), key.SourcePath ?? $"the in-memory {key.ShortName} key");
    }

    /// <summary>The signature type a bootloader built for this key verifies.</summary>
    public BootloaderSignatureType SignatureType => KeyType switch
    {
        KeyType.Rsa2048 => BootloaderSignatureType.Rsa2048,
        KeyType.Rsa3072 => BootloaderSignatureType.Rsa3072,
        KeyType.EcdsaP256 => BootloaderSignatureType.EcdsaP256,
        KeyType.EcdsaP384 => BootloaderSignatureType.EcdsaP384,
        KeyType.Ed25519 => BootloaderSignatureType.Ed25519,
        _ => BootloaderSignatureType.None,
    };

    /// <summary>
    /// Loads the key bytes as a verifier. The caller disposes the returned key after use.
    /// </summary>
    /// <exception cref="Diagnostics.McuBootException">The bytes are not a signing key.</exception>
    internal (McuBootKey Key, ISignatureVerifier Verifier) OpenVerifier()
    {
        string label = KeyType is KeyType.Rsa2048 or KeyType.Rsa3072 ? "RSA PUBLIC KEY" : "PUBLIC KEY";
        var key = KeyLoader.LoadPem(PemText.Write(label, PublicKeyBytes), Source);
        try
        {
            return (key, SignerFactory.CreateVerifier(key));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
