using McuBoot.Bootloader;
using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Keys;
using McuBoot.Zephyr;

namespace McuBoot.Build.Tests.EndToEnd;

/// <summary>
/// A packed <c>dotnet build</c> with <c>McuBootZephyrBuildDirectory</c>: geometry from the build folder, the signing key
/// from its bootloader's configuration when McuBootSigningKey is not set (a warning for MCUboot's public development
/// keys), and the post-signing check deciding with the build's bootloader (another key fails with the model's code).
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class ZephyrBuildDirectoryTests(PackedPackageFixture package)
{
    private static string Fixture => Path.Combine(BuildPaths.RepositoryRoot, "tests", "data", "zephyr-builds", "hand-written", "nrf54l15-sha512");

    /// <summary>A copy of the nRF54L15 SHA-512 build whose bootloader's CONFIG_BOOT_SIGNATURE_KEY_FILE names <paramref name="keyPath"/>.</summary>
    private static string CopyBuild(string destination, string keyPath)
    {
        BuildPaths.CopyDirectory(Fixture, destination);
        string config = Path.Combine(destination, "build", "mcuboot", "zephyr", ".config");
        File.WriteAllText(config, File.ReadAllText(config).Replace("/opt/keys/product-ed25519.pem", keyPath.Replace('\\', '/'), StringComparison.Ordinal));
        return Path.Combine(destination, "build");
    }

    private static void WriteKey(string path)
    {
        using var key = McuBootKey.Generate(KeyType.Ed25519);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, key.ExportPrivatePkcs8Pem(ReadOnlySpan<char>.Empty));
    }

    /// <summary>A Cortex-M firmware HEX linked as the build links it (at the slot, CONFIG_ROM_START_OFFSET zeros first when it does not pad).</summary>
    private static void WriteFirmware(string path, ZephyrBuildGeometry build)
    {
        var a = build.Arguments;
        uint slot = a.HexAddress!.Value;
        uint load = slot + (uint)a.HeaderSize;
        var body = new byte[0x2000];
        new Random(11).NextBytes(body);
        BitConverter.GetBytes(0x20008000u).CopyTo(body, 0);
        BitConverter.GetBytes(load + 0x101u).CopyTo(body, 4);
        byte[] data = a.PadHeader ? body : [.. new byte[a.HeaderSize], .. body];
        using var stream = File.Create(path);
        IntelHexWriter.Write(stream, a.PadHeader ? load : slot, data);
    }

    private static void WriteProject(string project, string extraProperties = "")
    {
        File.WriteAllText(Path.Combine(project, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(project, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(project, "fw.csproj"), $"""
            <Project Sdk="Microsoft.Build.NoTargets/3.7.0">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <McuBootFirmware>zephyr.hex</McuBootFirmware>
                <McuBootZephyrBuildDirectory>zbuild/build</McuBootZephyrBuildDirectory>
                <McuBootConfirmed>true</McuBootConfirmed>
                <McuBootImageVersion>1.2.3</McuBootImageVersion>
                <McuBootOutputPath>signed/</McuBootOutputPath>
                <McuBootWriteDfuPackage>false</McuBootWriteDfuPackage>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="McuBoot.Build" Version="$(McuBootBuildVersion)" />
              </ItemGroup>
            </Project>
            """);
    }

    [Fact]
    public void Geometry_key_and_post_signing_check_come_from_the_build_folder()
    {
        string workspace = package.NewWorkspace("zephyr");
        string project = Path.Combine(workspace, "fw");
        Directory.CreateDirectory(project);
        string keyPath = Path.Combine(workspace, "keys", "product-ed25519.pem");
        WriteKey(keyPath);
        string buildDir = CopyBuild(Path.Combine(project, "zbuild"), keyPath);
        var build = ZephyrBuildReader.Read(buildDir);
        WriteFirmware(Path.Combine(project, "zephyr.hex"), build);
        WriteProject(project);
        string output = Path.Combine(project, "signed");

        // No McuBootSigningKey: the bootloader's CONFIG_BOOT_SIGNATURE_KEY_FILE signs (it exists here), and it is no
        // development key, so there is no MCUB6238 warning.
        var result = DotNetCli.Run(project, ["build", $"-p:McuBootBuildVersion={package.Version}", "--source", package.Feed, "-nodeReuse:false", "-v:n"]).EnsureSuccess();
        Assert.DoesNotContain(ErrorCodes.BuildSigningWithDevelopmentKey, result.Output);
        Assert.Contains($"signing with the build folder's key {keyPath}", result.Output);

        // Geometry from the build folder: header size (CONFIG_ROM_START_OFFSET 0x800), the slot address of the .hex, the
        // confirmed image padded to the build's slot with the trailer for its write size (RRAM write-block-size 16), SHA-512.
        var a = build.Arguments;
        Assert.Equal(0x800, a.HeaderSize);
        var signed = ImageReader.Read(File.ReadAllBytes(Path.Combine(output, "zephyr.signed.bin")));
        Assert.Equal(a.HeaderSize, signed.Header.HeaderSize);
        Assert.Contains(signed.UnprotectedTlvs, t => t.Type == TlvType.Sha512);
        Assert.Equal(a.HexAddress, IntelHexReader.Read(Path.Combine(output, "zephyr.signed.hex")).MinAddress);
        var confirmed = File.ReadAllBytes(Path.Combine(output, "zephyr.signed.confirmed.bin"));
        Assert.Equal(a.SlotSize, (uint)confirmed.Length);
        var expected = SigningJob.Run(new SigningJobRequest
        {
            Images = [new ImageSigningRequest { FirmwarePath = Path.Combine(project, "zephyr.hex"), ImageIndex = a.ImageIndex, Name = "zephyr" }],
            OutputDirectory = Path.Combine(workspace, "in-process"),
            BaseDirectory = project,
            KeySpec = keyPath,
            BuildDirectory = buildDir,
            WriteConfirmed = true,
            Version = ImageVersion.Parse("1.2.3"),
        });
        Assert.Equal(File.ReadAllBytes(expected.Images[0].Files.Single(f => f.Kind == SignedOutputKind.ConfirmedBinary).Path), confirmed);
        Assert.Equal(16, a.Align);
        var trailerState = SlotTrailerState.Read(confirmed, confirmed.Length, ZephyrBootloaderConfig.From(build));
        Assert.Equal(SwapType.Perm, trailerState.SwapTypeWith(null, UpgradeMode.SwapMove));

        // The build's bootloader accepts it (the same key file).
        var config = ZephyrBootloaderConfig.From(build);
        Assert.True(BootImageValidator.ValidateSlot(File.ReadAllBytes(Path.Combine(output, "zephyr.signed.bin")), config).Accepted);

        // Another key than the build's bootloader holds: the post-signing check (the build's bootloader model, no
        // McuBootBootloader needed) fails the build with the model's code, and nothing is left behind.
        string other = Path.Combine(workspace, "other.pem");
        WriteKey(other);
        var rejected = DotNetCli.Run(project, ["build", $"-p:McuBootBuildVersion={package.Version}", "--no-restore", "-nodeReuse:false", $"-p:McuBootSigningKey={other}"]);
        Assert.NotEqual(0, rejected.ExitCode);
        Assert.Contains($"error {ErrorCodes.KeyHashMismatch}", rejected.Output);
        Assert.Empty(Directory.Exists(output) ? Directory.GetFiles(output, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public void A_development_key_from_the_build_folder_signs_with_a_warning()
    {
        string workspace = package.NewWorkspace("zephyrdev");
        string project = Path.Combine(workspace, "fw");
        Directory.CreateDirectory(project);
        string keyPath = Path.Combine(workspace, "mcuboot", "root-ed25519.pem");
        WriteKey(keyPath);
        string buildDir = CopyBuild(Path.Combine(project, "zbuild"), keyPath);
        WriteFirmware(Path.Combine(project, "zephyr.hex"), ZephyrBuildReader.Read(buildDir));
        WriteProject(project);

        var result = DotNetCli.Run(project, ["build", $"-p:McuBootBuildVersion={package.Version}", "--source", package.Feed, "-nodeReuse:false"]).EnsureSuccess();
        Assert.Contains($"warning {ErrorCodes.BuildSigningWithDevelopmentKey}", result.Output);
        Assert.Contains("root-ed25519.pem", result.Output);
        Assert.True(File.Exists(Path.Combine(project, "signed", "zephyr.signed.bin")));
    }
}
