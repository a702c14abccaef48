using System.IO.Compression;
using System.Text.Json;
using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Diagnostics;
using McuBoot.Manifests;

namespace McuBoot.Build.Tests.Manifests;

public sealed class DfuApplicationPackageTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ManifestJsonHasNcsFieldsAndTypes()
    {
        var entries = new List<(DfuPackageEntry, long)>
        {
            (new DfuPackageEntry { SourcePath = "/x/app.signed.bin", ImageIndex = 0, LoadAddress = 0xc200, Board = "b", Soc = "s", Version = "1.2.3+4" }, 100),
            (new DfuPackageEntry { SourcePath = "/x/net.signed.bin", FileName = "net.bin", ImageIndex = 1, LoadAddress = 0x01008800, Version = "1.0.0+0" }, 50),
        };
        var json = DfuApplicationPackage.ManifestJson("demo", DateTimeOffset.FromUnixTimeSeconds(1700000000), entries);
        using var document = JsonDocument.Parse(json);
        NcsManifestContract.Check(document.RootElement);

        var root = document.RootElement;
        Assert.Equal(1700000000, root.GetProperty("time").GetInt64());
        Assert.Equal("demo", root.GetProperty("name").GetString());
        var net = root.GetProperty("files")[1];
        Assert.Equal("net.bin", net.GetProperty("file").GetString());
        Assert.Equal("1", net.GetProperty("image_index").GetString());
        Assert.Equal("3", net.GetProperty("slot_index_primary").GetString());
        Assert.Equal("4", net.GetProperty("slot_index_secondary").GetString());
        Assert.Equal(0x01008800, net.GetProperty("load_address").GetInt64());
        Assert.Equal(string.Empty, net.GetProperty("board").GetString());
        Assert.Equal("1.2.3+4", root.GetProperty("files")[0].GetProperty("version_MCUBOOT").GetString());
        Assert.Contains("\"version_MCUBOOT\": \"1.2.3+4\"", System.Text.Encoding.UTF8.GetString(json)); // '+' not escaped
    }

    [Fact]
    public void ZipHoldsTheImagesAndTheManifest_WithFixedTimestamps()
    {
        var bin = _temp.File("app.signed.bin");
        File.WriteAllBytes(bin, [1, 2, 3, 4, 5]);
        var zipPath = _temp.File("dfu_application.zip");
        DfuApplicationPackage.Write(zipPath, "demo", DateTimeOffset.FromUnixTimeSeconds(1700000000),
            [new DfuPackageEntry { SourcePath = bin, ImageIndex = 0, LoadAddress = 0x1000, Version = "1.0.0+0" }]);

        NcsManifestContract.CheckZip(zipPath);
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["app.signed.bin", "manifest.json"], zip.Entries.Select(e => e.FullName));
        Assert.All(zip.Entries, e => Assert.Equal(DfuApplicationPackage.EntryTimestamp.DateTime, e.LastWriteTime.DateTime));

        var first = File.ReadAllBytes(zipPath);
        File.SetLastWriteTimeUtc(bin, DateTime.UtcNow.AddHours(1));
        DfuApplicationPackage.Write(zipPath, "demo", DateTimeOffset.FromUnixTimeSeconds(1700000000),
            [new DfuPackageEntry { SourcePath = bin, ImageIndex = 0, LoadAddress = 0x1000, Version = "1.0.0+0" }]);
        Assert.Equal(first, File.ReadAllBytes(zipPath));
    }

    [Fact]
    public void DuplicateNamesInTheZipAreRefused()
    {
        var bin = _temp.File("a.bin");
        File.WriteAllBytes(bin, [1]);
        var e = Assert.Throws<McuBootException>(() => DfuApplicationPackage.Write(_temp.File("z.zip"), null, DateTimeOffset.UnixEpoch,
        [
            new DfuPackageEntry { SourcePath = bin, ImageIndex = 0, LoadAddress = 0, Version = "1.0.0+0" },
            new DfuPackageEntry { SourcePath = bin, ImageIndex = 1, LoadAddress = 0, Version = "1.0.0+0" },
        ]));
        Assert.Equal(ErrorCodes.DuplicateImage, e.Code);
        Assert.False(File.Exists(_temp.File("z.zip")));
    }
}
