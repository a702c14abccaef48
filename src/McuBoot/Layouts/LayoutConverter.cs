// `layout convert`: migration off Partition Manager (issue 9 item 4). The devicetree mapping is in PartitionManagerToDts;
// the mcuboot-layout output is McuBootLayoutWriter over the derived geometry, plus the partitions that are no slot.
using McuBoot.Diagnostics;

namespace McuBoot.Layouts;

/// <summary>Converts a partition layout file to a devicetree overlay or to the mcuboot-layout schema.</summary>
public static class LayoutConverter
{
    /// <summary>Reads <paramref name="path"/> and converts it to <paramref name="format"/>.</summary>
    /// <exception cref="McuBootException">The file is missing (MCUB6001), unusable (MCUB6304), not Partition Manager for an
    /// overlay (MCUB6302), or yields nothing to write (MCUB6301).</exception>
    public static LayoutConversion Convert(string path, LayoutConvertFormat format, DtsOverlayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var read = LayoutReader.Load(path);
        var error = read.Diagnostics.FirstOrDefault(d => d.IsError);
        if (read.Layout is null || error is not null)
        {
            throw new McuBootException(ErrorCodes.LayoutConvertUnusableLayout,
                $"{Path.GetFullPath(path)} is not converted: {error?.Message ?? "it holds no partitions"} ({error?.Code ?? ErrorCodes.LayoutNoPartitions}); fix the layout (dotnet mcuboot layout show FILE lists every problem).",
                Path.GetFullPath(path)) { Line = error?.Line ?? 0 };
        }

        return Convert(read.Layout, format, options);
    }

    /// <summary>Converts an already read layout.</summary>
    /// <exception cref="McuBootException">See <see cref="Convert(string, LayoutConvertFormat, DtsOverlayOptions?)"/>.</exception>
    public static LayoutConversion Convert(PartitionLayout layout, LayoutConvertFormat format, DtsOverlayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return format switch
        {
            LayoutConvertFormat.DtsOverlay => PartitionManagerToDts.Convert(layout, options),
            _ => ToMcuBootLayout(layout),
        };
    }

    private static LayoutConversion ToMcuBootLayout(PartitionLayout layout)
    {
        var derived = LayoutGeometry.Derive(layout);
        var error = derived.Diagnostics.FirstOrDefault(d => d.IsError);
        if (derived.Images.Count == 0 || error is not null)
        {
            throw new McuBootException(ErrorCodes.LayoutConvertNoGeometry,
                $"{layout.SourcePath} gives no complete MCUboot geometry to write: {error?.Message ?? "no image"}; fix the layout (dotnet mcuboot layout show FILE) or convert the build's partitions.yml.",
                layout.SourcePath) { Line = error?.Line ?? 0 };
        }

        var slots = derived.Images
            .SelectMany(i => new[] { (i.PrimaryRegion, (ulong)i.PrimaryAddress, (ulong)i.PrimaryAddress + i.PrimarySize) }
                .Concat(i.SecondaryAddress is uint sa && i.SecondarySize is uint ss ? [(i.SecondaryRegion ?? LayoutRegion.FlashPrimary, (ulong)sa, (ulong)sa + ss)] : []))
            .ToList();
        var keep = layout.Partitions
            .Where(p => !p.IsContainer && p.Size > 0)
            .Where(p => !slots.Any(s => s.Item1 == p.Region && p.Address < s.Item3 && p.End > s.Item2))
            .Where(p => !IsSlotName(p.Name))
            .ToList();
        string comment = $"converted from {Path.GetFileName(layout.SourcePath)} by dotnet mcuboot layout convert";
        string text = McuBootLayoutWriter.Write(derived.Images, layout.WriteAlignment, layout.EraseValue, layout.SectorSize, comment, keep);
        var warnings = derived.Diagnostics.Where(d => !d.IsError).ToList();
        return new LayoutConversion(LayoutConvertFormat.McuBootLayout, text, warnings);
    }

    private static bool IsSlotName(string name)
        => name.StartsWith("mcuboot_primary", StringComparison.Ordinal) || name.StartsWith("mcuboot_secondary", StringComparison.Ordinal)
            || name.StartsWith("mcuboot_pad", StringComparison.Ordinal);
}
