using McuBoot.Keys;

namespace McuBoot.Checks;

/// <summary>One of the key pairs published in the MCUboot repository for development and tests.</summary>
/// <param name="Name">The file name in the MCUboot repository root, e.g. <c>root-ec-p256.pem</c>.</param>
/// <param name="KeyType">The key type.</param>
/// <param name="IsEncryptionKey">True for the <c>enc-*</c> image-encryption keys, false for the <c>root-*</c> signing keys.</param>
/// <param name="PublicKeyBytes">The public-key bytes of mcuboot-image-format.md §4.5 (PKCS#1 for RSA, SPKI otherwise).</param>
/// <param name="Sha256">SHA-256 of <paramref name="PublicKeyBytes"/>, lower-case hex (what <c>getpubhash</c> prints).</param>
/// <param name="Source">Where the bytes were taken from (repository and path).</param>
public sealed record DevelopmentKey(string Name, KeyType KeyType, bool IsEncryptionKey, byte[] PublicKeyBytes, string Sha256, string Source);
