using McuBoot.Image;

namespace McuBoot.Bootloader;

/// <summary>
/// The bootloader settings a user (CLI options, MSBuild properties) or a build folder gives explicitly; null means "not
/// given". <see cref="BootloaderConfigResolver"/> turns them into a <see cref="BootloaderConfig"/>, assuming MCUboot's
/// Zephyr defaults for the rest and saying so.
/// </summary>
public sealed record BootloaderOptions
{
    /// <summary>A configuration read from a build folder; the other options override it.</summary>
    public BootloaderConfig? Base { get; init; }

    /// <summary>The bootloader's keys (<c>-k</c>, several allowed; the first picks the signature type).</summary>
    public IReadOnlyList<BootloaderKey> Keys { get; init; } = [];

    /// <summary><c>--mode</c>.</summary>
    public UpgradeMode? Mode { get; init; }

    /// <summary><c>--overwrite-only</c> (the same as <c>--mode overwrite-only</c>).</summary>
    public bool OverwriteOnly { get; init; }

    /// <summary><c>--slot-size</c> (primary; the secondary is the same unless given).</summary>
    public long? SlotSize { get; init; }

    /// <summary>The secondary slot size, when it differs.</summary>
    public long? SecondarySlotSize { get; init; }

    /// <summary><c>--sector-size</c>.</summary>
    public int? SectorSize { get; init; }

    /// <summary><c>--align</c>: the flash write size.</summary>
    public int? WriteAlignment { get; init; }

    /// <summary><c>--max-align</c>: BOOT_MAX_ALIGN.</summary>
    public int? MaxAlign { get; init; }

    /// <summary><c>--max-sectors</c>: BOOT_MAX_IMG_SECTORS.</summary>
    public int? MaxImageSectors { get; init; }

    /// <summary><c>--no-allow-list</c> gives false.</summary>
    public bool? UseTlvAllowList { get; init; }

    /// <summary><c>--sha</c>: the bootloader's image hash.</summary>
    public ImageHashAlgorithm? HashAlgorithm { get; init; }

    /// <summary><c>--pure</c>: a pure-signature bootloader.</summary>
    public bool? Pure { get; init; }

    /// <summary><c>--public-key-format full</c>: an MCUBOOT_HW_KEY bootloader; <c>builtin</c>: MCUBOOT_BUILTIN_KEY.</summary>
    public KeyTlvKind? KeyTlv { get; init; }

    /// <summary><c>--security-counter</c>: the stored counter of a bootloader with hardware rollback protection.</summary>
    public uint? StoredSecurityCounter { get; init; }
}
