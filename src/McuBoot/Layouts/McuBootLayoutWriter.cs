// Writes the mcuboot-layout schema (docs/layout-schema.md) from derived geometry, e.g. to freeze what was
// derived from a Partition Manager file.
using System.Globalization;
using System.Text;

namespace McuBoot.Layouts;

/// <summary>Writes derived geometry as an mcuboot-layout YAML document that reads back to the same geometry.</summary>
public static class McuBootLayoutWriter
{
    /// <summary>Renders <paramref name="images"/> (plus layout-wide settings) in the mcuboot-layout schema.</summary>
    /// <param name="images">Geometry to write (inline slots, explicit header size, load address and hex base).</param>
    /// <param name="writeAlignment">imgtool <c>--align</c>, when known.</param>
    /// <param name="eraseValue">Erased-flash value, when known.</param>
    /// <param name="sectorSize">Default sector size, when known.</param>
    /// <param name="comment">Optional one-line comment written at the top.</param>
    /// <param name="partitions">Other partitions to keep (bootloader, storage, RAM), written under <c>partitions:</c>; they must not be slots of <paramref name="images"/>.</param>
    public static string Write(
        IReadOnlyList<ImageGeometry> images,
        int? writeAlignment = null,
        byte? eraseValue = null,
        uint? sectorSize = null,
        string? comment = null,
        IReadOnlyList<LayoutPartition>? partitions = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        var sb = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(comment))
        {
            sb.Append("# ").Append(LayoutDiagnostic.OneLine(comment)).Append('\n');
        }

        sb.Append("mcuboot-layout: 1\n");
        if (writeAlignment is { } align)
        {
            sb.Append("write-alignment: ").Append(align.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        if (eraseValue is { } erase)
        {
            sb.Append("erase-value: ").Append(LayoutNumber.Hex(erase)).Append('\n');
        }

        if (sectorSize is { } sector)
        {
            sb.Append("sector-size: ").Append(LayoutNumber.Hex(sector)).Append('\n');
        }

        var xipRegions = images
            .SelectMany(i => new[] { (i.PrimaryRegion, i.PrimaryIsExternal), (i.SecondaryRegion ?? string.Empty, i.SecondaryIsExternal) }
                .Where(r => r.Item2).Select(r => (Region: r.Item1, i.XipBase)))
            .Where(r => r.XipBase is not null)
            .DistinctBy(r => r.Region)
            .ToList();
        if (xipRegions.Count > 0)
        {
            sb.Append("regions:\n");
            foreach (var (region, xip) in xipRegions)
            {
                sb.Append("  ").Append(region).Append(": {xip-base: ").Append(LayoutNumber.Hex(xip!.Value)).Append("}\n");
            }
        }

        if (partitions is { Count: > 0 })
        {
            sb.Append("partitions:\n");
            foreach (var p in partitions.OrderBy(p => p.Region, StringComparer.Ordinal).ThenBy(p => p.Address))
            {
                sb.Append("  ").Append(p.Name).Append(": ").Append(Slot(p.Address, p.Size, p.Region, p.Device)).Append('\n');
            }
        }

        sb.Append("images:\n");
        foreach (var image in images.OrderBy(i => i.ImageIndex))
        {
            sb.Append("  - index: ").Append(image.ImageIndex.ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("    header-size: ").Append(LayoutNumber.Hex((uint)image.HeaderSize)).Append('\n');
            sb.Append("    primary: ").Append(Slot(image.PrimaryAddress, image.PrimarySize, image.PrimaryRegion, image.PrimaryDevice)).Append('\n');
            if (image.SecondaryAddress is { } sa && image.SecondarySize is { } ss)
            {
                sb.Append("    secondary: ").Append(Slot(sa, ss, image.SecondaryRegion ?? LayoutRegion.FlashPrimary, image.SecondaryDevice)).Append('\n');
            }

            if (image.LoadAddress is { } load)
            {
                sb.Append("    load-address: ").Append(LayoutNumber.Hex(load)).Append('\n');
            }

            if (image.HexBaseAddress is { } hex)
            {
                sb.Append("    hex-base: ").Append(LayoutNumber.Hex(hex)).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string Slot(uint address, uint size, string region, string? device)
    {
        var sb = new StringBuilder();
        sb.Append("{address: ").Append(LayoutNumber.Hex(address))
            .Append(", size: ").Append(LayoutNumber.Hex(size))
            .Append(", region: ").Append(Quote(region));
        if (device is not null)
        {
            sb.Append(", device: ").Append(Quote(device));
        }

        return sb.Append('}').ToString();
    }

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
