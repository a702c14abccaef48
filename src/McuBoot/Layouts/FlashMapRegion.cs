namespace McuBoot.Layouts;

/// <summary>One memory region (a column of the drawing): its extent, its partitions and its unused gaps.</summary>
/// <param name="Name">Region name (<c>flash_primary</c>, <c>external_flash</c>, <c>ram_flash</c>, <c>sram_primary</c>, ...).</param>
/// <param name="Device">The device, when the layout names it.</param>
/// <param name="Start">First address drawn.</param>
/// <param name="End">One past the last address drawn.</param>
/// <param name="Partitions">Leaf partitions and gaps (<see cref="FlashMapRole.Free"/>) in address order, then containers.</param>
public sealed record FlashMapRegion(string Name, string? Device, ulong Start, ulong End, IReadOnlyList<FlashMapPartition> Partitions)
{
    /// <summary>Bytes drawn.</summary>
    public ulong Span => End - Start;
}
