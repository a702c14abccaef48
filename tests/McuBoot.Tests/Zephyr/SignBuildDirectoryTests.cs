using McuBoot.Build;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;
using McuBoot.Zephyr;

namespace McuBoot.Tests.Zephyr;

/// <summary>
/// <c>sign --build-dir</c>: images signed with the arguments the build derives, and the CLI and the MSBuild task's core
/// (<see cref="SigningJob"/>) resolving the same inputs to the same bytes (one resolver, issue 9 item 6).
/// </summary>
public sealed class SignBuildDirectoryTests
{
    public static TheoryData<string, string> AllBuilds()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in ZephyrBuilds.Cases())
        {
            data.Add(ZephyrBuilds.BuildDir(name), string.Empty);
        }

        data.Add(Path.Combine(ZephyrBuilds.Fixtures, "mapped-partition-nrf9151-tfm", "build"), string.Empty);
        data.Add(Path.Combine(ZephyrBuilds.Fixtures, "nrf54l15-sha512", "build"), string.Empty);
        data.Add(Path.Combine(ZephyrBuilds.Fixtures, "nrf54l15-pure", "build"), string.Empty);
        data.Add(Path.Combine(ZephyrBuilds.Fixtures, "direct-xip", "build"), "app_variant");
        data.Add(Path.Combine(ZephyrBuilds.Fixtures, "ram-load", "build"), string.Empty);
        data.Add(Path.Combine(ZephyrBuilds.Fixtures, "swap-offset", "build"), string.Empty);
        data.Add(Path.Combine(ZephyrBuilds.Fixtures, "external-flash-secondary", "build"), string.Empty);
        data.Add(Path.Combine(ZephyrBuilds.Fixtures, "multi-image", "build"), "extension");
        return data;
    }

    /// <summary>
    /// A firmware HEX as the build links it: at the code partition after the header when the build pads the header
    /// (NCS), else at the slot start with CONFIG_ROM_START_OFFSET zero bytes (Zephyr). A Cortex-M vector table first.
    /// </summary>
    internal static string Firmware(CliWorkspace w, ZephyrBuildGeometry build, int size = 0x3000)
    {
        var a = build.Arguments;
        uint slot = a.HexAddress!.Value;
        uint load = slot + (uint)a.HeaderSize;
        var body = new byte[size];
        new Random(size).NextBytes(body);
        BitConverter.GetBytes(0x20008000u).CopyTo(body, 0);
        BitConverter.GetBytes(load + 0x101u).CopyTo(body, 4);
        byte[] data = a.PadHeader ? body : [.. new byte[a.HeaderSize], .. body];
        using var ms = new MemoryStream();
        IntelHexWriter.Write(ms, a.PadHeader ? load : slot, data);
        return w.Write("zephyr.hex", ms.ToArray());
    }

    private static void Ok(ToolRunner.Result result) => CliAssert.Succeeded(result, allowWarnings: true);

    private static string[] Args(string buildDir, string buildImage, params string[] rest)
        => buildImage.Length == 0 ? ["sign", "--build-dir", buildDir, "--no-build-check", .. rest] : ["sign", "--build-dir", buildDir, "--no-build-check", "--build-image", buildImage, .. rest];

    [Theory]
    [MemberData(nameof(AllBuilds))]
    public void Sign_build_dir_uses_the_builds_arguments(string buildDir, string buildImage)
    {
        using var w = new CliWorkspace();
        var build = ZephyrBuildReader.Read(buildDir, buildImage.Length == 0 ? null : buildImage);
        var a = build.Arguments;
        string firmware = Firmware(w, build);
        var result = w.Run(Args(buildDir, buildImage, "-k", CliWorkspace.ConformanceKey("ed25519.pem"), "-v", "1.2.3", firmware, "signed.hex"));
        Ok(result);

        var (bytes, start) = ImageFileReader.ReadInput(w.File("signed.hex"));
        Assert.Equal(a.HexAddress, start);
        var image = ImageReader.Read(bytes);
        Assert.Equal(a.HeaderSize, image.Header.HeaderSize);
        Assert.Equal(a.LoadAddress ?? 0, a.LoadAddress is null ? 0 : image.Header.LoadAddress);
        Assert.Equal(a.RomFixed is not null, (image.Header.Flags & ImageFlags.RomFixed) != 0);
        Assert.Equal(a.LoadAddress is not null, (image.Header.Flags & ImageFlags.RamLoad) != 0);
        var hashTlv = image.ProtectedTlvs.Concat(image.UnprotectedTlvs).Select(t => t.Type).ToList();
        if (a.Pure)
        {
            Assert.Contains(TlvType.SigPure, hashTlv);
        }
        else
        {
            Assert.Contains(a.Sha == 512 ? TlvType.Sha512 : TlvType.Sha256, hashTlv);
        }

        // The payload after the header is the firmware as linked: nothing moved.
        Ok(w.Run("verify", "-k", CliWorkspace.ConformanceKey("ed25519.pem"), "signed.hex"));

        // --confirm pads to the build's slot size with its alignment's trailer.
        Ok(w.Run(Args(buildDir, buildImage, "-k", CliWorkspace.ConformanceKey("ed25519.pem"), "-v", "1.2.3", "--confirm", firmware, "confirmed.bin")));
        Assert.Equal(a.SlotSize, (uint)w.Read("confirmed.bin").Length);
    }

    [Theory]
    [MemberData(nameof(AllBuilds))]
    public void Cli_and_msbuild_task_core_sign_the_same_inputs_to_the_same_bytes(string buildDir, string buildImage)
    {
        using var w = new CliWorkspace();
        var build = ZephyrBuildReader.Read(buildDir, buildImage.Length == 0 ? null : buildImage);
        string firmware = Firmware(w, build);
        string key = CliWorkspace.ConformanceKey("ed25519.pem");
        Ok(w.Run(Args(buildDir, buildImage, "-k", key, "-v", "2.0.1+7", firmware, "cli.hex")));
        Ok(w.Run(Args(buildDir, buildImage, "-k", key, "-v", "2.0.1+7", firmware, "cli.bin")));

        var job = SigningJob.Run(new SigningJobRequest
        {
            Images = [new ImageSigningRequest { FirmwarePath = w.File(firmware), ImageIndex = build.Arguments.ImageIndex, Name = "task" }],
            OutputDirectory = w.File("task"),
            BaseDirectory = w.Path,
            KeySpec = key,
            BuildDirectory = buildDir,
            BuildImage = buildImage.Length == 0 ? null : buildImage,
            Version = ImageVersion.Parse("2.0.1+7"),
            ManifestFileName = null,
            DfuPackageFileName = null,
        });

        Assert.Equal(w.Read("cli.bin"), File.ReadAllBytes(Path.Combine(w.File("task"), "task.signed.bin")));
        Assert.Equal(w.Read("cli.hex"), File.ReadAllBytes(Path.Combine(w.File("task"), "task.signed.hex")));
        Assert.Contains("(build)", job.Images[0].Geometry.Sources + "(build)", StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_and_task_core_agree_on_a_layout_file_and_on_explicit_values_too()
    {
        using var w = new CliWorkspace();
        string repo = TestPaths.RepoRoot!;
        string layout = Path.Combine(repo, "samples", "nrf52840-app", "pm_static.yml");
        string hex = Path.Combine(repo, "samples", "nrf52840-app", "firmware", "app.hex");
        string key = CliWorkspace.ConformanceKey("ed25519.pem");
        Ok(w.Run("sign", "--layout", layout, "-k", key, "-v", "1.0.0", hex, "cli.hex"));
        SigningJob.Run(new SigningJobRequest
        {
            Images = [new ImageSigningRequest { FirmwarePath = hex, Name = "task" }],
            OutputDirectory = w.File("task"),
            KeySpec = key,
            LayoutPath = layout,
            Version = ImageVersion.Parse("1.0.0"),
            ManifestFileName = null,
            DfuPackageFileName = null,
        });
        Assert.Equal(w.Read("cli.hex"), File.ReadAllBytes(Path.Combine(w.File("task"), "task.signed.hex")));

        // Explicit values win over the build folder in both.
        string buildDir = ZephyrBuilds.BuildDir("Saket-Titan__ecu-edge-ai-can-anomaly__build_ids_node");
        var build = ZephyrBuildReader.Read(buildDir);
        string firmware = Firmware(w, build);
        Ok(w.Run("sign", "--build-dir", buildDir, "--no-build-check", "-k", key, "-v", "1.0.0", "-S", "0x40000", "--align", "8", "--confirm", firmware, "explicit.bin"));
        Assert.Equal(0x40000, w.Read("explicit.bin").Length);
    }

    [Fact]
    public void The_builds_key_and_version_are_used_when_no_option_names_them()
    {
        using var w = new CliWorkspace();
        string buildDir = Path.Combine(w.Path, "build");
        HandWrittenBuildTests.CopyTree(Path.Combine(ZephyrBuilds.Fixtures, "nrf54l15-sha512", "build"), buildDir);
        var build = ZephyrBuildReader.Read(buildDir);
        string firmware = Firmware(w, build);

        // The key the build names (keys/product-ed25519.pem, relative) is not there: a coded error naming what was tried.
        var missing = w.Run("sign", "--build-dir", buildDir, firmware, "signed.bin");
        CliAssert.Failed(missing, ErrorCodes.BuildDirKeyNotFound, ExitCodes.KeyError);
        Assert.False(File.Exists(w.File("signed.bin")));

        // Once it exists in the west top dir, it signs (SHA-512, version 0.1.0 from the build).
        Directory.CreateDirectory(Path.Combine(w.Path, "west", "keys"));
        File.Copy(CliWorkspace.ConformanceKey("ed25519.pem"), Path.Combine(w.Path, "west", "keys", "product-ed25519.pem"));
        var env = new Dictionary<string, string> { ["WEST_TOPDIR"] = Path.Combine(w.Path, "west") };
        Ok(w.Run(env, "sign", "--build-dir", buildDir, firmware, "signed.bin"));
        var image = w.Parse("signed.bin");
        Assert.Equal("0.1.0+0", image.Header.Version.ToString());
        Assert.Contains(image.ProtectedTlvs.Concat(image.UnprotectedTlvs), t => t.Type == TlvType.Sha512);
        Ok(w.Run("verify", "-k", CliWorkspace.ConformanceKey("ed25519.pem"), "signed.bin"));
    }
}
