// Structural checks on a layout: partition-layouts-and-manifests.md §A.2 (end_address is redundant,
// share_size), §A.4 "checks" (overlaps), §C lessons 3 and 5, §D #29 (external regions are start_to_end).
using McuBoot.Diagnostics;

namespace McuBoot.Layouts;

/// <summary>Structural lint of a <see cref="PartitionLayout"/> (warnings only; geometry checks live in <see cref="LayoutGeometry"/>).</summary>
public static class LayoutLinter
{
    /// <summary>
    /// Checks <c>end_address</c> against <c>address + size</c>, <c>share_size</c> agreement, containers
    /// covering their span, overlaps between leaf partitions of a region, and packing of external regions.
    /// </summary>
    public static IReadOnlyList<LayoutDiagnostic> Lint(PartitionLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var file = layout.SourcePath;
        var result = new List<LayoutDiagnostic>();

        foreach (var p in layout.Partitions)
        {
            if (p.EndAddress is { } end && end != p.End)
            {
                result.Add(LayoutDiagnostic.Warning(ErrorCodes.LayoutEndAddressMismatch, file, p.LineOf("end_address"),
                    $"'{p.Name}' end_address {LayoutNumber.Hex(end)} contradicts address {LayoutNumber.Hex(p.Address)} + size {LayoutNumber.Hex(p.Size)} = {LayoutNumber.Hex(p.End)}; size is used, fix end_address (or size) so they agree"));
            }

            if (p.ShareSize.Select(layout.Find).FirstOrDefault(t => t is not null) is { } target && target.Size != p.Size)
            {
                result.Add(LayoutDiagnostic.Warning(ErrorCodes.LayoutShareSizeMismatch, file, p.LineOf("size"),
                    $"'{p.Name}' size {LayoutNumber.Hex(p.Size)} differs from '{target.Name}' size {LayoutNumber.Hex(target.Size)} although share_size names it; Partition Manager would use {LayoutNumber.Hex(target.Size)}, make the sizes equal or drop share_size"));
            }

            foreach (var member in p.Span.Select(layout.Find).OfType<LayoutPartition>())
            {
                if (member.Region == p.Region && (member.Address < p.Address || member.End > p.End))
                {
                    result.Add(LayoutDiagnostic.Warning(ErrorCodes.LayoutSpanOutsideContainer, file, p.LineOf("span"),
                        $"'{p.Name}' ({Range(p)}) spans '{member.Name}' ({Range(member)}), which lies outside it; fix the container's address/size or the member's"));
                }
            }
        }

        var regionNames = new HashSet<string>(layout.Regions.Select(r => r.Name), StringComparer.Ordinal);
        foreach (var group in layout.Partitions.GroupBy(p => p.Region))
        {
            // The partition named after its region is PM's free-space remainder (e.g. external_flash, ram_flash, sram_primary).
            var placed = group.Where(p => p.Size > 0 && !regionNames.Contains(p.Name)).ToList();
            var leaves = placed.Where(p => !p.IsContainer).OrderBy(p => p.Address).ThenBy(p => p.Line).ToList();
            for (var i = 0; i < leaves.Count; i++)
            {
                for (var j = i + 1; j < leaves.Count && leaves[j].Address < leaves[i].End; j++)
                {
                    var (first, second) = leaves[i].Line <= leaves[j].Line ? (leaves[i], leaves[j]) : (leaves[j], leaves[i]);
                    result.Add(LayoutDiagnostic.Warning(ErrorCodes.LayoutPartitionsOverlap, file, second.Line,
                        $"'{second.Name}' ({Range(second)}) overlaps '{first.Name}' ({Range(first)}) in region {group.Key}; move or resize one of them unless the overlap is deliberate"));
                }
            }

            if (LayoutRegion.IsExternal(group.Key))
            {
                ulong next = 0;
                foreach (var p in placed.OrderBy(p => p.Address).ThenBy(p => p.Line))
                {
                    if (p.Address > next)
                    {
                        result.Add(LayoutDiagnostic.Warning(ErrorCodes.LayoutExternalNotPacked, file, p.Line,
                            $"static partitions in region {group.Key} are not packed from offset 0: gap {LayoutNumber.Hex(next)}-{LayoutNumber.Hex(p.Address)} before '{p.Name}' (Partition Manager: \"Statically defined partitions are not packed at start of region\"); move '{p.Name}' to {LayoutNumber.Hex(next)} or fill the gap with an EMPTY_n partition"));
                        break;
                    }

                    next = Math.Max(next, p.End);
                }
            }
        }

        return result;
    }

    internal static string Range(LayoutPartition p) => $"{LayoutNumber.Hex(p.Address)}-{LayoutNumber.Hex(p.End)}";
}
