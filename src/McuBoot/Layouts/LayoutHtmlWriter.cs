using System.Globalization;
using System.Security;
using System.Text;

namespace McuBoot.Layouts;

/// <summary>Renders a <see cref="FlashMap"/> as a standalone HTML page: the SVG drawing, then every partition and image as tables.</summary>
public static class LayoutHtmlWriter
{
    /// <summary>Returns the HTML document.</summary>
    public static string Write(FlashMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        string name = X(Path.GetFileName(map.Source));
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Flash layout: ").Append(name).Append("</title>\n");
        sb.Append("<style>body{font-family:\"DejaVu Sans\",\"Segoe UI\",Helvetica,Arial,sans-serif;color:#1e293b;margin:24px}"
            + "table{border-collapse:collapse;margin:12px 0 28px}th,td{border:1px solid #cbd5e1;padding:4px 10px;text-align:left}"
            + "td.n{font-family:\"DejaVu Sans Mono\",Menlo,Consolas,monospace;text-align:right}th{background:#f1f5f9}"
            + ".bad{color:#b91c1c;font-weight:bold}</style>\n</head>\n<body>\n");
        sb.Append(LayoutSvgWriter.Write(map));
        if (map.Image is { } image)
        {
            sb.Append("<h2>Signed image</h2>\n<table>\n<tr><th>file</th><th>slot</th><th>image</th><th>trailer</th><th>slot size</th><th>free / overflow</th></tr>\n");
            sb.Append("<tr><td>").Append(X(Path.GetFileName(image.File))).Append("</td><td>").Append(X(image.Slot)).Append("</td><td class=\"n\">")
                .Append(Hex(image.ImageSize)).Append("</td><td class=\"n\">").Append(Hex(image.TrailerSize)).Append("</td><td class=\"n\">")
                .Append(Hex(image.SlotSize)).Append("</td><td class=\"n").Append(image.Overflow > 0 ? " bad\">overflow " + image.Overflow.ToString(CultureInfo.InvariantCulture) + " bytes" : "\">" + LayoutSvgWriter.Size(image.Free))
                .Append("</td></tr>\n</table>\n");
        }

        sb.Append("<h2>Images</h2>\n<table>\n<tr><th>image</th><th>header</th><th>slot size</th><th>primary</th><th>secondary</th><th>hex base</th></tr>\n");
        foreach (var g in map.Images)
        {
            sb.Append("<tr><td>").Append(g.ImageIndex.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"n\">").Append(Hex((ulong)g.HeaderSize))
                .Append("</td><td class=\"n\">").Append(Hex(g.SlotSize)).Append("</td><td>").Append(X($"{g.PrimaryPartition} {Hex(g.PrimaryAddress)} ({g.PrimaryRegion})"))
                .Append("</td><td>").Append(g.SecondaryAddress is uint sa ? X($"{g.SecondaryPartition} {Hex(sa)} ({g.SecondaryRegion})") : "none")
                .Append("</td><td class=\"n\">").Append(g.HexBaseAddress is uint hb ? Hex(hb) : "unknown").Append("</td></tr>\n");
        }

        sb.Append("</table>\n<h2>Partitions</h2>\n<table>\n<tr><th>region</th><th>partition</th><th>start</th><th>end</th><th>size</th><th></th></tr>\n");
        foreach (var region in map.Regions)
        {
            foreach (var p in region.Partitions.OrderBy(p => p.Address).ThenBy(p => p.IsContainer))
            {
                sb.Append("<tr><td>").Append(X(region.Name)).Append("</td><td>").Append(X(p.Name)).Append("</td><td class=\"n\">").Append(Hex(p.Address))
                    .Append("</td><td class=\"n\">").Append(Hex(p.End)).Append("</td><td class=\"n\">").Append(LayoutSvgWriter.Size(p.Size))
                    .Append("</td><td>").Append(p.IsContainer ? "spans" : p.Role == FlashMapRole.Free ? "free" : string.Empty).Append("</td></tr>\n");
            }
        }

        sb.Append("</table>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static string X(string text) => SecurityElement.Escape(text) ?? string.Empty;
}
