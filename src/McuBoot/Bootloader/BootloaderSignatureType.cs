namespace McuBoot.Bootloader;

/// <summary>
/// The one signature type a bootloader build verifies (<c>MCUBOOT_SIGN_*</c>, Zephyr <c>BOOT_SIGNATURE_TYPE_*</c>); it
/// fixes <c>EXPECTED_SIG_TLV</c> and <c>EXPECTED_SIG_LEN</c> in <c>image_validate.c</c>.
/// </summary>
public enum BootloaderSignatureType
{
    /// <summary><c>BOOT_SIGNATURE_TYPE_NONE</c>: no signature checked, the hash TLV alone decides.</summary>
    None,

    /// <summary><c>MCUBOOT_SIGN_RSA</c>, <c>MCUBOOT_SIGN_RSA_LEN</c> 2048: TLV 0x20, exactly 256 bytes.</summary>
    Rsa2048,

    /// <summary><c>MCUBOOT_SIGN_RSA</c>, <c>MCUBOOT_SIGN_RSA_LEN</c> 3072: TLV 0x23, exactly 384 bytes.</summary>
    Rsa3072,

    /// <summary><c>MCUBOOT_SIGN_EC256</c>: TLV 0x22, at most 128 bytes.</summary>
    EcdsaP256,

    /// <summary><c>MCUBOOT_SIGN_EC384</c>: TLV 0x22, SHA-384 image hash.</summary>
    EcdsaP384,

    /// <summary><c>MCUBOOT_SIGN_ED25519</c>: TLV 0x24, exactly 64 bytes.</summary>
    Ed25519,
}
