using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Build.Tests.EndToEnd;

/// <summary>A project written by the test: explicit geometry without a layout, environment-variable key path, project version conversion, the task-assembly override and the off switch.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class ThrowawayProjectTests(PackedPackageFixture package)
{
    [Fact]
    public void ExplicitPropertiesWithoutLayout_EnvironmentKeyPath_AndTheSwitches()
    {
        string workspace = package.NewWorkspace("throwaway");
        string project = Path.Combine(workspace, "fw");
        string keys = Path.Combine(workspace, "keys-elsewhere");
        Directory.CreateDirectory(project);
        Directory.CreateDirectory(keys);
        File.Copy(Path.Combine(BuildPaths.Sample("nrf52840-app"), "firmware", "app.bin"), Path.Combine(project, "app.bin"));
        using var key = McuBootKey.Generate(KeyType.Ed25519);
        File.WriteAllText(Path.Combine(keys, "release.pem"), key.ExportPrivatePkcs8Pem(ReadOnlySpan<char>.Empty));
        File.WriteAllText(Path.Combine(project, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(project, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(project, "fw.csproj"), $"""
            <Project Sdk="Microsoft.Build.NoTargets/3.7.0">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Version>3.4.5-beta.1</Version>
                <McuBootFirmware>app.bin</McuBootFirmware>
                <McuBootSigningKey>$FW_KEYS/release.pem</McuBootSigningKey>
                <McuBootHeaderSize>0x200</McuBootHeaderSize>
                <McuBootSlotSize>0x76000</McuBootSlotSize>
                <McuBootHexAddress>0xc000</McuBootHexAddress>
                <McuBootLoadAddress>0xc200</McuBootLoadAddress>
                <McuBootSecurityCounter>7</McuBootSecurityCounter>
                <McuBootOutputPath>signed/</McuBootOutputPath>
                <McuBootWriteDfuPackage>false</McuBootWriteDfuPackage>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="McuBoot.Build" Version="$(McuBootBuildVersion)" />
              </ItemGroup>
            </Project>
            """);
        var environment = new Dictionary<string, string> { ["FW_KEYS"] = keys };

        var result = DotNetCli.Run(project, ["build", $"-p:McuBootBuildVersion={package.Version}", "--source", package.Feed, "-nodeReuse:false"], environment).EnsureSuccess();
        Assert.Contains($"warning {ErrorCodes.VersionAdjusted}: McuBootImageVersion: '3.4.5-beta.1' was read as 3.4.5+0", result.Output);

        string output = Path.Combine(project, "signed");
        var image = File.ReadAllBytes(Path.Combine(output, "app.signed.bin"));
        var verified = ImageVerifier.Verify(image, SignerFactory.CreateVerifier(key));
        Assert.True(verified.SignatureVerified);
        Assert.Equal("3.4.5+0", verified.Version.ToString());
        Assert.Equal(7u, BitConverter.ToUInt32(verified.Image.ProtectedTlvs.Single(t => t.Type == TlvType.SecurityCounter).Value));
        Assert.Equal(0xc000u, IntelHexReader.Read(Path.Combine(output, "app.signed.hex")).MinAddress);
        Assert.True(File.Exists(Path.Combine(output, "mcuboot-manifest.json")));
        Assert.False(File.Exists(Path.Combine(output, "dfu_application.zip")));

        // A malformed property is a coded error naming it.
        var bad = DotNetCli.Run(project, ["build", $"-p:McuBootBuildVersion={package.Version}", "--no-restore", "-nodeReuse:false", "-p:McuBootSlotSize=lots"], environment);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains($"error {ErrorCodes.InvalidBuildSetting}: McuBootSlotSize is 'lots'", bad.Output);

        // An error with no file of its own is located at the project, not at the package's McuBoot.Build.targets.
        Assert.StartsWith($"{Path.Combine(project, "fw.csproj")} : error {ErrorCodes.InvalidBuildSetting}: ", ErrorLine(bad.Output, ErrorCodes.InvalidBuildSetting));
        AssertNoErrorAtTheTargets(bad.Output);

        // The task assembly can be pointed elsewhere (here: the solution's own build of it).
        var overridden = DotNetCli.Run(project, ["build", $"-p:McuBootBuildVersion={package.Version}", "--no-restore", "-nodeReuse:false", "-v:d",
            $"-p:McuBootBuildTaskAssembly={BuildPaths.BuiltTaskAssembly}", "-p:McuBootSecurityCounter=8"], environment).EnsureSuccess();
        Assert.Contains($"Using \"SignMcuBootImages\" task from assembly \"{BuildPaths.BuiltTaskAssembly}\"", overridden.Output);

        // McuBootSign=false: no signing at all, even with a changed setting.
        File.Delete(Path.Combine(output, "app.signed.bin"));
        var off = DotNetCli.Run(project, ["build", $"-p:McuBootBuildVersion={package.Version}", "--no-restore", "-nodeReuse:false", "-p:McuBootSign=false"], environment).EnsureSuccess();
        Assert.DoesNotContain("McuBoot: signed", off.Output);
        Assert.False(File.Exists(Path.Combine(output, "app.signed.bin")));
    }

    [Fact]
    public void AFailedBootloaderCheck_RemovesEveryOutputOfTheRun_AndTheNextBuildChecksAgain()
    {
        // The check walkthrough's bootloader holds the walkthrough key; this project signs with another key, so the
        // post-signing check rejects the image (MCUB8201) and the build must leave no signed file, manifest or package.
        string workspace = package.NewWorkspace("rejected");
        string project = Path.Combine(workspace, "fw");
        Directory.CreateDirectory(project);
        string walkthrough = BuildPaths.Sample("check-walkthrough");
        File.Copy(Path.Combine(walkthrough, "firmware", "zephyr.hex"), Path.Combine(project, "zephyr.hex"));
        File.Copy(Path.Combine(walkthrough, "pm_static.yml"), Path.Combine(project, "pm_static.yml"));
        File.Copy(Path.Combine(walkthrough, "bootloader", "mcuboot.bin"), Path.Combine(project, "mcuboot.bin"));
        using var key = McuBootKey.Generate(KeyType.Ed25519);
        File.WriteAllText(Path.Combine(project, "other.pem"), key.ExportPrivatePkcs8Pem(ReadOnlySpan<char>.Empty));
        File.WriteAllText(Path.Combine(project, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(project, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(project, "fw.csproj"), """
            <Project Sdk="Microsoft.Build.NoTargets/3.7.0">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <McuBootFirmware>zephyr.hex</McuBootFirmware>
                <McuBootSigningKey>other.pem</McuBootSigningKey>
                <McuBootPartitionLayout>pm_static.yml</McuBootPartitionLayout>
                <McuBootBootloader>mcuboot.bin</McuBootBootloader>
                <McuBootOutputPath>signed/</McuBootOutputPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="McuBoot.Build" Version="$(McuBootBuildVersion)" />
              </ItemGroup>
            </Project>
            """);
        string output = Path.Combine(project, "signed");

        for (int build = 0; build < 2; build++)
        {
            string[] args = build == 0
                ? ["build", $"-p:McuBootBuildVersion={package.Version}", "--source", package.Feed, "-nodeReuse:false"]
                : ["build", $"-p:McuBootBuildVersion={package.Version}", "--no-restore", "-nodeReuse:false"];
            var result = DotNetCli.Run(project, args);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains($"error {ErrorCodes.CheckBootloaderKeyMissing}", result.Output);
            string[] left = Directory.Exists(output) ? Directory.GetFiles(output, "*", SearchOption.AllDirectories) : [];
            Assert.Empty(left);

            // The check's error is located at the firmware the rejected image was made from; the verdict at the project.
            Assert.StartsWith($"{Path.Combine(project, "zephyr.hex")} : error {ErrorCodes.CheckBootloaderKeyMissing}: ", ErrorLine(result.Output, ErrorCodes.CheckBootloaderKeyMissing));
            Assert.StartsWith($"{Path.Combine(project, "fw.csproj")} : error {ErrorCodes.PostSigningCheckFailed}: ", ErrorLine(result.Output, ErrorCodes.PostSigningCheckFailed));
            AssertNoErrorAtTheTargets(result.Output);
        }

        // A firmware that is not Intel HEX: the error line starts with the firmware's path.
        File.WriteAllText(Path.Combine(project, "broken.hex"), ":10000000NOT-INTEL-HEX\n");
        var broken = DotNetCli.Run(project, ["build", $"-p:McuBootBuildVersion={package.Version}", "--no-restore", "-nodeReuse:false", "-p:McuBootFirmware=broken.hex"]);
        Assert.NotEqual(0, broken.ExitCode);
        string brokenLine = broken.Output.Split('\n').Select(l => l.Trim()).First(l => l.Contains(": error MCUB", StringComparison.Ordinal));
        Assert.StartsWith($"{Path.Combine(project, "broken.hex")}", brokenLine);
        AssertNoErrorAtTheTargets(broken.Output);
    }

    /// <summary>The first MSBuild error line with <paramref name="code"/>, without its leading indentation.</summary>
    private static string ErrorLine(string output, string code)
        => output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains($"error {code}: ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no error {code} in:\n{output}");

    private static void AssertNoErrorAtTheTargets(string output)
        => Assert.DoesNotContain(output.Split('\n'), l => l.Contains(": error MCUB", StringComparison.Ordinal) && l.Contains(".targets", StringComparison.Ordinal));
}
