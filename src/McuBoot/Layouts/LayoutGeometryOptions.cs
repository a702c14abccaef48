namespace McuBoot.Layouts;

/// <summary>Facts a layout file does not carry, supplied by the caller (board knowledge).</summary>
public sealed record LayoutGeometryOptions
{
    /// <summary>Defaults: no XIP base, 4 KiB sectors unless the layout says.</summary>
    public static LayoutGeometryOptions Default { get; } = new();

    /// <summary>
    /// QSPI memory-mapped base of external flash (the <c>qspi_mm</c> reg: 0x10000000 on nRF5340, 0x12000000 on
    /// nRF52840); null for plain SPI NOR or unknown. Overrides a region's <c>xip-base</c>.
    /// </summary>
    public uint? XipBase { get; init; }

    /// <summary>Erase sector/page size for the alignment checks; overrides the layout. Default 4 KiB (nRF internal flash).</summary>
    public uint? SectorSize { get; init; }

    /// <summary>The sector size assumed when neither the caller nor the layout gives one.</summary>
    public const uint DefaultSectorSize = 0x1000;
}
