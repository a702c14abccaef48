// `layout show --format svg|html` (issue 9 item 5): what firmware engineers draw by hand. Regions are columns, leaf
// partitions are drawn to scale, Partition Manager spans (mcuboot_primary = pad + app, TF-M containers) become brackets,
// gaps are free space, and a signed image is placed in its slot with imgtool's trailer at the slot end (mcuboot-image-
// format.md §5.4) so an overflow shows where it happens.
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Layouts;

/// <summary>A drawable model of a partition layout (and optionally a signed image in its slot).</summary>
public sealed class FlashMap
{
    private static readonly string[] RegionOrder = [LayoutRegion.FlashPrimary, LayoutRegion.ExternalFlash, LayoutRegion.RamFlash];

    private FlashMap(string source, IReadOnlyList<FlashMapRegion> regions, IReadOnlyList<ImageGeometry> images, FlashMapImage? image, IReadOnlyList<LayoutDiagnostic> diagnostics)
    {
        Source = source;
        Regions = regions;
        Images = images;
        Image = image;
        Diagnostics = diagnostics;
    }

    /// <summary>The layout file drawn.</summary>
    public string Source { get; }

    /// <summary>The regions, flash first, RAM last.</summary>
    public IReadOnlyList<FlashMapRegion> Regions { get; }

    /// <summary>The derived geometry of each image (for captions).</summary>
    public IReadOnlyList<ImageGeometry> Images { get; }

    /// <summary>The signed image placed in its slot, when one was given.</summary>
    public FlashMapImage? Image { get; }

    /// <summary>Warnings found while drawing (an image that overflows its slot).</summary>
    public IReadOnlyList<LayoutDiagnostic> Diagnostics { get; }

    /// <summary>Builds the map of <paramref name="layout"/>; with <paramref name="signedImagePath"/>, places that image in the slot of image <paramref name="imageIndex"/>.</summary>
    /// <exception cref="McuBootException">Nothing to draw (MCUB6310), the image file is unreadable or not an MCUboot image, or the layout has no image <paramref name="imageIndex"/> (MCUB6310).</exception>
    public static FlashMap Build(PartitionLayout layout, string? signedImagePath = null, int imageIndex = 0, LayoutGeometryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var derived = LayoutGeometry.Derive(layout, options);
        var regions = layout.Partitions
            .Where(p => p.Size > 0)
            .GroupBy(p => p.Region)
            .OrderBy(g => Array.IndexOf(RegionOrder, g.Key) is var i && i >= 0 ? i : g.Key == LayoutRegion.SramPrimary ? 100 : 50)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => BuildRegion(layout, g.Key, [.. g]))
            .ToList();
        if (regions.Count == 0)
        {
            throw new McuBootException(ErrorCodes.LayoutDrawingEmpty,
                $"{layout.SourcePath} has no partition with a size to draw; pass the build's partitions.yml or a complete layout.", layout.SourcePath);
        }

        var diagnostics = new List<LayoutDiagnostic>();
        FlashMapImage? image = null;
        if (signedImagePath is not null)
        {
            image = Place(derived, signedImagePath, imageIndex);
            if (image.Overflow > 0)
            {
                diagnostics.Add(LayoutDiagnostic.Warning(ErrorCodes.LayoutDrawingImageOverflow, image.File, 0,
                    $"the image (0x{image.ImageSize:x} bytes with its TLVs) plus its 0x{image.TrailerSize:x}-byte trailer needs 0x{image.ImageSize + image.TrailerSize:x} bytes, {image.Overflow} more than the 0x{image.SlotSize:x}-byte slot {image.Slot}: make the firmware smaller or the slot larger (dotnet mcuboot check names the exact limit)"));
            }
        }

        return new FlashMap(layout.SourcePath, regions, derived.Images, image, diagnostics);
    }

    private static FlashMapRegion BuildRegion(PartitionLayout layout, string region, List<LayoutPartition> parts)
    {
        var leaves = parts.Where(p => !p.IsContainer).OrderBy(p => p.Address).ThenByDescending(p => p.Size).ToList();
        var containers = parts.Where(p => p.IsContainer).ToList();
        ulong start = parts.Min(p => (ulong)p.Address);
        ulong end = parts.Max(p => p.End);
        var drawn = new List<FlashMapPartition>();
        ulong cursor = start;
        foreach (var p in leaves)
        {
            if (p.Address > cursor)
            {
                drawn.Add(new FlashMapPartition("free", cursor, p.Address - cursor, FlashMapRole.Free, false));
            }

            drawn.Add(new FlashMapPartition(p.Name, p.Address, p.Size, RoleOf(p, region), false));
            cursor = Math.Max(cursor, p.End);
        }

        if (cursor < end)
        {
            drawn.Add(new FlashMapPartition("free", cursor, end - cursor, FlashMapRole.Free, false));
        }

        // Brackets: smallest first, each in the lowest lane where it overlaps no other bracket.
        var lanes = new List<List<FlashMapPartition>>();
        foreach (var c in containers.OrderBy(c => c.Size).ThenBy(c => c.Address))
        {
            int lane = lanes.FindIndex(l => !l.Any(o => o.Address < c.End && c.Address < o.End));
            if (lane < 0)
            {
                lanes.Add([]);
                lane = lanes.Count - 1;
            }

            var bracket = new FlashMapPartition(c.Name, c.Address, c.Size, RoleOf(c, region), true, lane);
            lanes[lane].Add(bracket);
        }

        drawn.AddRange(lanes.SelectMany(l => l).OrderBy(b => b.Lane).ThenBy(b => b.Address));
        string? device = layout.FindRegion(region)?.Device ?? parts.Select(p => p.Device).FirstOrDefault(d => d is not null);
        return new FlashMapRegion(region, device, start, end, drawn);
    }

    private static FlashMapRole RoleOf(LayoutPartition p, string region)
    {
        string n = p.Name;
        if (region == LayoutRegion.SramPrimary || n.EndsWith("_sram", StringComparison.Ordinal))
        {
            return FlashMapRole.Ram;
        }

        if (n.StartsWith("EMPTY_", StringComparison.Ordinal) || (n == region && n is LayoutRegion.ExternalFlash or LayoutRegion.RamFlash))
        {
            return FlashMapRole.Free;
        }

        if (n.StartsWith("mcuboot_primary", StringComparison.Ordinal) && n.EndsWith("_pad", StringComparison.Ordinal) || n.StartsWith("mcuboot_pad", StringComparison.Ordinal))
        {
            return FlashMapRole.HeaderPad;
        }

        if (n.StartsWith("mcuboot_secondary", StringComparison.Ordinal))
        {
            return FlashMapRole.SecondarySlot;
        }

        if (n.StartsWith("mcuboot_primary", StringComparison.Ordinal) || n is "app" || n.StartsWith("tfm", StringComparison.Ordinal) && !n.Contains("storage", StringComparison.Ordinal) && !n.Contains("its", StringComparison.Ordinal) && !n.Contains("ps", StringComparison.Ordinal) && !n.Contains("otp", StringComparison.Ordinal))
        {
            return FlashMapRole.PrimarySlot;
        }

        if (n == "mcuboot_scratch")
        {
            return FlashMapRole.Scratch;
        }

        if (n is "mcuboot" or "b0" or "b0n" or "provision" or "nrf5_mbr" or "mbr" or "bootconf" or "b0_container" or "b0n_container"
            || n.StartsWith("s0", StringComparison.Ordinal) || n.StartsWith("s1", StringComparison.Ordinal))
        {
            return FlashMapRole.Bootloader;
        }

        if (n.Contains("storage", StringComparison.Ordinal) || n.Contains("settings", StringComparison.Ordinal) || n.Contains("nvs", StringComparison.Ordinal)
            || n.Contains("littlefs", StringComparison.Ordinal) || n.Contains("factory", StringComparison.Ordinal) || n.StartsWith("tfm_", StringComparison.Ordinal))
        {
            return FlashMapRole.Storage;
        }

        return FlashMapRole.Other;
    }

    private static FlashMapImage Place(LayoutGeometryResult derived, string path, int imageIndex)
    {
        var g = derived.Image(imageIndex);
        if (g is null)
        {
            var have = derived.Images.Count == 0 ? "none" : string.Join(", ", derived.Images.Select(i => i.ImageIndex));
            throw new McuBootException(ErrorCodes.LayoutDrawingEmpty,
                $"{derived.Layout.SourcePath} has no MCUboot image {imageIndex} to place {Path.GetFullPath(path)} in (images: {have}); pass --image with one of those.",
                derived.Layout.SourcePath) { ExitCode = ExitCodes.Usage };
        }

        var file = FirmwareFile.Load(path, "image");
        var parsed = ImageReader.Read(file.Data, file.Path);
        bool secondary = g.HasSecondary && file.BaseAddress is uint b && b == g.SecondaryHexAddress && b != g.HexBaseAddress;
        var trailer = new ImageTrailer { Align = g.WriteAlignment ?? 4 };
        return secondary
            ? new FlashMapImage(file.Path, g.ImageIndex, g.SecondaryPartition ?? "secondary", g.SecondaryRegion ?? LayoutRegion.FlashPrimary, g.SecondaryAddress!.Value,
                g.SecondarySize!.Value, parsed.Header.HeaderSize, (ulong)parsed.TlvEnd, (ulong)trailer.Size)
            : new FlashMapImage(file.Path, g.ImageIndex, g.PrimaryPartition, g.PrimaryRegion, g.PrimaryAddress, g.PrimarySize, parsed.Header.HeaderSize, (ulong)parsed.TlvEnd, (ulong)trailer.Size);
    }
}
