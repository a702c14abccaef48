using System.IO.Compression;
using System.Text;
using McuBoot.Artifacts;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Artifacts;

/// <summary>
/// <c>dfu-package check</c>: each rule of the iOS and Android DFU readers, with a package that passes it and one that
/// fails it.
/// </summary>
public sealed class DfuPackageValidatorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A real signed (hash-only) MCUboot image.</summary>
    internal static byte[] Image(ImageHashAlgorithm hash = ImageHashAlgorithm.Sha256, int seed = 1)
    {
        var firmware = new byte[3000];
        new Random(seed).NextBytes(firmware);
        var image = ImageBuilder.Build(firmware, null, new ImageSignOptions { Version = new ImageVersion(1, 2, 3, 0), HeaderSize = 0x200, PadHeader = true, SlotSize = 0x10000, Hash = hash });
        using var stream = new MemoryStream();
        ImageFileWriter.WriteBinary(image, stream);
        return stream.ToArray();
    }

    /// <summary>An image with the given unprotected TLVs after a correct hash-only image's header and body.</summary>
    private static byte[] ImageWithTlvs(params Tlv[] tlvs)
    {
        byte[] good = Image();
        var parsed = ImageReader.Read(good);
        byte[] area = TlvArea.Encode(TlvType.InfoMagic, tlvs, ByteOrder.LittleEndian);
        return [.. good.AsSpan(0, (int)parsed.UnprotectedAreaOffset), .. area];
    }

    private static string Entry(string file, long size, string extra = "\"image_index\": \"0\", \"slot_index_primary\": \"1\", \"slot_index_secondary\": \"2\", \"version_MCUBOOT\": \"1.2.3+0\"")
        => $$"""{"type": "application", "board": "nrf52840dk/nrf52840", "soc": "nrf52840", "load_address": 49664, {{extra}}, "size": {{size}}, "file": "{{file}}", "modtime": 1700000000}""";

    private static string Manifest(params string[] entries) => $$"""{"format-version": 1, "time": 1700000000, "name": "blinky", "files": [{{string.Join(", ", entries)}}]}""";

    private string Zip(string manifest, params (string Name, byte[] Data)[] files)
    {
        string path = _temp.File($"p{Guid.NewGuid():N}.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, data) in files.Append(("manifest.json", Encoding.UTF8.GetBytes(manifest))))
        {
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(data);
        }

        return path;
    }

    private string Single(byte[]? image = null, string name = "blinky.signed.bin", Func<string, string>? editEntry = null)
    {
        image ??= Image();
        string entry = Entry(name, image.Length);
        return Zip(Manifest(editEntry is null ? entry : editEntry(entry)), (name, image));
    }

    private static void AssertPasses(DfuPackageReport report) => Assert.True(report.Passed, string.Join("\n", report.Findings));

    private static CheckFindingAssert Fails(DfuPackageReport report, string code)
    {
        Assert.False(report.Passed);
        Assert.Contains(report.Findings, f => f.IsError && f.Code == code);
        return new CheckFindingAssert(report);
    }

    private sealed record CheckFindingAssert(DfuPackageReport Report);

    [Fact]
    public void An_ncs_single_image_package_passes()
    {
        var report = DfuPackageValidator.Check(Single());
        AssertPasses(report);
        Assert.Empty(report.Findings);
        var image = Assert.Single(report.Images);
        Assert.Equal(0, image.ImageIndex);
        Assert.Equal("SHA256", image.HashTlv);
    }

    [Fact]
    public void A_multi_image_package_with_image_index_strings_passes_and_a_repeated_index_fails()
    {
        byte[] app = Image(seed: 2);
        byte[] net = Image(seed: 3);
        string good = Zip(Manifest(Entry("app.signed.bin", app.Length), Entry("ipc_radio.bin", net.Length, "\"image_index\": \"1\", \"slot_index_primary\": \"3\", \"slot_index_secondary\": \"4\", \"version\": \"1\"")),
            ("app.signed.bin", app), ("ipc_radio.bin", net));
        var report = DfuPackageValidator.Check(good);
        AssertPasses(report);
        Assert.Equal([0, 1], report.Images.Select(i => i.ImageIndex));

        string bad = Zip(Manifest(Entry("app.signed.bin", app.Length), Entry("ipc_radio.bin", net.Length)), ("app.signed.bin", app), ("ipc_radio.bin", net));
        Fails(DfuPackageValidator.Check(bad), ErrorCodes.DfuImageInvalid);
    }

    [Fact]
    public void A_direct_xip_package_with_slot_strings_passes_and_slot_numbers_fail()
    {
        byte[] primary = Image(seed: 4);
        byte[] secondary = Image(seed: 5);
        string xip(string slot) => $"\"image_index\": \"0\", \"slot\": {slot}, \"version_MCUBOOT+XIP\": \"1.2.3+0\"";
        string good = Zip(Manifest(Entry("blinky.signed.bin", primary.Length, xip("\"0\"")), Entry("mcuboot_secondary_app.signed.bin", secondary.Length, xip("\"1\""))),
            ("blinky.signed.bin", primary), ("mcuboot_secondary_app.signed.bin", secondary));
        var report = DfuPackageValidator.Check(good);
        AssertPasses(report);
        Assert.Equal([0, 1], report.Images.Select(i => i.Slot));

        string bad = Zip(Manifest(Entry("blinky.signed.bin", primary.Length, xip("0")), Entry("mcuboot_secondary_app.signed.bin", secondary.Length, xip("1"))),
            ("blinky.signed.bin", primary), ("mcuboot_secondary_app.signed.bin", secondary));
        Fails(DfuPackageValidator.Check(bad), ErrorCodes.DfuManifestFieldType);
    }

    [Theory]
    [InlineData("\"size\": ")]
    [InlineData("\"file\": ")]
    [InlineData("\"modtime\": ")]
    [InlineData("\"type\": ")]
    [InlineData("\"board\": ")]
    [InlineData("\"soc\": ")]
    [InlineData("\"load_address\": ")]
    public void Each_field_the_ios_library_requires_must_be_present(string field)
    {
        string path = Single(editEntry: e => RemoveField(e, field));
        Fails(DfuPackageValidator.Check(path), field == "\"file\": " ? ErrorCodes.DfuManifestFieldMissing : ErrorCodes.DfuManifestFieldMissing);
    }

    [Theory]
    [InlineData("\"format-version\": 1, ")]
    [InlineData("\"time\": 1700000000, ")]
    public void Top_level_format_version_and_time_are_required(string field)
    {
        byte[] image = Image();
        string manifest = Manifest(Entry("blinky.signed.bin", image.Length)).Replace(field, string.Empty, StringComparison.Ordinal);
        Fails(DfuPackageValidator.Check(Zip(manifest, ("blinky.signed.bin", image))), ErrorCodes.DfuManifestFieldMissing);
    }

    [Theory]
    [InlineData("\"image_index\": \"0\"", "\"image_index\": 0")]
    [InlineData("\"image_index\": \"0\"", "\"image_index\": \"zero\"")]
    [InlineData("\"slot_index_primary\": \"1\"", "\"slot_index_primary\": 1")]
    [InlineData("\"board\": \"nrf52840dk/nrf52840\"", "\"board\": 52840")]
    [InlineData("\"load_address\": 49664", "\"load_address\": \"0xc200\"")]
    [InlineData("\"modtime\": 1700000000", "\"modtime\": 1.5")]
    public void Fields_must_have_the_json_type_the_readers_decode(string good, string bad)
    {
        AssertPasses(DfuPackageValidator.Check(Single(editEntry: e => e.Replace(good, good, StringComparison.Ordinal))));
        Fails(DfuPackageValidator.Check(Single(editEntry: e => e.Replace(good, bad, StringComparison.Ordinal))), ErrorCodes.DfuManifestFieldType);
    }

    [Fact]
    public void Files_named_by_the_manifest_must_be_in_the_zip_as_bin_at_the_top()
    {
        byte[] image = Image();
        Fails(DfuPackageValidator.Check(Zip(Manifest(Entry("blinky.signed.bin", image.Length)), ("other.signed.bin", image))), ErrorCodes.DfuFileMissing);
        Fails(DfuPackageValidator.Check(Zip(Manifest(Entry("blinky.signed.img", image.Length)), ("blinky.signed.img", image))), ErrorCodes.DfuFileMissing);
        Fails(DfuPackageValidator.Check(Zip(Manifest(Entry("images/blinky.signed.bin", image.Length)), ("images/blinky.signed.bin", image))), ErrorCodes.DfuFileMissing);
    }

    [Fact]
    public void Sizes_must_match_the_zip_entries()
    {
        byte[] image = Image();
        AssertPasses(DfuPackageValidator.Check(Zip(Manifest(Entry("a.signed.bin", image.Length)), ("a.signed.bin", image))));
        Fails(DfuPackageValidator.Check(Zip(Manifest(Entry("a.signed.bin", image.Length + 1)), ("a.signed.bin", image))), ErrorCodes.DfuFileSizeMismatch);
    }

    [Fact]
    public void File_names_inside_other_names_are_refused()
    {
        byte[] app = Image(seed: 6);
        byte[] net = Image(seed: 7);
        string net1 = "\"image_index\": \"1\", \"slot_index_primary\": \"3\", \"slot_index_secondary\": \"4\", \"version_MCUBOOT\": \"1.0.0+0\"";
        AssertPasses(DfuPackageValidator.Check(Zip(Manifest(Entry("app.signed.bin", app.Length), Entry("net.signed.bin", net.Length, net1)), ("app.signed.bin", app), ("net.signed.bin", net))));
        Fails(DfuPackageValidator.Check(Zip(Manifest(Entry("app.bin", app.Length), Entry("net_app.bin", net.Length, net1)), ("app.bin", app), ("net_app.bin", net))), ErrorCodes.DfuFileNameAmbiguous);

        // The iOS library takes the first .json as the manifest.
        Fails(DfuPackageValidator.Check(Zip(Manifest(Entry("app.signed.bin", app.Length)), ("app.signed.bin", app), ("blinky_manifest.json", Encoding.UTF8.GetBytes("{}")))), ErrorCodes.DfuFileNameAmbiguous);
    }

    [Fact]
    public void Images_need_exactly_one_hash_tlv_of_its_length()
    {
        byte[] good = Image();
        var hash = ImageReader.Read(good).Find(TlvType.Sha256)!.Value;
        AssertPasses(DfuPackageValidator.Check(Single(ImageWithTlvs(new Tlv(TlvType.Sha256, hash)))));
        Fails(DfuPackageValidator.Check(Single(ImageWithTlvs(new Tlv(TlvType.Sha256, hash), new Tlv(TlvType.Sha512, new byte[64])))), ErrorCodes.DfuImageHashTlv);
        Fails(DfuPackageValidator.Check(Single(ImageWithTlvs(new Tlv(TlvType.Sha256, hash[..31])))), ErrorCodes.DfuImageHashTlv);
        Fails(DfuPackageValidator.Check(Single(ImageWithTlvs(new Tlv(TlvType.KeyHash, hash)))), ErrorCodes.DfuImageHashTlv);
    }

    [Fact]
    public void The_hash_must_be_the_one_the_device_checks_when_it_is_known()
    {
        string path = Single();
        AssertPasses(DfuPackageValidator.Check(path, ImageHashAlgorithm.Sha256));
        Fails(DfuPackageValidator.Check(path, ImageHashAlgorithm.Sha512), ErrorCodes.DfuImageHashTlv);
    }

    [Fact]
    public void Sha512_images_pass_with_a_client_compatibility_warning()
    {
        var report = DfuPackageValidator.Check(Single(Image(ImageHashAlgorithm.Sha512)));
        AssertPasses(report);
        var warning = Assert.Single(report.Findings);
        Assert.Equal(ErrorCodes.DfuHashClientCompatibility, warning.Code);
        Assert.Contains("smpmgr", warning.Message);
        Assert.Empty(DfuPackageValidator.Check(Single()).Findings);
    }

    [Fact]
    public void Files_must_be_mcuboot_images_whose_hash_verifies()
    {
        Fails(DfuPackageValidator.Check(Single(new byte[4096])), ErrorCodes.DfuImageInvalid);
        byte[] tampered = Image();
        tampered[0x300] ^= 0xff;
        Fails(DfuPackageValidator.Check(Single(tampered)), ErrorCodes.DfuImageInvalid);
    }

    [Fact]
    public void Unreadable_packages_are_coded_errors()
    {
        string notZip = _temp.File("x.zip");
        File.WriteAllText(notZip, "not a zip");
        Assert.Equal(ErrorCodes.DfuPackageUnreadable, Assert.Throws<McuBootException>(() => DfuPackageValidator.Check(notZip)).Code);

        string noManifest = _temp.File("y.zip");
        using (var zip = ZipFile.Open(noManifest, ZipArchiveMode.Create))
        {
            zip.CreateEntry("app.bin");
        }

        Assert.Equal(ErrorCodes.DfuPackageUnreadable, Assert.Throws<McuBootException>(() => DfuPackageValidator.Check(noManifest)).Code);
        Assert.Equal(ErrorCodes.DfuPackageUnreadable, Assert.Throws<McuBootException>(() => DfuPackageValidator.Check(Zip("[1, 2]"))).Code);
        Assert.Equal(ErrorCodes.DfuPackageUnreadable, Assert.Throws<McuBootException>(() => DfuPackageValidator.Check(Zip("{\"files\": "))).Code);
    }

    [Fact]
    public void Cli_dfu_package_check_prints_findings_and_exits_5_on_errors()
    {
        using var ws = new CliWorkspace();
        File.Copy(Single(), ws.File("good.zip"));
        File.Copy(Single(editEntry: e => e.Replace("\"image_index\": \"0\"", "\"image_index\": 0", StringComparison.Ordinal)), ws.File("bad.zip"));
        var good = ws.Run("dfu-package", "check", "good.zip");
        Assert.True(good.ExitCode == 0, good.Stdout + good.Stderr);
        Assert.Contains("dfu-package check passed", good.Stdout);
        var bad = ws.Run("dfu-package", "check", "bad.zip");
        Assert.Equal(ExitCodes.Rejected, bad.ExitCode);
        Assert.Contains($"error {ErrorCodes.DfuManifestFieldType}: ", bad.Stdout);
        var sha = ws.Run("dfu-package", "check", "good.zip", "--device-sha", "512");
        Assert.Equal(ExitCodes.Rejected, sha.ExitCode);
        CliAssert.Failed(ws.Run("dfu-package", "check", "missing.zip"), ErrorCodes.InputNotFound);
    }

    private static string RemoveField(string entry, string field)
    {
        int start = entry.IndexOf(field, StringComparison.Ordinal);
        int end = entry.IndexOf(", ", start, StringComparison.Ordinal);
        return end < 0 ? entry[..(entry.LastIndexOf(", ", start, StringComparison.Ordinal))] + "}" : entry[..start] + entry[(end + 2)..];
    }
}
