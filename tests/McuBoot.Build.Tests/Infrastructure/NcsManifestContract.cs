using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace McuBoot.Build.Tests.Infrastructure;

/// <summary>
/// What the nRF Connect Device Manager apps need from dfu_application.zip (partition-layouts-and-manifests.md §B.1,
/// §B.2): the iOS McuMgrManifest decoder requires size, file, modtime, type, board, soc and load_address per file
/// (with NCS's JSON types), format-version and time at the top; Android's ZipPackage reads file and image_index
/// (a string NCS writes, parsed to an int) and only loads *.bin entries that the manifest names.
/// </summary>
public static class NcsManifestContract
{
    /// <summary>Per-file fields the iOS app requires, with their JSON types.</summary>
    public static readonly IReadOnlyDictionary<string, JsonValueKind> RequiredFileFields = new Dictionary<string, JsonValueKind>
    {
        ["size"] = JsonValueKind.Number,
        ["file"] = JsonValueKind.String,
        ["modtime"] = JsonValueKind.Number,
        ["type"] = JsonValueKind.String,
        ["board"] = JsonValueKind.String,
        ["soc"] = JsonValueKind.String,
        ["load_address"] = JsonValueKind.Number,
    };

    /// <summary>Fields NCS writes as strings holding integers.</summary>
    public static readonly IReadOnlyList<string> IntegerStringFields = ["image_index", "slot_index_primary", "slot_index_secondary"];

    /// <summary>Checks the zip and returns its manifest.json's root.</summary>
    public static JsonElement CheckZip(string zipPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.All(zip.Entries, e => Assert.DoesNotContain('/', e.FullName));
        var manifestEntry = Assert.Single(zip.Entries, e => e.FullName == "manifest.json");
        JsonElement root;
        using (var stream = manifestEntry.Open())
        {
            root = JsonDocument.Parse(stream).RootElement.Clone();
        }

        Check(root);
        foreach (var file in root.GetProperty("files").EnumerateArray())
        {
            var name = file.GetProperty("file").GetString()!;
            var entry = zip.GetEntry(name);
            Assert.True(entry is not null, $"manifest.json names {name}, which is not in the zip");
            Assert.EndsWith(".bin", name, StringComparison.Ordinal);
            Assert.Equal(entry!.Length, file.GetProperty("size").GetInt64());
        }

        return root;
    }

    /// <summary>Checks field presence and JSON types of a manifest.json root.</summary>
    public static void Check(JsonElement root)
    {
        Assert.Equal(JsonValueKind.Number, root.GetProperty("format-version").ValueKind);
        Assert.Equal(1, root.GetProperty("format-version").GetInt32());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("time").ValueKind);
        Assert.True(root.GetProperty("time").TryGetInt64(out _));
        var files = root.GetProperty("files");
        Assert.Equal(JsonValueKind.Array, files.ValueKind);
        Assert.NotEqual(0, files.GetArrayLength());
        var indices = new HashSet<int>();
        foreach (var file in files.EnumerateArray())
        {
            foreach (var (name, kind) in RequiredFileFields)
            {
                Assert.True(file.TryGetProperty(name, out var value), $"file entry lacks required field '{name}': {file}");
                Assert.True(value.ValueKind == kind, $"'{name}' is {value.ValueKind}, NCS writes {kind}: {file}");
                if (kind == JsonValueKind.Number)
                {
                    Assert.True(value.TryGetInt64(out var number) && number >= 0, $"'{name}' is not a non-negative integer: {value}");
                }
            }

            foreach (var name in IntegerStringFields)
            {
                Assert.True(file.TryGetProperty(name, out var value), $"file entry lacks '{name}': {file}");
                Assert.Equal(JsonValueKind.String, value.ValueKind);
                Assert.True(int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out _), $"'{name}' is not an integer string: {value}");
            }

            int index = int.Parse(file.GetProperty("image_index").GetString()!, CultureInfo.InvariantCulture);
            Assert.True(indices.Add(index), $"image_index {index} appears twice");
            Assert.Equal((2 * index) + 1, int.Parse(file.GetProperty("slot_index_primary").GetString()!, CultureInfo.InvariantCulture));
            Assert.Equal((2 * index) + 2, int.Parse(file.GetProperty("slot_index_secondary").GetString()!, CultureInfo.InvariantCulture));
            Assert.Equal("application", file.GetProperty("type").GetString());
            Assert.Equal(JsonValueKind.String, file.GetProperty("version_MCUBOOT").ValueKind);
        }
    }
}
