using System.IO.Compression;
using System.Text.Json;
using McuBoot.Artifacts;
using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;

namespace McuBoot.Build.Tests.Core;

/// <summary>NCS file names (McuBootArtifactNaming) for the sysbuild and Partition Manager flows, and the factory merged.hex of a signing job.</summary>
public sealed class ArtifactNamingTests : IDisposable
{
    private static readonly string Nrf52Sample = BuildPaths.Sample("nrf52840-app");
    private static readonly string Nrf53Sample = BuildPaths.Sample("nrf5340-dual-core");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Out => _temp.File("out");

    private SigningJobRequest Nrf52(ArtifactNaming naming) => new()
    {
        Images = [new ImageSigningRequest { FirmwarePath = "firmware/app.hex", Name = "blinky" }],
        BaseDirectory = Nrf52Sample,
        KeySpec = "keys/signing-key.pem",
        LayoutPath = "pm_static.yml",
        OutputDirectory = Out,
        Version = new ImageVersion(1, 2, 3, 0),
        WriteConfirmed = true,
        WriteMovedHex = true,
        Naming = naming,
        Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
    };

    private SigningJobRequest Nrf53(ArtifactNaming naming) => new()
    {
        Images =
        [
            new() { FirmwarePath = "firmware/app.hex", ImageIndex = 0, Name = "app", Board = "nrf5340dk/nrf5340/cpuapp" },
            new() { FirmwarePath = "firmware/net.hex", ImageIndex = 1, Name = "ipc_radio", Board = "nrf5340dk/nrf5340/cpunet" },
        ],
        BaseDirectory = Nrf53Sample,
        KeySpec = "keys/signing-key.pem",
        LayoutPath = "pm_static.yml",
        OutputDirectory = Out,
        WriteMovedHex = true,
        Naming = naming,
    };

    private List<string> Written() => Directory.GetFiles(Out, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(Out, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

    private static List<string> ZipEntries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.Select(e => e.FullName).ToList();
    }

    [Fact]
    public void Default_names_are_unchanged()
    {
        SigningJob.Run(Nrf52(ArtifactNaming.Default));
        Assert.Equal(
            ["blinky.signed.bin", "blinky.signed.confirmed.bin", "blinky.signed.confirmed.hex", "blinky.signed.hex", "blinky.signed.moved.hex", "dfu_application.zip", "mcuboot-manifest.json"],
            Written());
        Assert.Equal(["blinky.signed.bin", "manifest.json"], ZipEntries(Path.Combine(Out, "dfu_application.zip")));
        Assert.Empty(DfuPackageValidator.Check(Path.Combine(Out, "dfu_application.zip")).Findings);
    }

    [Fact]
    public void Ncs_sysbuild_names_mirror_an_ncs_build_folder()
    {
        SigningJob.Run(Nrf52(ArtifactNaming.NcsSysbuild));
        Assert.Equal(
            [
                "blinky/zephyr/zephyr.signed.bin", "blinky/zephyr/zephyr.signed.confirmed.bin", "blinky/zephyr/zephyr.signed.confirmed.hex",
                "blinky/zephyr/zephyr.signed.hex", "blinky/zephyr/zephyr.signed.moved.hex", "dfu_application.zip", "mcuboot-manifest.json",
            ],
            Written());
        Assert.Equal(["blinky.signed.bin", "manifest.json"], ZipEntries(Path.Combine(Out, "dfu_application.zip")));
        Assert.Equal(0xc000u, IntelHexReader.Read(Path.Combine(Out, "blinky", "zephyr", "zephyr.signed.hex")).MinAddress);
    }

    [Fact]
    public void Ncs_sysbuild_names_for_app_and_network_core()
    {
        SigningJob.Run(Nrf53(ArtifactNaming.NcsSysbuild));
        Assert.Contains("app/zephyr/zephyr.signed.bin", Written());
        Assert.Contains("app/zephyr/zephyr.signed.hex", Written());
        Assert.Contains("ipc_radio/zephyr/zephyr.signed.bin", Written());
        // zip.cmake: the application as <image>.signed.bin, the network core as <image>.bin.
        Assert.Equal(["app.signed.bin", "ipc_radio.bin", "manifest.json"], ZipEntries(Path.Combine(Out, "dfu_application.zip")));

        // What we write passes the DFU readers' rules.
        var report = DfuPackageValidator.Check(Path.Combine(Out, "dfu_application.zip"));
        Assert.True(report.Passed, string.Join("\n", report.Findings));
        Assert.Equal([0, 1], report.Images.Select(i => i.ImageIndex));
    }

    [Fact]
    public void Ncs_partition_manager_names_for_app_and_network_core()
    {
        SigningJob.Run(Nrf53(ArtifactNaming.NcsPartitionManager));
        var written = Written();
        Assert.Contains("zephyr/app_update.bin", written);
        Assert.Contains("zephyr/app_signed.hex", written);
        Assert.Contains("zephyr/app_moved_test_update.hex", written);
        Assert.Contains("zephyr/net_core_app_update.bin", written);
        Assert.Contains("zephyr/net_core_app_moved_test_update.hex", written);
        Assert.Contains("zephyr/dfu_application.zip", written);
        // NCS 2.6 zipped net_core_app_update.bin, which contains "app_update.bin": the iOS reader could pick it for the app.
        Assert.Equal(["app_update.bin", "net_core_update.bin", "manifest.json"], ZipEntries(Path.Combine(Out, "zephyr", "dfu_application.zip")));
        var report = DfuPackageValidator.Check(Path.Combine(Out, "zephyr", "dfu_application.zip"));
        Assert.True(report.Passed, string.Join("\n", report.Findings));

        // The moved test update sits at the secondary slot, as NCS's objcopy --change-address puts it.
        var moved = IntelHexReader.Read(Path.Combine(Out, "zephyr", "app_moved_test_update.hex"));
        var signed = IntelHexReader.Read(Path.Combine(Out, "zephyr", "app_signed.hex"));
        Assert.NotEqual(signed.MinAddress, moved.MinAddress);
    }

    [Theory]
    [InlineData("ncs", ArtifactNaming.NcsSysbuild)]
    [InlineData("NCS-PM", ArtifactNaming.NcsPartitionManager)]
    [InlineData("", ArtifactNaming.Default)]
    [InlineData("default", ArtifactNaming.Default)]
    public void Naming_values_parse(string text, ArtifactNaming expected) => Assert.Equal(expected, ArtifactNames.Parse(text));

    [Fact]
    public void Unknown_naming_is_a_coded_error()
        => Assert.Equal(ErrorCodes.InvalidArtifactNaming, Assert.Throws<McuBootException>(() => ArtifactNames.Parse("west")).Code);

    [Fact]
    public void Job_with_bootloader_writes_merged_hex_with_bootloader_and_signed_image()
    {
        byte[] bootloader = new byte[0x2000];
        new Random(5).NextBytes(bootloader);
        string bootloaderBin = _temp.File("mcuboot.bin");
        File.WriteAllBytes(bootloaderBin, bootloader);

        var result = SigningJob.Run(Nrf52(ArtifactNaming.NcsSysbuild) with { BootloaderPath = bootloaderBin });
        Assert.NotNull(result.MergedHex);
        Assert.Equal(Path.Combine(Out, "merged.hex"), result.MergedHex!.Path);
        Assert.Contains(result.Files, f => f.Kind == SignedOutputKind.MergedHex);

        var merged = IntelHexReader.Read(result.MergedHex.Path);
        byte[] flat = merged.Flatten();
        Assert.Equal(bootloader, flat[..bootloader.Length]); // .bin bootloader at the layout's mcuboot partition (0x0)
        byte[] signed = IntelHexReader.Read(Path.Combine(Out, "blinky", "zephyr", "zephyr.signed.hex")).Flatten();
        Assert.Equal(signed, flat[0xc000..(0xc000 + signed.Length)]);
        Assert.Equal(ImageHeader.Magic, BitConverter.ToUInt32(flat, 0xc000));
    }

    [Fact]
    public void Job_refuses_a_bootloader_overlapping_the_slot_and_leaves_nothing_behind()
    {
        string bootloaderBin = _temp.File("mcuboot.bin");
        File.WriteAllBytes(bootloaderBin, new byte[0xc001]);
        var e = Assert.Throws<McuBootException>(() => SigningJob.Run(Nrf52(ArtifactNaming.Default) with { BootloaderPath = bootloaderBin }));
        Assert.Equal(ErrorCodes.FactoryImageOverlap, e.Code);
        Assert.Contains("0x00000000..0x0000c000", e.Message);
        Assert.Contains("0x0000c000..", e.Message);
        Assert.False(Directory.Exists(Out) && Directory.GetFiles(Out, "*", SearchOption.AllDirectories).Length > 0);
    }

    [Fact]
    public void Direct_xip_builds_are_signed_rom_fixed_for_their_slot_and_packaged_with_slot_and_xip_version()
    {
        var result = SigningJob.Run(new SigningJobRequest
        {
            Images =
            [
                new() { FirmwarePath = "firmware/app.bin", ImageIndex = 0, Slot = 0, Name = "blinky" },
                new() { FirmwarePath = "firmware/app.bin", ImageIndex = 0, Slot = 1, Name = "mcuboot_secondary_app" },
            ],
            BaseDirectory = Nrf52Sample,
            KeySpec = "keys/signing-key.pem",
            LayoutPath = "pm_static.yml",
            OutputDirectory = Out,
            Version = new ImageVersion(2, 0, 0, 0),
            Naming = ArtifactNaming.NcsSysbuild,
            Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
        });

        Assert.Equal([0, 1], result.Images.Select(i => i.Slot));
        var primary = ImageReader.Read(File.ReadAllBytes(Path.Combine(Out, "blinky", "zephyr", "zephyr.signed.bin")));
        var secondary = ImageReader.Read(File.ReadAllBytes(Path.Combine(Out, "mcuboot_secondary_app", "zephyr", "zephyr.signed.bin")));
        Assert.True(primary.Header.Flags.HasFlag(ImageFlags.RomFixed));
        Assert.True(secondary.Header.Flags.HasFlag(ImageFlags.RomFixed));
        Assert.Equal(0xc000u, primary.Header.LoadAddress);
        Assert.Equal(0x82000u, secondary.Header.LoadAddress);
        Assert.Equal(0xc000u, IntelHexReader.Read(Path.Combine(Out, "blinky", "zephyr", "zephyr.signed.hex")).MinAddress);
        Assert.Equal(0x82000u, IntelHexReader.Read(Path.Combine(Out, "mcuboot_secondary_app", "zephyr", "zephyr.signed.hex")).MinAddress);

        string zip = Path.Combine(Out, "dfu_application.zip");
        using (var archive = ZipFile.OpenRead(zip))
        using (var manifest = JsonDocument.Parse(archive.GetEntry("manifest.json")!.Open()))
        {
            var files = manifest.RootElement.GetProperty("files").EnumerateArray().ToList();
            Assert.Equal(["0", "1"], files.Select(f => f.GetProperty("slot").GetString()));
            Assert.All(files, f => Assert.Equal("0", f.GetProperty("image_index").GetString()));
            Assert.All(files, f => Assert.Equal("2.0.0+0", f.GetProperty("version_MCUBOOT+XIP").GetString()));
            Assert.All(files, f => Assert.False(f.TryGetProperty("slot_index_primary", out _)));
            Assert.All(files, f => Assert.False(f.TryGetProperty("version_MCUBOOT", out _)));
            Assert.Equal([0xc200, 0x82200], files.Select(f => f.GetProperty("load_address").GetInt64()));
            Assert.Equal(["blinky.signed.bin", "mcuboot_secondary_app.signed.bin"], files.Select(f => f.GetProperty("file").GetString()));
        }

        var report = DfuPackageValidator.Check(zip);
        Assert.True(report.Passed, string.Join("\n", report.Findings));
        Assert.Equal([0, 1], report.Images.Select(i => i.Slot));
    }

    [Fact]
    public void Image_names_inside_each_other_are_refused_for_the_package()
    {
        var request = Nrf53(ArtifactNaming.Default) with
        {
            Images =
            [
                new() { FirmwarePath = "firmware/app.hex", ImageIndex = 0, Name = "app" },
                new() { FirmwarePath = "firmware/net.hex", ImageIndex = 1, Name = "net_app" },
            ],
        };
        var e = Assert.Throws<McuBootException>(() => SigningJob.Run(request));
        Assert.Equal(ErrorCodes.DfuFileNameAmbiguous, e.Code);
        Assert.Contains("'app.signed.bin' is part of 'net_app.signed.bin'", e.Message);
    }

    [Fact]
    public void Manifest_time_and_modtime_come_from_the_timestamp()
    {
        SigningJob.Run(Nrf52(ArtifactNaming.Default));
        using var zip = ZipFile.OpenRead(Path.Combine(Out, "dfu_application.zip"));
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        Assert.Equal(1_700_000_000, manifest.RootElement.GetProperty("time").GetInt64());
        Assert.Equal(1_700_000_000, manifest.RootElement.GetProperty("files")[0].GetProperty("modtime").GetInt64());
    }
}
