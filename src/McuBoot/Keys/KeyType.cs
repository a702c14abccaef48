namespace McuBoot.Keys;

/// <summary>
/// The key types imgtool 2.4.0 supports (mcuboot-image-format.md §9.1): RSA 2048/3072 (exponent 65537),
/// ECDSA P-256/P-384, Ed25519 (signing) and X25519 (encryption only).
/// </summary>
public enum KeyType
{
    Rsa2048,
    Rsa3072,
    EcdsaP256,
    EcdsaP384,
    Ed25519,
    X25519,
}
