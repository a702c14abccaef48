// The bootloader's own configuration as the MCUboot Zephyr port's Kconfig names it
// (mcu-tools/mcuboot boot/zephyr/Kconfig: BOOT_SIGNATURE_TYPE_*, BOOT_IMG_HASH_ALG_*, BOOT_SIGNATURE_TYPE_PURE,
// the BOOT_IMAGE_UPGRADE_MODE choice, BOOT_MAX_IMG_SECTORS, BOOT_ENCRYPT_*, BOOT_SIGNATURE_KEY_FILE,
// MCUBOOT_DOWNGRADE_PREVENTION, BOOT_VALIDATE_SLOT0). Read from build/mcuboot/zephyr/.config.
namespace McuBoot.Zephyr;

/// <summary>What the bootloader's <c>.config</c> says about how it validates and installs images.</summary>
public sealed record McuBootKconfig
{
    /// <summary>The <c>.config</c> read.</summary>
    public required KconfigFile File { get; init; }

    /// <summary>Signature type: <c>RSA</c>, <c>ECDSA_P256</c>, <c>ECDSA_P384</c>, <c>ED25519</c>, <c>NONE</c>, or null when not stated.</summary>
    public string? SignatureType { get; init; }

    /// <summary>RSA key length (2048/3072) for <c>RSA</c>.</summary>
    public int? RsaLength { get; init; }

    /// <summary>Image hash: 256, 384 or 512 (<c>BOOT_IMG_HASH_ALG_SHA*</c>); null when not stated (SHA-256).</summary>
    public int? HashBits { get; init; }

    /// <summary>Pure Ed25519 signatures (<c>BOOT_SIGNATURE_TYPE_PURE</c>).</summary>
    public bool Pure { get; init; }

    /// <summary>The upgrade mode the bootloader was built with.</summary>
    public ZephyrBootMode Mode { get; init; }

    /// <summary><c>BOOT_MAX_IMG_SECTORS</c>, or null with <c>BOOT_MAX_IMG_SECTORS_AUTO</c> / absent.</summary>
    public int? MaxSectors { get; init; }

    /// <summary>Images are encrypted (<c>BOOT_ENCRYPT_IMAGE</c>).</summary>
    public bool Encrypted { get; init; }

    /// <summary>Encryption key type: <c>RSA</c>, <c>EC256</c>, <c>X25519</c>, or null.</summary>
    public string? EncryptionType { get; init; }

    /// <summary>AES-256 image encryption (<c>BOOT_ENCRYPT_ALG_AES_256</c>).</summary>
    public bool Aes256 { get; init; }

    /// <summary>The key file the bootloader embeds (<c>BOOT_SIGNATURE_KEY_FILE</c>), as written.</summary>
    public string? KeyFile { get; init; }

    /// <summary>The primary slot is validated on every boot (<c>BOOT_VALIDATE_SLOT0</c>).</summary>
    public bool ValidatePrimarySlot { get; init; }

    /// <summary>Downgrade prevention (<c>MCUBOOT_DOWNGRADE_PREVENTION</c>).</summary>
    public bool DowngradePrevention { get; init; }

    /// <summary>Hardware downgrade prevention with a security counter (<c>MCUBOOT_HW_DOWNGRADE_PREVENTION</c>).</summary>
    public bool HardwareDowngradePrevention { get; init; }

    /// <summary>The full public key is in the image instead of its hash (<c>BOOT_HW_KEY</c>).</summary>
    public bool HardwareKey { get; init; }

    /// <summary>Reads the settings from a bootloader <c>.config</c>.</summary>
    public static McuBootKconfig From(KconfigFile config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string? sig = null;
        foreach (var t in new[] { "NONE", "RSA", "ECDSA_P256", "ECDSA_P384", "ED25519" })
        {
            if (config.IsEnabled("CONFIG_BOOT_SIGNATURE_TYPE_" + t))
            {
                sig = t;
            }
        }

        if (sig is null && config.IsEnabled("CONFIG_BOOT_SIGNATURE_TYPE_ECDSA"))
        {
            sig = "ECDSA_P256";
        }

        int? hash = config.IsEnabled("CONFIG_BOOT_IMG_HASH_ALG_SHA512") ? 512
            : config.IsEnabled("CONFIG_BOOT_IMG_HASH_ALG_SHA384") ? 384
            : config.IsEnabled("CONFIG_BOOT_IMG_HASH_ALG_SHA256") ? 256 : null;
        string? enc = config.IsEnabled("CONFIG_BOOT_ENCRYPT_RSA") ? "RSA"
            : config.IsEnabled("CONFIG_BOOT_ENCRYPT_EC256") ? "EC256"
            : config.IsEnabled("CONFIG_BOOT_ENCRYPT_X25519") ? "X25519" : null;
        return new McuBootKconfig
        {
            File = config,
            SignatureType = sig,
            RsaLength = config.Number("CONFIG_BOOT_SIGNATURE_TYPE_RSA_LEN") is long len ? (int)len : null,
            HashBits = hash,
            Pure = config.IsEnabled("CONFIG_BOOT_SIGNATURE_TYPE_PURE"),
            Mode = ModeOf(config),
            MaxSectors = config.IsEnabled("CONFIG_BOOT_MAX_IMG_SECTORS_AUTO") ? null : config.Number("CONFIG_BOOT_MAX_IMG_SECTORS") is long s ? (int)s : null,
            Encrypted = config.IsEnabled("CONFIG_BOOT_ENCRYPT_IMAGE") || enc is not null,
            EncryptionType = enc,
            Aes256 = config.IsEnabled("CONFIG_BOOT_ENCRYPT_ALG_AES_256"),
            KeyFile = config.String("CONFIG_BOOT_SIGNATURE_KEY_FILE"),
            ValidatePrimarySlot = config.IsEnabled("CONFIG_BOOT_VALIDATE_SLOT0"),
            DowngradePrevention = config.IsEnabled("CONFIG_MCUBOOT_DOWNGRADE_PREVENTION"),
            HardwareDowngradePrevention = config.IsEnabled("CONFIG_MCUBOOT_HW_DOWNGRADE_PREVENTION"),
            HardwareKey = config.IsEnabled("CONFIG_BOOT_HW_KEY"),
        };
    }

    /// <summary>The symbol that decided <see cref="Mode"/> (for provenance), or null.</summary>
    public string? ModeSymbol => ModeSymbols.FirstOrDefault(m => File.IsEnabled(m.Symbol)).Symbol;

    // Order matters: BOOT_UPGRADE_ONLY wins over a BOOT_PREFER_SWAP_MOVE left in the file (Botz-Limited build).
    private static readonly (string Symbol, ZephyrBootMode Mode)[] ModeSymbols =
    [
        ("CONFIG_SINGLE_APPLICATION_SLOT_RAM_LOAD", ZephyrBootMode.SingleAppRamLoad),
        ("CONFIG_SINGLE_APPLICATION_SLOT", ZephyrBootMode.SingleApp),
        ("CONFIG_BOOT_FIRMWARE_LOADER", ZephyrBootMode.FirmwareUpdater),
        ("CONFIG_BOOT_UPGRADE_ONLY", ZephyrBootMode.OverwriteOnly),
        ("CONFIG_BOOT_DIRECT_XIP_REVERT", ZephyrBootMode.DirectXipWithRevert),
        ("CONFIG_BOOT_DIRECT_XIP", ZephyrBootMode.DirectXip),
        ("CONFIG_BOOT_RAM_LOAD_REVERT", ZephyrBootMode.RamLoadWithRevert),
        ("CONFIG_BOOT_RAM_LOAD", ZephyrBootMode.RamLoad),
        ("CONFIG_BOOT_SWAP_USING_OFFSET", ZephyrBootMode.SwapOffset),
        ("CONFIG_BOOT_SWAP_USING_MOVE", ZephyrBootMode.SwapMove),
        ("CONFIG_BOOT_SWAP_USING_SCRATCH", ZephyrBootMode.SwapScratch),
    ];

    private static ZephyrBootMode ModeOf(KconfigFile config)
        => ModeSymbols.FirstOrDefault(m => config.IsEnabled(m.Symbol)).Mode;
}
