namespace McuBoot.Checks;

/// <summary>A RAM the build says the device has (a layout's <c>sram_primary</c>, <c>--ram-start/--ram-size</c>, a devicetree memory node).</summary>
/// <param name="Start">First byte.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Source">Where it came from, for messages (e.g. "sram_primary of pm_static.yml").</param>
public sealed record RamRange(ulong Start, ulong Size, string Source)
{
    /// <summary>One past the last byte.</summary>
    public ulong End => Start + Size;

    /// <summary>True when a full-descending stack can start at <paramref name="stackPointer"/>: inside, or exactly at the end (the top of the stack).</summary>
    public bool HoldsStackPointer(uint stackPointer) => stackPointer >= Start && stackPointer <= End;

    /// <inheritdoc/>
    public override string ToString() => $"0x{Start:x8}..0x{End:x8} ({Source})";
}
