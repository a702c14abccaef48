// How Zephyr/NCS builds locate flash partitions in devicetree (zephyr-build-geometry.md §12):
// old style fixed-partitions / nested fixed-subpartitions (sdk-nrf cmake/sysbuild/bootloader_dts_utils.cmake
// dt_partition_addr: partition offset + parent sub-partition offset + memory reg base), the new
// zephyr,mapped-partition style (zephyr dts/bindings/mtd/zephyr,mapped-partition.yaml: translated through `ranges`),
// external SPI/QSPI NOR slots (offsets in the chip; nordic,qspi-nor memory-mapped through the controller's qspi_mm),
// and write-block-size / erase-block-size of the zephyr,flash node (zephyr cmake/mcuboot.cmake L62-70).
using McuBoot.Devicetree;

namespace McuBoot.Zephyr;

/// <summary>Finds partitions and flash properties in a devicetree as the Zephyr and NCS build scripts do.</summary>
public static class DevicetreeFlash
{
    /// <summary>The partition labelled <paramref name="label"/>, or null when no node has the label.</summary>
    public static DevicetreePartition? Partition(DtsDocument doc, string label)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var node = doc.FindLabel(label);
        return node is null ? null : Partition(doc, node, label);
    }

    /// <summary>The partition at <paramref name="node"/>, or null when it has no usable <c>reg</c>.</summary>
    public static DevicetreePartition? Partition(DtsDocument doc, DtsNode node, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(node);
        var reg = node.Reg;
        if (reg.Count == 0)
        {
            return null;
        }

        ulong offset = reg[0].Address;
        var p = node.Parent;
        while (p is not null && IsPartitionContainer(p))
        {
            offset = Translate(p, offset);
            p = p.Parent;
        }

        if (p is null)
        {
            return null;
        }

        var memory = p;
        ulong baseAddress = memory.Reg.Count > 0 ? memory.Reg[0].Address : 0;
        var flash = doc.Chosen("zephyr,flash");
        bool external = memory != flash && !memory.IsCompatible("soc-nv-flash") && !memory.IsCompatible("zephyr,memory-region");
        ulong? xip = null;
        if (external && memory.Parent is { } controller && controller.Property("reg-names")?.Strings is { } names)
        {
            int mm = names.ToList().IndexOf("qspi_mm");
            var regs = controller.Reg;
            if (mm >= 0 && mm < regs.Count)
            {
                xip = regs[mm].Address + offset;
            }
        }

        return new DevicetreePartition
        {
            Node = node,
            Label = label ?? node.Labels.FirstOrDefault() ?? node.Name,
            Offset = offset,
            Size = reg[0].Size,
            Memory = memory,
            Absolute = baseAddress + offset,
            IsExternal = external,
            XipAddress = xip,
        };
    }

    /// <summary>
    /// True for a node that only groups or nests partitions: <c>fixed-partitions</c>, <c>fixed-subpartitions</c>,
    /// a <c>zephyr,mapped-partition</c>, or a compatible-less grouping node without <c>reg</c> (the new style's <c>partitions { ranges; }</c>).
    /// </summary>
    public static bool IsPartitionContainer(DtsNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.IsCompatible("fixed-partitions") || node.IsCompatible("fixed-subpartitions") || node.IsCompatible("zephyr,mapped-partition")
               || (node.Compatible.Count == 0 && !node.Has("reg") && node.Parent is not null && node.Parent.Parent is not null);
    }

    /// <summary>
    /// The <c>write-block-size</c> of a memory node (Zephyr: imgtool <c>--align</c> from the <c>zephyr,flash</c> node), with
    /// its property; null when absent.
    /// </summary>
    public static DtsProperty? WriteBlockSize(DtsNode memory) => memory?.Property("write-block-size");

    /// <summary>The <c>erase-block-size</c> property of a memory node, or null.</summary>
    public static DtsProperty? EraseBlockSize(DtsNode memory) => memory?.Property("erase-block-size");

    /// <summary>The address of the first <c>reg</c> entry of <paramref name="node"/> (e.g. <c>zephyr,sram</c> for <c>--load-addr</c>).</summary>
    public static ulong? RegAddress(DtsNode? node) => node?.Reg is { Count: > 0 } reg ? reg[0].Address : null;

    // Address of a child of `container` expressed in the container's parent: through `ranges` when it has entries,
    // identity for `ranges;`; without `ranges` a sub-partition adds its own offset (bootloader_dts_utils.cmake) and
    // a plain fixed-partitions container adds nothing.
    private static ulong Translate(DtsNode container, ulong address)
    {
        var ranges = container.Property("ranges");
        if (ranges is not null)
        {
            if (ranges.IsEmpty)
            {
                return address;
            }

            var cells = ranges.Cells;
            int childAc = container.AddressCells, sizeC = container.SizeCells, parentAc = container.Parent?.AddressCells ?? 1;
            int width = childAc + parentAc + sizeC;
            if (width > 0 && cells.Count % width == 0 && cells.All(c => !c.IsReference))
            {
                for (int i = 0; i < cells.Count; i += width)
                {
                    ulong child = Join(cells, i, childAc), parent = Join(cells, i + childAc, parentAc), length = Join(cells, i + childAc + parentAc, sizeC);
                    if (address >= child && address - child < length)
                    {
                        return parent + (address - child);
                    }
                }
            }

            return address;
        }

        return container.Reg is { Count: > 0 } reg ? reg[0].Address + address : address;
    }

    private static ulong Join(IReadOnlyList<DtsCell> cells, int start, int count)
    {
        ulong value = 0;
        for (int i = 0; i < count; i++)
        {
            value = (value << 32) | (cells[start + i].Number & 0xFFFF_FFFF);
        }

        return value;
    }
}
