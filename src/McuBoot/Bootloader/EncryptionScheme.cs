namespace McuBoot.Bootloader;

/// <summary>The image-encryption key transport a bootloader build understands (<c>MCUBOOT_ENCRYPT_*</c>, <c>BOOT_ENC_TLV</c>).</summary>
public enum EncryptionScheme
{
    /// <summary>No <c>MCUBOOT_ENC_IMAGES</c>: an encrypted flag makes the header invalid.</summary>
    None,

    /// <summary><c>MCUBOOT_ENCRYPT_RSA</c>: ENC_RSA2048 (0x30), RSA-OAEP.</summary>
    Rsa,

    /// <summary><c>MCUBOOT_ENCRYPT_KW</c>: ENC_KW (0x31), AES key wrap.</summary>
    AesKeyWrap,

    /// <summary><c>MCUBOOT_ENCRYPT_EC256</c>: ENC_EC256 (0x32), ECIES-P256.</summary>
    EcdhP256,

    /// <summary><c>MCUBOOT_ENCRYPT_X25519</c>: ENC_X25519 (0x33), or ENC_X25519_SHA512 (0x34) with <c>MCUBOOT_HMAC_SHA512</c>.</summary>
    X25519,
}
