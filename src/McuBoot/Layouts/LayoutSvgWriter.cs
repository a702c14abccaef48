// Draws a FlashMap as SVG: one column per region, drawn to scale, leaf partitions as rectangles (one per partition,
// with data-name/-address/-size), spans as brackets beside the column, free space hatched, a signed image and its
// trailer inside their slot, an overflow in red. Labels that do not fit their rectangle move beside the column with a
// leader line; nothing is measured from fonts, so the layout is deterministic.
using System.Globalization;
using System.Security;
using System.Text;

namespace McuBoot.Layouts;

/// <summary>Renders a <see cref="FlashMap"/> as a standalone SVG document.</summary>
public static class LayoutSvgWriter
{
    /// <summary>Height of every column's bar (the region's span is scaled to it).</summary>
    public const double BarHeight = 720;

    /// <summary>Width of a column's bar.</summary>
    public const double BarWidth = 184;

    private const double AddressWidth = 92;
    private const double LaneWidth = 22;
    private const double LineHeight = 14;
    private const double MinHeight = 2;

    /// <summary>Returns the SVG document (UTF-8 text, LF line ends).</summary>
    public static string Write(FlashMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var captions = map.Images.Take(4).Select(g => (Text: Caption(g), Class: "caption")).ToList();
        if (map.Image is { } placed)
        {
            string verdict = placed.Overflow > 0
                ? $"does NOT fit: {placed.Overflow} bytes over"
                : $"fits, {Size(placed.Free)} free";
            captions.Add(($"{Path.GetFileName(placed.File)} in {placed.Slot}: image {Hex(placed.ImageSize)} + trailer {Hex(placed.TrailerSize)} of {Hex(placed.SlotSize)}, {verdict}",
                placed.Overflow > 0 ? "caption bad" : "caption good"));
        }

        string title = "Flash layout: " + Path.GetFileName(map.Source);
        double barTop = 56 + (captions.Count * 16) + 52;
        var columns = new List<(string Svg, double Width)>();
        foreach (var region in map.Regions)
        {
            var column = new StringBuilder();
            double width = AppendColumn(column, region, barTop, map.Image is { } img && img.Region == region.Name ? img : null);
            columns.Add((column.ToString(), width));
        }

        double x = 24;
        var body = new StringBuilder();
        foreach (var (svg, width) in columns)
        {
            body.Append(CultureInfo.InvariantCulture, $"<g transform=\"translate({N(x)},0)\">\n").Append(svg).Append("</g>\n");
            x += width + 28;
        }

        double textWidth = Math.Max(24 + (title.Length * 11.5), captions.Select(c => 24 + (c.Text.Length * 6.7)).DefaultIfEmpty(0).Max());
        double totalWidth = Math.Ceiling(Math.Max(Math.Max(x, textWidth + 24), 640));
        double legendTop = barTop + BarHeight + 44;
        var legend = new StringBuilder();
        double legendBottom = AppendLegend(legend, legendTop, map.Image is not null, totalWidth);
        double totalHeight = legendBottom + 24;
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(totalWidth)}\" height=\"{N(totalHeight)}\" viewBox=\"0 0 {N(totalWidth)} {N(totalHeight)}\" role=\"img\" aria-label=\"{X(title)}\" data-bar-top=\"{N(barTop)}\" data-bar-height=\"{N(BarHeight)}\">\n");
        AppendStyle(sb);
        sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"background\" x=\"0\" y=\"0\" width=\"{N(totalWidth)}\" height=\"{N(totalHeight)}\"/>\n");
        sb.Append("<text class=\"title\" x=\"24\" y=\"36\">").Append(X(title)).Append("</text>\n");
        double captionY = 60;
        foreach (var (text, cls) in captions)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"{cls}\" x=\"24\" y=\"{N(captionY)}\">{X(text)}</text>\n");
            captionY += 16;
        }

        sb.Append(body);
        sb.Append(legend);
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static void AppendStyle(StringBuilder sb)
    {
        sb.Append("""
            <defs>
              <pattern id="hatch-free" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#f8fafc"/><line x1="0" y1="0" x2="0" y2="8" stroke="#cbd5e1" stroke-width="2"/></pattern>
              <pattern id="hatch-overflow" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fecaca"/><line x1="0" y1="0" x2="0" y2="6" stroke="#dc2626" stroke-width="3"/></pattern>
            </defs>
            <style>
              text { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; fill: #1e293b; }
              .background { fill: #ffffff; }
              .title { font-size: 19px; font-weight: bold; }
              .caption { font-size: 12px; fill: #475569; }
              .caption.good { fill: #15803d; font-weight: bold; }
              .caption.bad, .overflow-label { fill: #b91c1c; font-weight: bold; }
              .region-name { font-size: 14px; font-weight: bold; }
              .region-info { font-size: 11px; fill: #64748b; }
              .address { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 10px; fill: #475569; text-anchor: end; }
              .name { font-size: 12px; font-weight: bold; }
              .detail { font-size: 10.5px; fill: #334155; }
              .outside { font-size: 11px; }
              .leader { stroke: #94a3b8; stroke-width: 0.8; fill: none; }
              .partition { stroke: #334155; stroke-width: 1; }
              .role-bootloader { fill: #cbd5e1; }
              .role-headerpad { fill: #fde68a; }
              .role-primaryslot { fill: #bbf7d0; }
              .role-secondaryslot { fill: #bae6fd; }
              .role-scratch { fill: #e9d5ff; }
              .role-storage { fill: #fed7aa; }
              .role-ram { fill: #e2e8f0; }
              .role-free { fill: url(#hatch-free); }
              .role-other { fill: #f1f5f9; }
              .gap { fill: url(#hatch-free); stroke: #cbd5e1; stroke-width: 0.8; stroke-dasharray: 3 2; }
              .container { stroke: none; }
              .bracket { stroke: #475569; stroke-width: 1.4; fill: none; }
              .bracket-label { font-size: 10px; fill: #334155; }
              .image { fill: #2563eb; fill-opacity: 0.88; stroke: #1e3a8a; stroke-width: 1; }
              .image-label { font-size: 11.5px; font-weight: bold; fill: #ffffff; }
              .image-detail { font-size: 10px; fill: #dbeafe; }
              .trailer { fill: #f59e0b; stroke: #92400e; stroke-width: 1; }
              .overflow { fill: url(#hatch-overflow); stroke: #dc2626; stroke-width: 2; }
              .legend { font-size: 11px; }
            </style>

            """);
    }

    /// <summary>Draws one region at x = 0; returns the width it used.</summary>
    private static double AppendColumn(StringBuilder sb, FlashMapRegion region, double barTop, FlashMapImage? image)
    {
        double barX = AddressWidth;
        double scale = BarHeight / Math.Max(1, region.Span);
        double Y(ulong address) => barTop + ((double)(address - Math.Min(address, region.Start)) * scale);
        double H(ulong size) => Math.Max(MinHeight, size * scale);
        bool wide = region.End > 0x100_0000;
        string A(ulong address) => "0x" + address.ToString(wide ? "x8" : "x6", CultureInfo.InvariantCulture);

        sb.Append(CultureInfo.InvariantCulture, $"<g class=\"region\" data-region=\"{X(region.Name)}\" data-start=\"{Hex(region.Start)}\" data-end=\"{Hex(region.End)}\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text class=\"region-name\" x=\"{N(barX)}\" y=\"{N(barTop - 24)}\">{X(region.Name)}</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text class=\"region-info\" x=\"{N(barX)}\" y=\"{N(barTop - 9)}\">{X($"{A(region.Start)} – {A(region.End)} · {Size(region.Span)}{(region.Device is null ? string.Empty : " · " + region.Device)}")}</text>\n");

        var outside = new List<(double Anchor, string Text, string Class)>();
        double lastAddressY = double.NegativeInfinity;
        foreach (var p in region.Partitions.Where(p => !p.IsContainer))
        {
            double y = Y(p.Address);
            double h = H(p.Size);
            string cls = p.Role == FlashMapRole.Free && p.Name == "free" ? "gap" : $"partition role-{p.Role.ToString().ToLowerInvariant()}";
            string data = cls == "gap" ? string.Empty : $" data-name=\"{X(p.Name)}\"";
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"{cls}\"{data} data-address=\"{Hex(p.Address)}\" data-size=\"{Hex(p.Size)}\" x=\"{N(barX)}\" y=\"{N(y)}\" width=\"{N(BarWidth)}\" height=\"{N(h)}\"><title>{X($"{p.Name}: {Hex(p.Address)}–{Hex(p.End)}, {Hex(p.Size)} ({Size(p.Size)})")}</title></rect>\n");
            if (y - lastAddressY >= 12)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"address\" x=\"{N(barX - 6)}\" y=\"{N(y + 3.5)}\">{A(p.Address)}</text>\n");
                lastAddressY = y;
            }

            string name = p.Name == "free" ? "free" : p.Name;
            string sizeText = p.Role == FlashMapRole.Free ? Size(p.Size) : $"{Hex(p.Size)} · {Size(p.Size)}";
            bool underImage = image is not null && p.Address < image.SlotAddress + image.SlotSize && image.SlotAddress < p.End;
            if (underImage)
            {
                // The signed image covers this partition's label area: name it beside the column instead.
                outside.Add((y + (h / 2), $"{name} · {sizeText}", "outside"));
            }
            else if (h >= 30)
            {
                double mid = y + (h / 2);
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"name\" x=\"{N(barX + 8)}\" y=\"{N(mid - 2)}\">{X(name)}</text>\n");
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"detail\" x=\"{N(barX + 8)}\" y=\"{N(mid + 11)}\">{X(sizeText)}</text>\n");
            }
            else if (h >= 15 && Fits(name + " · " + Size(p.Size), BarWidth - 12, 6.6))
            {
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"name\" x=\"{N(barX + 8)}\" y=\"{N(y + (h / 2) + 4)}\">{X(name)}<tspan class=\"detail\" dx=\"6\">{X(Size(p.Size))}</tspan></text>\n");
            }
            else if (p.Name != "free" || p.Size * 50 >= region.Span)
            {
                outside.Add((y + (h / 2), $"{name} · {sizeText}", "outside"));
            }
        }

        if (barTop + BarHeight - lastAddressY >= 12)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"address\" x=\"{N(barX - 6)}\" y=\"{N(barTop + BarHeight + 3.5)}\">{A(region.End)}</text>\n");
        }

        double lanesX = barX + BarWidth + 8;
        int laneCount = 0;
        foreach (var c in region.Partitions.Where(p => p.IsContainer))
        {
            laneCount = Math.Max(laneCount, c.Lane + 1);
            double bx = lanesX + (c.Lane * LaneWidth) + 4;
            double y0 = Y(c.Address) + 1;
            double y1 = Math.Max(y0 + 2, Y(c.End) - 1);
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"partition container role-{c.Role.ToString().ToLowerInvariant()}\" data-name=\"{X(c.Name)}\" data-address=\"{Hex(c.Address)}\" data-size=\"{Hex(c.Size)}\" x=\"{N(bx)}\" y=\"{N(y0)}\" width=\"4\" height=\"{N(y1 - y0)}\"><title>{X($"{c.Name} (spans): {Hex(c.Address)}–{Hex(c.End)}, {Hex(c.Size)} ({Size(c.Size)})")}</title></rect>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<path class=\"bracket\" d=\"M{N(bx - 3)},{N(y0)} H{N(bx + 2)} V{N(y1)} H{N(bx - 3)}\"/>\n");
            if (Fits(c.Name, y1 - y0 - 6, 6.2))
            {
                double cy = (y0 + y1) / 2;
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"bracket-label\" x=\"{N(bx + 13)}\" y=\"{N(cy)}\" text-anchor=\"middle\" transform=\"rotate(-90 {N(bx + 13)} {N(cy)})\">{X(c.Name)}</text>\n");
            }
            else
            {
                outside.Add(((y0 + y1) / 2, $"{c.Name} (spans) · {Size(c.Size)}", "outside"));
            }
        }

        if (image is not null)
        {
            AppendImage(sb, image, barX, barTop, Y, H, outside);
        }

        double textX = lanesX + (laneCount * LaneWidth) + 14;
        double labelsWidth = AppendOutsideLabels(sb, outside, barX + BarWidth, textX, barTop);
        sb.Append("</g>\n");
        double headerWidth = Math.Max(region.Name.Length * 9.0, (region.Device?.Length ?? 0) * 6.2 + 190);
        return Math.Max(textX + labelsWidth, barX + headerWidth);
    }

    private static void AppendImage(StringBuilder sb, FlashMapImage image, double barX, double barTop, Func<ulong, double> y, Func<ulong, double> h, List<(double Anchor, string Text, string Class)> outside)
    {
        double ix = barX + 14;
        double iw = BarWidth - 28;
        ulong slotEnd = image.SlotAddress + image.SlotSize;
        ulong inSlot = Math.Min(image.ImageSize, image.SlotSize);
        double top = y(image.SlotAddress);
        double height = h(inSlot);
        sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"image\" data-address=\"{Hex(image.SlotAddress)}\" data-size=\"{Hex(image.ImageSize)}\" x=\"{N(ix)}\" y=\"{N(top)}\" width=\"{N(iw)}\" height=\"{N(height)}\"><title>{X($"signed image {Path.GetFileName(image.File)}: header {Hex((ulong)image.HeaderSize)} + code + TLVs = {Hex(image.ImageSize)} ({Size(image.ImageSize)})")}</title></rect>\n");
        if (height >= 30)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"image-label\" x=\"{N(ix + 7)}\" y=\"{N(top + 16)}\">signed image</text>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"image-detail\" x=\"{N(ix + 7)}\" y=\"{N(top + 29)}\">{X($"{Hex(image.ImageSize)} · {Size(image.ImageSize)}")}</text>\n");
        }
        else
        {
            outside.Add((top + (height / 2), $"signed image · {Hex(image.ImageSize)} · {Size(image.ImageSize)}", "outside"));
        }

        if (image.Free > 0)
        {
            double freeTop = y(image.SlotAddress + image.ImageSize);
            double freeBottom = y(slotEnd - image.TrailerSize);
            if (freeBottom - freeTop >= 18)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"detail\" x=\"{N(ix + 7)}\" y=\"{N(((freeTop + freeBottom) / 2) + 4)}\">{X($"free in slot · {Size(image.Free)}")}</text>\n");
            }
        }

        double trailerTop = y(slotEnd - Math.Min(image.TrailerSize, image.SlotSize));
        double trailerHeight = Math.Max(3, h(image.TrailerSize));
        trailerTop = Math.Min(trailerTop, y(slotEnd) - trailerHeight);
        sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"trailer\" data-address=\"{Hex(slotEnd - Math.Min(image.TrailerSize, image.SlotSize))}\" data-size=\"{Hex(image.TrailerSize)}\" x=\"{N(ix)}\" y=\"{N(trailerTop)}\" width=\"{N(iw)}\" height=\"{N(trailerHeight)}\"><title>{X($"trailer: {Hex(image.TrailerSize)} bytes at the slot end (imgtool's size)")}</title></rect>\n");
        outside.Add((trailerTop + (trailerHeight / 2), $"trailer · {Hex(image.TrailerSize)} · {Size(image.TrailerSize)}", "outside"));

        if (image.Overflow > 0)
        {
            double oTop = y(slotEnd);
            double oHeight = Math.Min(Math.Max(6, h(image.Overflow)), barTop + BarHeight + 26 - oTop);
            if (oHeight < 6)
            {
                oTop = barTop + BarHeight + 20 - 6;
                oHeight = 6;
            }

            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"overflow\" data-address=\"{Hex(slotEnd)}\" data-size=\"{Hex(image.Overflow)}\" x=\"{N(ix - 8)}\" y=\"{N(oTop)}\" width=\"{N(iw + 16)}\" height=\"{N(oHeight)}\"><title>{X($"overflow: image + trailer need {image.Overflow} bytes more than {image.Slot}")}</title></rect>\n");
            outside.Add((oTop + (oHeight / 2), $"OVERFLOW · {image.Overflow} bytes over {image.Slot}", "outside overflow-label"));
        }
    }

    /// <summary>Labels beside the column with leader lines, spread so that they do not overlap; returns their width.</summary>
    private static double AppendOutsideLabels(StringBuilder sb, List<(double Anchor, string Text, string Class)> labels, double fromX, double textX, double barTop)
    {
        if (labels.Count == 0)
        {
            return 0;
        }

        var sorted = labels.OrderBy(l => l.Anchor).ToList();
        var ys = new double[sorted.Count];
        for (int i = 0; i < sorted.Count; i++)
        {
            ys[i] = Math.Max(sorted[i].Anchor, i == 0 ? barTop + 4 : ys[i - 1] + LineHeight);
        }

        double bottom = barTop + BarHeight + 20;
        for (int i = sorted.Count - 1; i >= 0; i--)
        {
            ys[i] = Math.Min(ys[i], i == sorted.Count - 1 ? bottom : ys[i + 1] - LineHeight);
        }

        for (int i = 0; i < sorted.Count; i++)
        {
            var (anchor, text, cls) = sorted[i];
            sb.Append(CultureInfo.InvariantCulture, $"<path class=\"leader\" d=\"M{N(fromX)},{N(anchor)} H{N(fromX + 6)} L{N(textX - 6)},{N(ys[i])} H{N(textX - 2)}\"/>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"{cls}\" x=\"{N(textX)}\" y=\"{N(ys[i] + 4)}\">{X(text)}</text>\n");
        }

        return sorted.Max(l => l.Text.Length * (l.Class.Contains("overflow", StringComparison.Ordinal) ? 7.2 : 6.5));
    }

    private static double AppendLegend(StringBuilder sb, double top, bool withImage, double width)
    {
        (string Class, string Text)[] items =
        [
            ("partition role-bootloader", "bootloader"), ("partition role-headerpad", "header pad"), ("partition role-primaryslot", "primary slot / app"),
            ("partition role-secondaryslot", "secondary slot"), ("partition role-scratch", "scratch"), ("partition role-storage", "storage"),
            ("partition role-other", "other"), ("gap", "free"),
        ];
        var list = items.ToList();
        if (withImage)
        {
            list.AddRange([("image", "signed image"), ("trailer", "trailer"), ("overflow", "overflow")]);
        }

        double x = 24;
        double y = top;
        foreach (var (cls, text) in list)
        {
            double w = 26 + (text.Length * 6.6) + 18;
            if (x + w > width - 16)
            {
                x = 24;
                y += 22;
            }

            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"legend-swatch {cls}\" x=\"{N(x)}\" y=\"{N(y)}\" width=\"18\" height=\"12\"/>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"legend\" x=\"{N(x + 24)}\" y=\"{N(y + 10)}\">{X(text)}</text>\n");
            x += w;
        }

        return y + 12;
    }

    private static string Caption(ImageGeometry g)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"image {g.ImageIndex}{(g.IsNetworkCore ? " (network core)" : string.Empty)}: header {Hex((ulong)g.HeaderSize)} · slot {Hex(g.SlotSize)} ({Size(g.SlotSize)}) · primary {Hex(g.PrimaryAddress)} ({g.PrimaryRegion})");
        if (g.SecondaryAddress is uint sa)
        {
            sb.Append(CultureInfo.InvariantCulture, $" · secondary {Hex(sa)} ({g.SecondaryRegion})");
        }

        return sb.ToString();
    }

    private static bool Fits(string text, double width, double charWidth) => text.Length * charWidth <= width;

    /// <summary>Human size: bytes below 1 KiB, KiB (one decimal unless whole) below 1 MiB, else MiB.</summary>
    internal static string Size(ulong bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes % 1024 == 0 ? (bytes / 1024).ToString(CultureInfo.InvariantCulture) : (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)) + " KiB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.##", CultureInfo.InvariantCulture) + " MiB",
    };

    private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string X(string text) => SecurityElement.Escape(text) ?? string.Empty;
}
