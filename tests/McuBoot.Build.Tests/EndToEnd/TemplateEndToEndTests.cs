using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Build.Tests.EndToEnd;

/// <summary>
/// <c>dotnet new mcuboot-firmware</c> from the freshly packed McuBoot.Templates, installed into a private template
/// hive (the user's template cache is untouched), builds against the freshly packed McuBoot.Build and signs.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class TemplateEndToEndTests(PackedPackageFixture package)
{
    private static string TemplatesProject => Path.Combine(BuildPaths.RepositoryRoot, "src", "McuBoot.Templates", "McuBoot.Templates.csproj");

    private (string Hive, IDictionary<string, string> Environment) Install(string workspace)
    {
        string templates = Path.Combine(package.Feed, $"McuBoot.Templates.{package.Version}.nupkg");
        if (!File.Exists(templates))
        {
            DotNetCli.Run(workspace, ["pack", TemplatesProject, "-o", package.Feed, $"-p:Version={package.Version}", "-c", BuildPaths.Configuration,
                $"-p:ArtifactsPath={Path.Combine(workspace, "artifacts")}"]).EnsureSuccess();
        }

        Assert.True(File.Exists(templates), templates);
        string hive = Path.Combine(workspace, "hive");
        var environment = new Dictionary<string, string> { ["DOTNET_CLI_HOME"] = Path.Combine(workspace, "cli-home") };
        DotNetCli.Run(workspace, ["new", "install", templates, "--debug:custom-hive", hive], environment).EnsureSuccess();
        return (hive, environment);
    }

    [Fact]
    public void Template_with_keygen_builds_and_signs_with_a_private_development_key()
    {
        string workspace = package.NewWorkspace("template");
        var (hive, environment) = Install(workspace);
        DotNetCli.Run(workspace, ["new", "mcuboot-firmware", "-n", "MyProduct", "--keygen", "--debug:custom-hive", hive], environment).EnsureSuccess();

        string project = Path.Combine(workspace, "MyProduct");
        string csproj = File.ReadAllText(Path.Combine(project, "MyProduct.csproj"));
        Assert.Contains("Sdk=\"Microsoft.Build.NoTargets/3.7.0\"", csproj);
        Assert.Contains($">{package.Version}</McuBootBuildVersion>", csproj);
        Assert.Contains("<McuBootGenerateDevelopmentKey>true</McuBootGenerateDevelopmentKey>", csproj);
        Assert.Contains("<McuBootDevelopmentKeyType>ecdsa-p256</McuBootDevelopmentKeyType>", csproj);
        Assert.DoesNotContain("#if", csproj);
        Assert.Contains("keys/*.pem", File.ReadAllText(Path.Combine(project, ".gitignore")));
        Assert.True(File.Exists(Path.Combine(project, "README.md")));
        Assert.False(File.Exists(Path.Combine(project, "keys", "signing-key.pem")));

        // The firmware a user drops in: a Zephyr app linked after a 0x200 header at 0xc200.
        File.Copy(Path.Combine(BuildPaths.Sample("check-walkthrough"), "firmware", "zephyr.hex"), Path.Combine(project, "firmware", "zephyr.hex"));
        var build = package.Build(project, null);
        build.EnsureSuccess();
        Assert.Contains("MCUB7352", build.Output);

        string key = Path.Combine(project, "keys", "signing-key.pem");
        Assert.True(File.Exists(key), build.Output);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }

        string output = Path.Combine(project, "bin", "Debug", "net10.0", "mcuboot");
        var verifier = SignerFactory.CreateVerifier(KeyLoader.Load(key));
        var bin = File.ReadAllBytes(Path.Combine(output, "zephyr.signed.bin"));
        var verified = ImageVerifier.Verify(bin, verifier);
        Assert.True(verified.SignatureVerified);
        Assert.Equal(new ImageVersion(1, 0, 0, 0), verified.Version);
        Assert.Equal(0xc000u, IntelHexReader.Read(Path.Combine(output, "zephyr.signed.hex")).MinAddress);
        Assert.True(File.Exists(Path.Combine(output, "dfu_application.zip")));
        Assert.True(Artifacts.DfuPackageValidator.Check(Path.Combine(output, "dfu_application.zip")).Passed);

        // The second build keeps the key (never regenerates it).
        byte[] keyBytes = File.ReadAllBytes(key);
        package.Build(project, null).EnsureSuccess();
        Assert.Equal(keyBytes, File.ReadAllBytes(key));
    }

    [Fact]
    public void Template_without_keygen_has_no_key_generation()
    {
        string workspace = package.NewWorkspace("template-plain");
        var (hive, environment) = Install(workspace);
        DotNetCli.Run(workspace, ["new", "mcuboot-firmware", "-n", "Gadget", "--debug:custom-hive", hive], environment).EnsureSuccess();
        string project = Path.Combine(workspace, "Gadget");
        string csproj = File.ReadAllText(Path.Combine(project, "Gadget.csproj"));
        Assert.DoesNotContain("McuBootGenerateDevelopmentKey", csproj);
        Assert.Contains("<McuBootSigningKey>keys/signing-key.pem</McuBootSigningKey>", csproj);
        Assert.Contains("<!-- <McuBootPartitionLayout>pm_static.yml</McuBootPartitionLayout> -->", csproj);
        Assert.False(File.Exists(Path.Combine(project, "keys", "README.md")));
    }
}
