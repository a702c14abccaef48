using System.Text.Json;
using McuBoot.Diagnostics;
using McuBoot.Keys;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Checks;

/// <summary><c>dotnet mcuboot check</c>: text and JSON output, exit codes, option errors.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly CheckWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void PassingImageExitsZero()
    {
        string key = _ws.NewKey("k.pem", KeyType.Ed25519);
        _ws.Sign("app.hex", key);
        _ws.Bootloader("mcuboot.hex", _ws.GeneratedKeyRodata(key));
        _ws.Layout();

        var result = ToolRunner.Run(_ws.Dir, "check", "app.hex", "--bootloader", "mcuboot.hex", "--layout", "pm_static.yml", "--key", "k.pem");

        CliAssert.Succeeded(result);
        var lines = Lines(result.Stdout);
        Assert.StartsWith($"image: {_ws.File("app.hex")}: ED25519 signature, key hash (SHA256) ", lines[0]);
        Assert.StartsWith("bootloader: holds the image's key (Ed25519 public key (DER) at address 0x0000", lines[1]);
        Assert.StartsWith("check passed", lines[^1]);
    }

    [Fact]
    public void FailingImagePrintsCodedLinesAndExitsWithRejected()
    {
        string key = _ws.NewKey("k.pem", KeyType.Ed25519);
        string other = _ws.NewKey("other.pem", KeyType.Ed25519);
        _ws.Sign("app.bin", other, null, "--non-bootable");
        _ws.Bootloader("mcuboot.bin", _ws.GeneratedKeyRodata(key));

        var result = ToolRunner.Run(_ws.Dir, "check", "app.bin", "-b", "mcuboot.bin");

        Assert.Equal(ExitCodes.Rejected, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        var lines = Lines(result.Stdout);
        Assert.Contains(lines, l => l.StartsWith($"error {ErrorCodes.CheckNonBootable}: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"error {ErrorCodes.CheckBootloaderKeyMissing}: ", StringComparison.Ordinal));
        Assert.Equal("check failed: 2 errors, 0 warnings: the bootloader would reject or mishandle the image.", lines[^1]);
    }

    [Fact]
    public void WarningsAloneExitZero()
    {
        _ws.RootEd25519();
        _ws.Sign("app.bin", _ws.File("root-ed25519.pem"));
        var result = ToolRunner.Run(_ws.Dir, "check", "app.bin");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"warning {ErrorCodes.DevelopmentKeyInImage}: ", result.Stdout);
        Assert.Contains("check passed: no reason found for the bootloader to reject the image (1 warning).", result.Stdout);
    }

    [Fact]
    public void JsonReport()
    {
        string key = _ws.NewKey("k.pem", KeyType.EcdsaP256);
        string other = _ws.NewKey("other.pem", KeyType.EcdsaP256);
        _ws.Sign("app.bin", other);
        _ws.Bootloader("mcuboot.elf", _ws.GeneratedKeyRodata(key));

        var result = ToolRunner.Run(_ws.Dir, "check", "app.bin", "--bootloader", "mcuboot.elf", "--format", "json");

        Assert.Equal(ExitCodes.Rejected, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(_ws.File("app.bin"), root.GetProperty("image").GetString());
        Assert.False(root.GetProperty("passed").GetBoolean());
        Assert.Equal(1, root.GetProperty("errors").GetInt32());
        Assert.Equal("ECDSASIG", root.GetProperty("signatureType").GetString());
        var bootKey = Assert.Single(root.GetProperty("bootloaderKeys").EnumerateArray().ToList());
        Assert.Equal("EcdsaP256", bootKey.GetProperty("type").GetString());
        using var loaded = KeyLoader.Load(key);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(loaded.GetPublicKeyBytes())), bootKey.GetProperty("sha256").GetString());
        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray().ToList());
        Assert.Equal(ErrorCodes.CheckBootloaderKeyMissing, finding.GetProperty("code").GetString());
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Contains(root.GetProperty("imageKeyHash").GetString()!, finding.GetProperty("message").GetString());
    }

    [Fact]
    public void MissingImageIsACodedError()
    {
        var message = CliAssert.Failed(ToolRunner.Run(_ws.Dir, "check", "nope.bin"), ErrorCodes.InputNotFound);
        Assert.Contains(_ws.File("nope.bin"), message);
    }

    [Fact]
    public void MissingLayoutIsACodedError()
    {
        _ws.Sign("app.bin", null);
        CliAssert.Failed(ToolRunner.Run(_ws.Dir, "check", "app.bin", "--layout", "missing.yml"), ErrorCodes.LayoutNotFound, ExitCodes.Usage);
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--max-align", "4")]
    [InlineData("--align", "3")]
    public void BadOptionValuesAreUsageErrors(string option, string value)
    {
        _ws.Sign("app.bin", null);
        CliAssert.Failed(ToolRunner.Run(_ws.Dir, "check", "app.bin", option, value), ErrorCodes.InvalidOptionValue, ExitCodes.Usage);
    }

    [Fact]
    public void RamOptionsMoveTheStackPointerWindow()
    {
        _ws.Sign("app.bin", null, CheckWorkspace.Firmware(stackPointer: 0x1000_8000));
        Assert.Equal(ExitCodes.Rejected, ToolRunner.Run(_ws.Dir, "check", "app.bin").ExitCode);
        CliAssert.Succeeded(ToolRunner.Run(_ws.Dir, "check", "app.bin", "--ram-start", "0x10000000", "--ram-size", "0x10000"), allowWarnings: true);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
