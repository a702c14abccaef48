using McuBoot.Image;

namespace McuBoot.BootloaderKeys;

/// <summary>How the bootloader verifies images signed with the key: hash, pure signatures, hardware key.</summary>
public sealed record BootloaderKeyOptions
{
    /// <summary>The image hash algorithm (imgtool <c>--sha</c>); null = auto (SHA-384 for P-384, SHA-512 for pure, else SHA-256).</summary>
    public ImageHashAlgorithm? Hash { get; init; }

    /// <summary>Pure Ed25519 signatures over the whole image (imgtool <c>--pure</c>, Kconfig BOOT_SIGNATURE_TYPE_PURE).</summary>
    public bool Pure { get; init; }

    /// <summary>The bootloader reads a provisioned key hash instead of a built-in key (MCUBOOT_HW_KEY, Kconfig BOOT_HW_KEY).</summary>
    public bool HardwareKey { get; init; }

    /// <summary>Write the nRF Connect SDK sysbuild symbols for the hash and pure settings (sdk-nrf sysbuild/Kconfig.mcuboot), which upstream Zephyr lacks.</summary>
    public bool NrfConnectSdk { get; init; }
}
