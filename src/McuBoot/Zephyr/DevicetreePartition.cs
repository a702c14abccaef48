using McuBoot.Devicetree;

namespace McuBoot.Zephyr;

/// <summary>
/// A flash partition of a devicetree with its place in its memory device: the offset in the device (what Partition
/// Manager and MCUboot call the address), the CPU address (device <c>reg</c> base + offset, as sdk-nrf
/// <c>dt_partition_addr(... ABSOLUTE)</c> computes it) and, for external QSPI NOR, the memory-mapped (XIP) address.
/// </summary>
public sealed record DevicetreePartition
{
    /// <summary>The partition node.</summary>
    public required DtsNode Node { get; init; }

    /// <summary>The label it was looked up by (<c>slot0_partition</c>), or its first label.</summary>
    public required string Label { get; init; }

    /// <summary>Offset inside the memory device (parent sub-partitions and <c>ranges</c> applied).</summary>
    public required ulong Offset { get; init; }

    /// <summary>Size in bytes (the second <c>reg</c> value).</summary>
    public required ulong Size { get; init; }

    /// <summary>The memory device node holding the partition (<c>flash@0</c>, <c>rram@0</c>, <c>mx25r6435f@0</c>).</summary>
    public required DtsNode Memory { get; init; }

    /// <summary>Device base (<c>reg</c> address of <see cref="Memory"/>; the chip select for an SPI/QSPI NOR) + <see cref="Offset"/>.</summary>
    public required ulong Absolute { get; init; }

    /// <summary>True when the memory device is not the SoC's own flash (<c>zephyr,flash</c> / <c>soc-nv-flash</c>).</summary>
    public required bool IsExternal { get; init; }

    /// <summary>CPU address through the QSPI controller's memory-mapped window (<c>qspi_mm</c>), when there is one.</summary>
    public ulong? XipAddress { get; init; }

    /// <summary>The line of the partition's <c>reg</c> in the parsed devicetree.</summary>
    public int Line => Node.Property("reg")?.Line ?? Node.Line;

    /// <summary>True when <paramref name="address"/> (absolute) lies inside the partition.</summary>
    public bool Contains(ulong address) => address >= Absolute && address < Absolute + Size;

    /// <inheritdoc />
    public override string ToString() => $"{Label} 0x{Absolute:x}+0x{Size:x} ({Memory.Path})";
}
