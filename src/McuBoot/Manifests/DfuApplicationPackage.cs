// partition-layouts-and-manifests.md §B.1 (NCS scripts/bootloader/generate_zip.py, format-version 1: field names and
// JSON types — image_index and slot_index_* are strings, load_address/size/modtime/time integers) and §B.2 (what the
// nRF Connect Device Manager apps require: iOS size, file, modtime, type, board, soc, load_address; Android file,
// image_index; only *.bin entries; no directories).
using System.IO.Compression;
using System.Text.Json;
using McuBoot.Diagnostics;
using McuBoot.IO;

namespace McuBoot.Manifests;

/// <summary>
/// Writes an NCS-compatible <c>dfu_application.zip</c>: the image files plus <c>manifest.json</c>, deterministic (fixed
/// entry timestamps, stable order), so unchanged inputs give a byte-identical zip.
/// </summary>
public static class DfuApplicationPackage
{
    /// <summary>The manifest's entry name inside the zip.</summary>
    public const string ManifestEntryName = "manifest.json";

    /// <summary>The <c>format-version</c> written (NCS 2.7 and later).</summary>
    public const int FormatVersion = 1;

    /// <summary>Timestamp of every zip entry (the DOS epoch plus one day, valid in every time zone).</summary>
    public static readonly DateTimeOffset EntryTimestamp = new(1980, 1, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes the zip atomically to <paramref name="zipPath"/>.</summary>
    /// <param name="zipPath">The zip file.</param>
    /// <param name="name">The application name (<c>name</c>), or null to omit it.</param>
    /// <param name="time">Written as <c>time</c> and every file's <c>modtime</c> (Unix seconds).</param>
    /// <param name="entries">The images, in image-index order.</param>
    /// <exception cref="McuBootException">Duplicate names inside the zip, unreadable inputs, write failures.</exception>
    public static void Write(string zipPath, string? name, DateTimeOffset time, IReadOnlyList<DfuPackageEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var duplicate = entries.GroupBy(e => e.ZipName, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1 || g.Key == ManifestEntryName);
        if (duplicate is not null)
        {
            throw new McuBootException(ErrorCodes.DuplicateImage,
                $"Two images would be stored as '{duplicate.Key}' in {Path.GetFullPath(zipPath)}; give the images distinct names.", zipPath)
            { ExitCode = ExitCodes.Usage };
        }

        // The iOS library (McuMgrPackage.swift) finds each file by substring: "app.signed.bin" would also match
        // "net_app.signed.bin", so such names are refused rather than written into a package that can install the wrong image.
        var names = entries.Select(e => e.ZipName).ToList();
        foreach (var a in names)
        {
            if (names.FirstOrDefault(b => b != a && b.Contains(a, StringComparison.Ordinal)) is { } b)
            {
                throw new McuBootException(ErrorCodes.DfuFileNameAmbiguous,
                    $"In {Path.GetFullPath(zipPath)} the image name '{a}' is part of '{b}', and the iOS DFU library finds files by substring, so it could install '{b}' as '{a}'; give the images names that do not contain each other (MSBuild McuBootImage Name metadata).",
                    zipPath)
                { ExitCode = ExitCodes.Usage };
            }
        }

        var contents = entries.Select(e => (Entry: e, Data: ImageFileReader.ReadAllBytes(Path.GetFullPath(e.SourcePath)))).ToList();
        var manifest = ManifestJson(name, time, contents.Select(c => (c.Entry, (long)c.Data.Length)).ToList());
        AtomicFile.Write(zipPath, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (entry, data) in contents)
            {
                Add(zip, entry.ZipName, data);
            }

            Add(zip, ManifestEntryName, manifest);
        });
    }

    /// <summary>The <c>manifest.json</c> bytes (UTF-8, indented, NCS field order and JSON types).</summary>
    public static byte[] ManifestJson(string? name, DateTimeOffset time, IReadOnlyList<(DfuPackageEntry Entry, long Size)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        long unixTime = time.ToUnixTimeSeconds();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("format-version", FormatVersion);
            json.WriteNumber("time", unixTime);
            if (!string.IsNullOrEmpty(name))
            {
                json.WriteString("name", name);
            }

            json.WriteStartArray("files");
            foreach (var (entry, size) in files)
            {
                json.WriteStartObject();
                json.WriteString("type", entry.Type);
                json.WriteString("board", entry.Board);
                json.WriteString("soc", entry.Soc);
                json.WriteNumber("load_address", entry.LoadAddress);
                json.WriteString("image_index", entry.ImageIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (entry.Slot is int slot)
                {
                    // zip.cmake, direct-XIP: slot (a string) and version_MCUBOOT+XIP (the iOS library's supportsDirectXIP).
                    json.WriteString("slot", slot.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    json.WriteString("version_MCUBOOT+XIP", entry.Version);
                }
                else
                {
                    json.WriteString("slot_index_primary", SlotIndexPrimary(entry.ImageIndex).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    json.WriteString("slot_index_secondary", SlotIndexSecondary(entry.ImageIndex).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    json.WriteString("version_MCUBOOT", entry.Version);
                }

                json.WriteNumber("size", size);
                json.WriteString("file", entry.ZipName);
                json.WriteNumber("modtime", unixTime);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>NCS's 1-based primary slot number of image <paramref name="imageIndex"/> (<c>slot(2N)_partition</c> + 1).</summary>
    public static int SlotIndexPrimary(int imageIndex) => (2 * imageIndex) + 1;

    /// <summary>NCS's 1-based secondary slot number of image <paramref name="imageIndex"/>.</summary>
    public static int SlotIndexSecondary(int imageIndex) => (2 * imageIndex) + 2;

    private static void Add(ZipArchive zip, string entryName, byte[] data)
    {
        var entry = zip.CreateEntry(entryName, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTimestamp;
        using var stream = entry.Open();
        stream.Write(data);
    }
}
