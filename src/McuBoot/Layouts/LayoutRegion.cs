namespace McuBoot.Layouts;

/// <summary>A memory region of a layout (<c>flash_primary</c>, <c>external_flash</c>, <c>ram_flash</c>, ...).</summary>
/// <param name="Name">Region name.</param>
/// <param name="Device">Device of the region (first device named by one of its partitions, or declared), if any.</param>
/// <param name="SectorSize">Erase sector/page size, when the layout says (mcuboot-layout schema); null = SoC default.</param>
/// <param name="XipBase">CPU address at which the region's device is memory-mapped (QSPI XIP), when known.</param>
public sealed record LayoutRegion(string Name, string? Device = null, uint? SectorSize = null, uint? XipBase = null)
{
    /// <summary>The default region of Partition Manager partitions without a <c>region</c> key.</summary>
    public const string FlashPrimary = "flash_primary";

    /// <summary>The external flash region (addresses are offsets inside the external device).</summary>
    public const string ExternalFlash = "external_flash";

    /// <summary>nRF5340 RAM used as fake flash to hand the network-core image over.</summary>
    public const string RamFlash = "ram_flash";

    /// <summary>The primary SRAM region.</summary>
    public const string SramPrimary = "sram_primary";

    /// <summary>True for regions whose addresses are offsets in an external device.</summary>
    public static bool IsExternal(string region) =>
        region.StartsWith("external", StringComparison.OrdinalIgnoreCase);
}
