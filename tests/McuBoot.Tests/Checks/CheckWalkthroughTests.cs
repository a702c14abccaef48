using McuBoot.Diagnostics;
using McuBoot.Keys;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Checks;

/// <summary>
/// The walkthrough of docs/check.md ("my device reboots after an update"), run with the committed files of
/// samples/check-walkthrough from the repository root, so the document stays true.
/// </summary>
public sealed class CheckWalkthroughTests : IDisposable
{
    private const string Sample = "samples/check-walkthrough";
    private readonly string _root;
    private readonly TempDirectory _out = new();

    public CheckWalkthroughTests()
    {
        _root = TestPaths.RepoRoot ?? SourceRepoRoot()
            ?? throw new InvalidOperationException("Cannot find the repository (McuBoot.Build.sln) above the test binaries or this source file.");
    }

    public void Dispose() => _out.Dispose();

    [Fact]
    public void BrokenBuildFailsWithTheKeyError()
    {
        var result = ToolRunner.Run(_root, "check", $"{Sample}/broken/zephyr.signed.hex", "--bootloader", $"{Sample}/bootloader/mcuboot.bin", "--layout", $"{Sample}/pm_static.yml");

        Assert.Equal(ExitCodes.Rejected, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.EndsWith("ED25519 signature, key hash (SHA256) c1907fa4eac7fae3840a78902b6f0710b037e9968e5c6274a12a28790c7d4e3c", lines[0]);
        Assert.StartsWith($"warning {ErrorCodes.DevelopmentKeyInImage}: ", lines[1]);
        Assert.StartsWith($"error {ErrorCodes.CheckBootloaderKeyMissing}: ", lines[2]);
        Assert.Contains(SigningKeyHash(), lines[2]);
        Assert.Equal("check failed: 1 error, 1 warning: the bootloader would reject or mishandle the image.", lines[3]);
    }

    [Fact]
    public void FixedBuildPasses()
    {
        string config = Path.Combine(_out.Path, "bootloader-config");
        CliAssert.Succeeded(ToolRunner.Run(_root, "bootloader-config", "-k", $"{Sample}/keys/signing-key.pem", "-o", config));
        string keyFile = Path.Combine(_root, "samples", "check-walkthrough", "keys", "signing-key.pem").Replace('\\', '/');
        Assert.Contains($"SB_CONFIG_BOOT_SIGNATURE_KEY_FILE=\"{keyFile}\"", File.ReadAllText(Path.Combine(config, "sysbuild.conf")));
        Assert.Equal(File.ReadAllText(Path.Combine(_root, Sample, "bootloader", "autogen-pubkey.c")), File.ReadAllText(Path.Combine(config, "autogen-pubkey.c")));

        string signed = Path.Combine(_out.Path, "zephyr.signed.hex");
        CliAssert.Succeeded(ToolRunner.Run(_root, "sign", "--layout", $"{Sample}/pm_static.yml", "--align", "4", "-k", $"{Sample}/keys/signing-key.pem", "-v", "1.0.1", $"{Sample}/firmware/zephyr.hex", signed));

        var result = ToolRunner.Run(_root, "check", signed, "--bootloader", $"{Sample}/bootloader/mcuboot.bin", "--layout", $"{Sample}/pm_static.yml", "--key", $"{Sample}/keys/signing-key.pem");
        CliAssert.Succeeded(result);
        Assert.Contains("bootloader: holds the image's key (Ed25519 public key (DER) at offset 0xc60)", result.Stdout);
        Assert.EndsWith("check passed: no reason found for the bootloader to reject the image (0 warnings).\n", result.Stdout);
    }

    [Fact]
    public void BrokenImageIsTheFirmwareSignedWithTheDevelopmentKey()
    {
        string devKey = Path.Combine(_out.Path, "root-ed25519.pem");
        File.WriteAllText(devKey, CheckWorkspace.RootEd25519Pem);
        string signed = Path.Combine(_out.Path, "broken.hex");
        var result = ToolRunner.Run(_root, "sign", "--layout", $"{Sample}/pm_static.yml", "-k", devKey, "-v", "1.0.1", $"{Sample}/firmware/zephyr.hex", signed);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"warning {ErrorCodes.DevelopmentKeyUsed}: ", result.Stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(_root, Sample, "broken", "zephyr.signed.hex")), File.ReadAllText(signed));
    }

    [Fact]
    public void BootloaderHoldsTheKeyOfItsGeneratedKeyFile()
    {
        var rodata = CheckWorkspace.RodataOf(File.ReadAllText(Path.Combine(_root, Sample, "bootloader", "autogen-pubkey.c")));
        var bootloader = File.ReadAllBytes(Path.Combine(_root, Sample, "bootloader", "mcuboot.bin"));
        Assert.Equal(0xc60, bootloader.AsSpan().IndexOf(rodata));
        Assert.True(bootloader.Length <= 4096);
    }

    /// <summary>The repository holding this source file (for builds whose artifacts live outside the repository).</summary>
    private static string? SourceRepoRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        for (var dir = Path.GetDirectoryName(source); dir != null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "McuBoot.Build.sln")))
            {
                return dir;
            }
        }

        return null;
    }

    private string SigningKeyHash()
    {
        using var key = KeyLoader.Load(Path.Combine(_root, Sample, "keys", "signing-key.pem"));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(key.GetPublicKeyBytes()));
    }
}
