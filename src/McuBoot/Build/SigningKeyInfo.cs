using McuBoot.Keys;

namespace McuBoot.Build;

/// <summary>The key a job signed with, for logs and the manifest (never key material).</summary>
/// <param name="Spec">The key specification as given.</param>
/// <param name="Path">Absolute path of the key file, or null for a <c>scheme:</c> key.</param>
/// <param name="KeyType">The key type.</param>
/// <param name="PublicKeyHash">SHA-256 of the public key bytes (the KEYHASH TLV of SHA-256 images; what MCUboot compares with its built-in key), lower-case hex.</param>
public sealed record SigningKeyInfo(string Spec, string? Path, KeyType KeyType, string PublicKeyHash);
