using System.Diagnostics;
using System.Text.Json;
using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Build.Tests.EndToEnd;

/// <summary>
/// A firmware project versioned by Nerdbank.GitVersioning: its version is set by the GetBuildVersion target, not at
/// evaluation, so McuBoot.Build must run that target before it reads $(Version) (_McuBootGetProjectVersion).
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class GitVersioningTests(PackedPackageFixture package)
{
    /// <summary>The Nerdbank.GitVersioning the repository itself uses (Directory.Packages.props).</summary>
    private const string NerdbankVersion = "3.10.94";

    [Fact]
    public void TheSignedImageAndTheManifestCarryTheNerdbankGitVersion()
    {
        string repo = Path.Combine(package.NewWorkspace("nbgv"), "fw");
        Directory.CreateDirectory(repo);
        File.Copy(Path.Combine(BuildPaths.Sample("nrf52840-app"), "firmware", "app.bin"), Path.Combine(repo, "app.bin"));
        using var key = McuBootKey.Generate(KeyType.Ed25519);
        File.WriteAllText(Path.Combine(repo, "signing-key.pem"), key.ExportPrivatePkcs8Pem(ReadOnlySpan<char>.Empty));
        File.WriteAllText(Path.Combine(repo, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(repo, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(repo, ".gitignore"), "bin/\nobj/\n");
        File.WriteAllText(Path.Combine(repo, "version.json"), """
            { "version": "2.3", "publicReleaseRefSpec": [ "^refs/heads/main$" ] }
            """);
        File.WriteAllText(Path.Combine(repo, "fw.csproj"), $"""
            <Project Sdk="Microsoft.Build.NoTargets/3.7.0">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <McuBootFirmware>app.bin</McuBootFirmware>
                <McuBootSigningKey>signing-key.pem</McuBootSigningKey>
                <McuBootHeaderSize>0x200</McuBootHeaderSize>
                <McuBootSlotSize>0x76000</McuBootSlotSize>
                <McuBootHexAddress>0xc000</McuBootHexAddress>
                <McuBootOutputPath>signed/</McuBootOutputPath>
                <McuBootWriteDfuPackage>false</McuBootWriteDfuPackage>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Nerdbank.GitVersioning" Version="{NerdbankVersion}" PrivateAssets="all" />
                <PackageReference Include="McuBoot.Build" Version="$(McuBootBuildVersion)" />
              </ItemGroup>
            </Project>
            """);

        // Three commits since version.json appeared: NB.GV's git height is 3, so the version is 2.3.3 on main.
        Git(repo, "init", "--quiet", "--initial-branch=main");
        Git(repo, "add", "-A");
        Git(repo, "commit", "--quiet", "-m", "firmware project");
        for (int i = 1; i <= 2; i++)
        {
            File.WriteAllText(Path.Combine(repo, "CHANGES.txt"), $"change {i}\n");
            Git(repo, "add", "-A");
            Git(repo, "commit", "--quiet", "-m", $"change {i}");
        }

        var result = Build(repo, "-v:n");
        Assert.Contains("Building version 2.3.3", result.Output);

        var image = File.ReadAllBytes(Path.Combine(repo, "signed", "app.signed.bin"));
        var verified = ImageVerifier.Verify(image, SignerFactory.CreateVerifier(key));
        Assert.True(verified.SignatureVerified);
        Assert.Equal("2.3.3+0", verified.Version.ToString());

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(repo, "signed", "mcuboot-manifest.json")));
        Assert.Equal("2.3.3+0", manifest.RootElement.GetProperty("images")[0].GetProperty("version").GetString());

        // A new commit moves the version; the next build re-signs with it (the version is part of the settings stamp).
        File.WriteAllText(Path.Combine(repo, "CHANGES.txt"), "change 3\n");
        Git(repo, "commit", "--quiet", "-a", "-m", "change 3");
        Build(repo, "--no-restore");
        var resigned = ImageVerifier.Verify(File.ReadAllBytes(Path.Combine(repo, "signed", "app.signed.bin")), SignerFactory.CreateVerifier(key));
        Assert.Equal("2.3.4+0", resigned.Version.ToString());
    }

    /// <summary>
    /// dotnet build against the packed McuBoot.Build. NB.GV must see the throwaway repository as it is, not this test
    /// run's settings: no NBGV_GitEngine (.ci/run disables the git engine in a shallow checkout) and no cloud-build
    /// variables (NB.GV would take the branch from them).
    /// </summary>
    private DotNetCli.Result Build(string directory, params string[] extra)
    {
        var environment = new Dictionary<string, string>();
        foreach (var name in (string[])["NBGV_GitEngine", "GITHUB_ACTIONS", "GITHUB_REF", "TF_BUILD", "GITLAB_CI", "JENKINS_URL", "TEAMCITY_VERSION", "APPVEYOR", "TRAVIS", "BUILDKITE"])
        {
            environment[name] = string.Empty;
        }

        return DotNetCli.Run(directory, ["build", $"-p:McuBootBuildVersion={package.Version}", "--source", package.Feed, "-nodeReuse:false", .. extra], environment).EnsureSuccess();
    }

    private static void Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-c", "user.name=McuBoot tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)} exited with {process.ExitCode}: {stdout.Result}{stderr}");
    }
}
