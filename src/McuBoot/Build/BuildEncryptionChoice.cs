namespace McuBoot.Build;

/// <summary>The image encryption a build folder's bootloader expects (see <see cref="BuildEncryptionKey.Choose"/>).</summary>
/// <param name="KeyPath">The encryption key file to encrypt for (public or private PEM; imgtool <c>-E</c>).</param>
/// <param name="Aes256">AES-256 (<c>CONFIG_BOOT_ENCRYPT_ALG_AES_256</c>) instead of AES-128.</param>
/// <param name="HmacSha512">ECIES-X25519 with HMAC-SHA512 (<c>CONFIG_BOOT_HMAC_SHA512</c>).</param>
public sealed record BuildEncryptionChoice(string KeyPath, bool Aes256, bool HmacSha512);
