using System.Globalization;
using System.Text;
using System.Text.Json;
using McuBoot.Zephyr;

namespace McuBoot.Tool.Commands;

/// <summary>Prints what <c>layout show --build-dir</c> derived from a build folder, with the file and line of each value.</summary>
internal static class BuildLayoutFormatter
{
    public static string ToText(ZephyrBuildGeometry build)
    {
        var a = build.Arguments;
        var i = build.Image;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{build.Folder.Root}: {PathName(build.SigningPath)}, application {build.Folder.ApplicationDirectory}, image {a.ImageIndex}, {build.Diagnostics.Count(d => d.IsError)} error(s), {build.Diagnostics.Count(d => !d.IsError)} warning(s)");
        if (build.SigningPath == ZephyrSigningPath.PartitionManager)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  geometry from {build.Folder.PartitionsFile} (Partition Manager ran: NCS signs from partitions.yml, the devicetree partitions are ignored)");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"  mode                 {ZephyrModeSymbols.Name(build.Mode)}{(build.Bootloader is null ? " (application's assumption; no bootloader .config in the folder)" : string.Empty)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  primary slot         0x{i.PrimaryAddress:x} + 0x{i.PrimarySize:x}  ({i.PrimaryPartition}{(i.PrimaryDevice is null ? string.Empty : ", " + i.PrimaryDevice)})");
        sb.AppendLine(i.HasSecondary
            ? $"  secondary slot       0x{i.SecondaryAddress:x} + 0x{i.SecondarySize:x}  ({i.SecondaryPartition}{(i.SecondaryIsExternal ? ", external" : string.Empty)}{(i.SecondaryDevice is null ? string.Empty : ", " + i.SecondaryDevice)})"
            : "  secondary slot       none (single slot)");
        sb.AppendLine("imgtool arguments:");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  --header-size 0x{a.HeaderSize:x}{(a.PadHeader ? " --pad-header" : string.Empty)} --slot-size 0x{a.SlotSize:x} --align {a.Align}{(a.OverwriteOnly ? " --overwrite-only" : string.Empty)}{(a.Sha is int sha ? $" --sha {sha}" : string.Empty)}{(a.Pure ? " --pure" : string.Empty)}{(a.LoadAddress is uint l ? $" --load-addr 0x{l:x}" : string.Empty)}{(a.RomFixed is uint r ? $" --rom-fixed 0x{r:x}" : string.Empty)}{(a.Version is null ? string.Empty : " --version " + a.Version)}{(a.KeySetting is null ? string.Empty : $" --key {a.KeyFile ?? a.KeySetting}")}{(a.EncryptionKeyFile is null ? string.Empty : $" --encrypt {a.EncryptionKeyFile}{(a.EncryptKeyLength256 ? " --encrypt-keylen 256" : string.Empty)}{(a.HmacSha512 ? " --hmac-sha 512" : string.Empty)}")}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  hex address          {Hex(a.HexAddress)} (update hex {Hex(a.UpdateHexAddress)})");
        sb.AppendLine("derived from:");
        foreach (var s in build.Sources)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {s.Name,-20} {s.Value}  <- {s.Rule}{(s.File is null ? string.Empty : $" [{s.File}{(s.Line > 0 ? ":" + s.Line.ToString(CultureInfo.InvariantCulture) : string.Empty)}]")}");
        }

        return sb.ToString();
    }

    public static string ToJson(ZephyrBuildGeometry build)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var a = build.Arguments;
            w.WriteStartObject();
            w.WriteString("build_dir", build.Folder.Root);
            w.WriteString("application_dir", build.Folder.ApplicationDirectory);
            w.WriteString("kind", "ZephyrBuildDirectory");
            w.WriteString("signing_path", PathName(build.SigningPath));
            w.WriteString("geometry_source", build.SigningPath == ZephyrSigningPath.PartitionManager ? "partitions.yml" : "devicetree");
            w.WriteString("file", build.SigningPath == ZephyrSigningPath.PartitionManager ? build.Folder.PartitionsFile : build.Folder.ApplicationDevicetree?.SourcePath);
            w.WriteString("mode", ZephyrModeSymbols.Name(build.Mode));
            w.WriteString("application_mode", ZephyrModeSymbols.Name(build.ApplicationMode));
            w.WriteString("bootloader_mode", build.Bootloader is null ? null : ZephyrModeSymbols.Name(build.Bootloader.Mode));
            LayoutCommand.WriteImages(w, build.Images, (jw, image) =>
            {
                if (image.ImageIndex != a.ImageIndex)
                {
                    return;
                }

                jw.WriteNumber("align", a.Align);
                jw.WriteBoolean("pad_header", a.PadHeader);
                jw.WriteBoolean("overwrite_only", a.OverwriteOnly);
            });
            w.WriteStartObject("arguments");
            w.WriteNumber("image_index", a.ImageIndex);
            w.WriteNumber("header_size", a.HeaderSize);
            w.WriteBoolean("pad_header", a.PadHeader);
            w.WriteNumber("slot_size", a.SlotSize);
            w.WriteNumber("align", a.Align);
            w.WriteBoolean("overwrite_only", a.OverwriteOnly);
            if (a.Sha is int sha)
            {
                w.WriteNumber("sha", sha);
            }
            else
            {
                w.WriteNull("sha");
            }

            w.WriteBoolean("pure", a.Pure);
            LayoutCommand.Number(w, "hex_address", a.HexAddress);
            LayoutCommand.Number(w, "update_hex_address", a.UpdateHexAddress);
            LayoutCommand.Number(w, "update_slot_size", a.UpdateSlotSize);
            LayoutCommand.Number(w, "load_address", a.LoadAddress);
            LayoutCommand.Number(w, "rom_fixed", a.RomFixed);
            w.WriteString("key", a.KeySetting);
            w.WriteString("key_file", a.KeyFile);
            w.WriteString("encryption_key", a.EncryptionKeyFile);
            w.WriteBoolean("encrypt_keylen_256", a.EncryptKeyLength256);
            w.WriteBoolean("hmac_sha_512", a.HmacSha512);
            w.WriteString("version", a.Version);
            w.WriteEndObject();
            w.WriteStartArray("sources");
            foreach (var s in build.Sources)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteString("value", s.Value);
                w.WriteString("file", s.File);
                w.WriteNumber("line", s.Line);
                w.WriteString("rule", s.Rule);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            LayoutCommand.WriteDiagnostics(w, build.Diagnostics);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static string PathName(ZephyrSigningPath path) => path switch
    {
        ZephyrSigningPath.PartitionManager => "ncs-partition-manager",
        ZephyrSigningPath.NcsSysbuild => "ncs-sysbuild",
        _ => "zephyr",
    };

    private static string Hex(uint? value) => value is uint v ? $"0x{v:x}" : "unknown";
}
