using System.CommandLine;
using System.Text;
using System.Text.Json;
using McuBoot.Diagnostics;
using McuBoot.Layouts;
using McuBoot.Zephyr;

namespace McuBoot.Tool.Commands;

/// <summary><c>layout show FILE [--format text|json]</c>: what the signer derives from a partition layout, and every warning.</summary>
internal static class LayoutCommand
{
    /// <summary>The one-line description shown in the command list.</summary>
    public const string Description = "Inspect partition layouts.";

    public static Command Create(CliContext context)
    {
        var file = new Argument<string?>("FILE") { Description = "pm_static.yml, build/partitions.yml, partitions_<domain>.yml or an mcuboot-layout file (or give --build-dir).", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string?>("--format", "-f") { Description = "text (default), json, svg (a drawing of the flash) or html (the drawing and tables)." };
        var xipBase = new Option<string?>("--xip-base") { Description = "Memory-mapped base of the external flash (e.g. 0x10000000 on nRF5340 QSPI) for secondary-slot hex addresses." };
        var buildDir = CommonOptions.BuildDirectory();
        var buildImage = CommonOptions.BuildImage();
        var signed = new Option<string?>("--signed") { Description = "svg/html: a signed image to draw in its slot, with its trailer (and any overflow in red).", HelpName = "IMAGE" };
        var imageIndex = new Option<int>("--image") { Description = "svg/html: the MCUboot image whose slot --signed goes in (default 0).", HelpName = "N" };
        var output = new Option<string?>("--output", "-o") { Description = "Write to FILE instead of standard output.", HelpName = "FILE" };
        var show = new Command("show", "Print the header size, slot sizes and addresses derived for each image, and every diagnostic.") { file, format, xipBase, buildDir, buildImage, signed, imageIndex, output };
        show.SetAction(result =>
        {
            string fmt = CommonOptions.Choice(result.GetValue(format), "--format", "text", "text", "json", "svg", "html");
            if (result.GetValue(buildDir) is { } dir)
            {
                if (result.GetValue(file) is not null)
                {
                    throw new McuBootException(ErrorCodes.ConflictingOptions, "layout show takes a layout FILE or --build-dir DIR, not both; drop one.") { ExitCode = ExitCodes.Usage };
                }

                if (fmt is "svg" or "html")
                {
                    throw new McuBootException(ErrorCodes.ConflictingOptions, $"layout show --format {fmt} draws a layout FILE, not --build-dir; pass the build's partitions.yml, or convert the layout first (dotnet mcuboot layout convert).") { ExitCode = ExitCodes.Usage };
                }

                var build = ZephyrBuildReader.Read(context.Resolve(dir), result.GetValue(buildImage), context.Environment);
                CommonOptions.WriteText(context, result.GetValue(output), fmt == "json" ? BuildLayoutFormatter.ToJson(build) : BuildLayoutFormatter.ToText(build));
                foreach (var d in build.Diagnostics)
                {
                    context.Error.WriteLine(d.ToString());
                }

                return build.Diagnostics.Any(d => d.IsError) ? ExitCodes.Failure : ExitCodes.Success;
            }

            string path = context.Resolve(result.GetValue(file) ?? throw new McuBootException(ErrorCodes.MissingOption, "layout show needs a layout FILE or --build-dir DIR (a Zephyr/NCS build folder).") { ExitCode = ExitCodes.Usage });
            var read = LayoutReader.Load(path);
            if (fmt is "svg" or "html")
            {
                return Draw(context, read, fmt, result.GetValue(signed), result.GetValue(imageIndex), result.GetValue(output), CommonOptions.UInt32(result, xipBase, "--xip-base"));
            }

            var diagnostics = new List<LayoutDiagnostic>(read.Diagnostics);
            IReadOnlyList<ImageGeometry> images = [];
            if (read.Layout != null)
            {
                var options = CommonOptions.UInt32(result, xipBase, "--xip-base") is uint xb ? new LayoutGeometryOptions { XipBase = xb } : null;
                var derived = LayoutGeometry.Derive(read.Layout, options);
                images = derived.Images;
                diagnostics.AddRange(derived.Diagnostics.Where(d => !diagnostics.Contains(d)));
            }

            CommonOptions.WriteText(context, result.GetValue(output), fmt == "json" ? ToJson(path, read.Layout, images, diagnostics) : ToText(path, read.Layout, images, diagnostics));
            foreach (var d in diagnostics)
            {
                context.Error.WriteLine(d.ToString());
            }

            return diagnostics.Any(d => d.IsError) ? ExitCodes.Failure : ExitCodes.Success;
        });

        return new Command("layout", Description) { show, LayoutConvertCommand.Create(context) };
    }

    private static int Draw(CliContext context, LayoutReadResult read, string fmt, string? signed, int imageIndex, string? output, uint? xipBase)
    {
        foreach (var d in read.Diagnostics)
        {
            context.Error.WriteLine(d.ToString());
        }

        if (read.Layout is null)
        {
            return ExitCodes.Failure;
        }

        var options = xipBase is uint xb ? new LayoutGeometryOptions { XipBase = xb } : null;
        var map = FlashMap.Build(read.Layout, signed is null ? null : context.Resolve(signed), imageIndex, options);
        CommonOptions.WriteText(context, output, fmt == "svg" ? LayoutSvgWriter.Write(map) : LayoutHtmlWriter.Write(map));
        foreach (var d in map.Diagnostics)
        {
            context.Error.WriteLine(d.ToString());
        }

        return read.Diagnostics.Any(d => d.IsError) ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static string ToText(string path, PartitionLayout? layout, IReadOnlyList<ImageGeometry> images, IReadOnlyList<LayoutDiagnostic> diagnostics)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{path}: {(layout == null ? "not a usable layout" : layout.Kind.ToString())}, {images.Count} image(s), {diagnostics.Count(d => d.IsError)} error(s), {diagnostics.Count(d => !d.IsError)} warning(s)");
        foreach (var i in images)
        {
            sb.AppendLine($"image {i.ImageIndex}{(i.IsNetworkCore ? " (network core)" : string.Empty)}:");
            sb.AppendLine($"  header size (-H)     0x{i.HeaderSize:x}{(i.HeaderPartition != null ? $"  ({i.HeaderPartition})" : string.Empty)}");
            sb.AppendLine($"  slot size (-S)       0x{i.SlotSize:x}");
            sb.AppendLine($"  primary slot         0x{i.PrimaryAddress:x} + 0x{i.PrimarySize:x}  ({i.PrimaryPartition}, {i.PrimaryRegion})");
            if (i.HasSecondary)
            {
                sb.AppendLine($"  secondary slot       0x{i.SecondaryAddress:x} + 0x{i.SecondarySize:x}  ({i.SecondaryPartition}, {i.SecondaryRegion}{(i.SecondaryDevice != null ? ", " + i.SecondaryDevice : string.Empty)})");
            }
            else
            {
                sb.AppendLine("  secondary slot       none (single slot)");
            }

            sb.AppendLine($"  hex base (-x)        {Hex(i.HexBaseAddress)}");
            sb.AppendLine($"  secondary hex base   {Hex(i.SecondaryHexAddress)}");
            sb.AppendLine($"  app load address     {Hex(i.LoadAddress)}");
            sb.AppendLine($"  write alignment      {(i.WriteAlignment?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? $"not in the layout (sign assumes {McuBoot.Build.SigningGeometry.DefaultAlign})")}");
            sb.AppendLine($"  sector size          0x{i.SectorSize:x}");
        }

        return sb.ToString();
    }

    private static string ToJson(string path, PartitionLayout? layout, IReadOnlyList<ImageGeometry> images, IReadOnlyList<LayoutDiagnostic> diagnostics)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("file", path);
            w.WriteString("kind", layout?.Kind.ToString());
            WriteImages(w, images);
            WriteDiagnostics(w, diagnostics);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    /// <summary>Writes <c>"images": [...]</c> with the fields every <c>layout show --format json</c> prints.</summary>
    internal static void WriteImages(Utf8JsonWriter w, IReadOnlyList<ImageGeometry> images, Action<Utf8JsonWriter, ImageGeometry>? extra = null)
    {
        w.WriteStartArray("images");
        foreach (var i in images)
        {
            w.WriteStartObject();
            w.WriteNumber("image_index", i.ImageIndex);
            w.WriteNumber("header_size", i.HeaderSize);
            w.WriteNumber("slot_size", i.SlotSize);
            w.WriteNumber("primary_address", i.PrimaryAddress);
            w.WriteNumber("primary_size", i.PrimarySize);
            w.WriteString("primary_partition", i.PrimaryPartition);
            w.WriteString("primary_region", i.PrimaryRegion);
            w.WriteString("primary_device", i.PrimaryDevice);
            Number(w, "secondary_address", i.SecondaryAddress);
            Number(w, "secondary_size", i.SecondarySize);
            w.WriteString("secondary_partition", i.SecondaryPartition);
            w.WriteString("secondary_region", i.SecondaryRegion);
            w.WriteString("secondary_device", i.SecondaryDevice);
            Number(w, "hex_base_address", i.HexBaseAddress);
            Number(w, "secondary_hex_address", i.SecondaryHexAddress);
            Number(w, "load_address", i.LoadAddress);
            if (i.WriteAlignment is int a)
            {
                w.WriteNumber("write_alignment", a);
            }
            else
            {
                w.WriteNull("write_alignment");
            }

            w.WriteNumber("sector_size", i.SectorSize);
            w.WriteBoolean("network_core", i.IsNetworkCore);
            extra?.Invoke(w, i);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes <c>"diagnostics": [...]</c>.</summary>
    internal static void WriteDiagnostics(Utf8JsonWriter w, IReadOnlyList<LayoutDiagnostic> diagnostics)
    {
        w.WriteStartArray("diagnostics");
        foreach (var d in diagnostics)
        {
            w.WriteStartObject();
            w.WriteString("code", d.Code);
            w.WriteString("severity", d.IsError ? "error" : "warning");
            w.WriteString("file", d.File);
            w.WriteNumber("line", d.Line);
            w.WriteString("message", d.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    internal static void Number(Utf8JsonWriter w, string name, uint? value)
    {
        if (value is uint v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string Hex(uint? value) => value is uint v ? $"0x{v:x}" : "unknown";
}
