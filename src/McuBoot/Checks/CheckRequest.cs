using McuBoot.Keys;

namespace McuBoot.Checks;

/// <summary>What <see cref="ImageChecker.Check"/> looks at. Only <see cref="ImagePath"/> is required; every other input adds checks.</summary>
public sealed record CheckRequest
{
    /// <summary>The signed image: .bin, .hex or ELF.</summary>
    public required string ImagePath { get; init; }

    /// <summary>The bootloader (MCUboot) build: .bin, .hex or ELF; enables the key checks against the keys it embeds.</summary>
    public string? BootloaderPath { get; init; }

    /// <summary>A partition layout (Partition Manager YAML or mcuboot-layout); enables header-size, slot-size and address checks.</summary>
    public string? LayoutPath { get; init; }

    /// <summary>The image index in the layout (0 = application).</summary>
    public int ImageIndex { get; init; }

    /// <summary>The key the image should be signed with (public or private PEM); the image's key TLV and signature are checked against it.</summary>
    public string? KeyPath { get; init; }

    /// <summary>Supplies the password of an encrypted <see cref="KeyPath"/>.</summary>
    public IPasswordProvider? Passwords { get; init; }

    /// <summary>The bootloader is overwrite-only (MCUBOOT_OVERWRITE_ONLY, Zephyr CONFIG_BOOT_UPGRADE_ONLY): no revert, smaller trailer.</summary>
    public bool OverwriteOnly { get; init; }

    /// <summary>
    /// Flash write size for the trailer's status area (imgtool <c>--align</c>); null: the layout's, else 4 with a layout (the
    /// nRF52/53/91 write-block-size, as <c>sign --layout</c> assumes) and 1 (imgtool's default) without.
    /// </summary>
    public int? Align { get; init; }

    /// <summary>The bootloader's BOOT_MAX_ALIGN (8, 16, 32); null: max(8, align). Also checked against a padded image's trailer magic.</summary>
    public int? MaxAlign { get; init; }

    /// <summary>BOOT_MAX_IMG_SECTORS (imgtool <c>-M</c>); default 128.</summary>
    public int MaxSectors { get; init; } = 128;

    /// <summary>
    /// Start of a RAM the device has (<c>--ram-start</c>), for the stack-pointer check. Without any known RAM the initial
    /// stack pointer only has to lie in the Cortex-M RAM regions (<see cref="ArmMemoryMap"/>); with known RAM, a stack
    /// pointer in those regions but outside every known RAM is a warning, and one in known RAM is always accepted.
    /// </summary>
    public uint? RamStart { get; init; }

    /// <summary>Size of the RAM at <see cref="RamStart"/>; null: 0x10000000.</summary>
    public uint? RamSize { get; init; }

    /// <summary>Further RAM the build names (devicetree <c>zephyr,sram</c> and memory nodes); the layout's <c>sram_primary</c> is added automatically.</summary>
    public IReadOnlyList<RamRange> KnownRam { get; init; } = [];

    /// <summary>Skip the ARM Cortex-M vector-table plausibility check (for other architectures).</summary>
    public bool SkipVectorTable { get; init; }

    /// <summary>The measured-boot limit for the BOOT_RECORD TLV (Zephyr CONFIG_MEASURED_BOOT_MAX_CBOR_SIZE, default 64).</summary>
    public int MaxBootRecordSize { get; init; } = 64;

    /// <summary>
    /// The bootloader's configuration when a build folder gives it (<c>McuBoot.Zephyr.ZephyrCheckRequest.Apply</c> fills it
    /// from the bootloader's .config and devicetree); <see cref="Mode"/>, <see cref="SlotSize"/>, <see cref="SectorSize"/>,
    /// <see cref="UseTlvAllowList"/>, <see cref="BootloaderHash"/>, <see cref="Pure"/>, <see cref="MaxAlign"/> and the key
    /// override it, while <see cref="Align"/>, <see cref="MaxSectors"/> and <see cref="OverwriteOnly"/> then describe only
    /// the trailer imgtool wrote (fold explicit values into this configuration instead). Null: MCUboot's Zephyr defaults
    /// are assumed (see <see cref="CheckReport.Bootloader"/>).
    /// </summary>
    public McuBoot.Bootloader.BootloaderConfig? Bootloader { get; init; }

    /// <summary>The bootloader's upgrade mode (<c>--mode</c>); null: the configuration's, else swap-move (assumed), overwrite-only with <see cref="OverwriteOnly"/>.</summary>
    public McuBoot.Bootloader.UpgradeMode? Mode { get; init; }

    /// <summary>The slot size (<c>--slot-size</c>); null: the layout's, else the size limit is not checked.</summary>
    public long? SlotSize { get; init; }

    /// <summary>The flash sector (erase) size (<c>--sector-size</c>); null: 4 KiB (assumed).</summary>
    public int? SectorSize { get; init; }

    /// <summary>False for a bootloader built without MCUBOOT_USE_TLV_ALLOW_LIST (<c>--no-allow-list</c>).</summary>
    public bool? UseTlvAllowList { get; init; }

    /// <summary>The bootloader's image hash (<c>--sha</c>); null: the image's, if the key type allows it.</summary>
    public McuBoot.Image.ImageHashAlgorithm? BootloaderHash { get; init; }

    /// <summary>A pure-signature bootloader (<c>--pure</c>).</summary>
    public bool? Pure { get; init; }

    /// <summary>
    /// The version of the image installed in the primary slot (<c>--current-version</c>): the bootloader has downgrade
    /// prevention (MCUBOOT_DOWNGRADE_PREVENTION) and an older update is refused; null: not checked.
    /// </summary>
    public McuBoot.Image.ImageVersion? CurrentVersion { get; init; }

    /// <summary>The versions of the other images (<c>--image-version ID=VER</c>) for the image's DEPENDENCY TLVs; empty: not checked.</summary>
    public IReadOnlyDictionary<int, McuBoot.Image.ImageVersion> ImageVersions { get; init; } = new Dictionary<int, McuBoot.Image.ImageVersion>();

    /// <summary>MCUBOOT_VERSION_CMP_USE_BUILD_NUMBER (<c>--version-cmp-build-number</c>): version comparisons include the build number.</summary>
    public bool VersionCompareUsesBuildNumber { get; init; }
}
