namespace McuBoot.Image;

/// <summary>Trailer-related options (§5.3, §5.4).</summary>
public sealed record TrailerOptions
{
    /// <summary><c>--align</c>: flash write size for the swap status area (1, 2, 4, 8, 16 or 32).</summary>
    public int Align { get; init; } = 1;

    /// <summary><c>--max-align</c>: the bootloader's BOOT_MAX_ALIGN (8, 16 or 32); null means max(8, Align).</summary>
    public int? MaxAlign { get; init; }

    /// <summary><c>-M</c>: BOOT_MAX_IMG_SECTORS.</summary>
    public int MaxSectors { get; init; } = 128;

    /// <summary><c>--overwrite-only</c>: the bootloader has no swap status area.</summary>
    public bool OverwriteOnly { get; init; }

    /// <summary><c>--save-enctlv</c>: the bootloader stores the whole encryption TLV in each key slot.</summary>
    public bool SaveEncTlv { get; init; }
}
