using McuBoot.Diagnostics;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Checks;

/// <summary>
/// <c>sign --bootloader</c> checks the signed image against the bootloader with the MSBuild task's verdict
/// (<c>PostSigningCheck.Enforce</c>): a rejection exits 5 with the check's errors and MCUB7201 and leaves no output.
/// </summary>
public sealed class SignBootloaderCheckTests
{
    private static string Walkthrough(string name) => Path.Combine(TestPaths.RepoRoot!, "samples", "check-walkthrough", name);

    [Fact]
    public void Sign_with_a_bootloader_holding_another_key_fails_and_leaves_no_output()
    {
        using var ws = new CliWorkspace();
        ws.Keygen("ed25519", "other.pem");
        var result = ws.Run("sign", "--layout", Walkthrough("pm_static.yml"), "-k", "other.pem", "-v", "1.2.3",
            "--bootloader", Walkthrough("bootloader/mcuboot.bin"), "--merged", "merged.hex", "--sig-out", "app.sig",
            Walkthrough("firmware/zephyr.hex"), "app.signed.hex");

        Assert.Equal(ExitCodes.Rejected, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith($"error {ErrorCodes.CheckBootloaderKeyMissing}: ", StringComparison.Ordinal));
        Assert.StartsWith($"error {ErrorCodes.PostSigningCheckFailed}: ", lines[^1], StringComparison.Ordinal);
        Assert.Contains("app.signed.hex, merged.hex, app.sig", lines[^1]);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(ws.Path, "other.pem");
    }

    [Fact]
    public void Sign_with_a_bootloader_check_only_fails_the_same_way_without_merged()
    {
        using var ws = new CliWorkspace();
        ws.Keygen("ed25519", "other.pem");
        var result = ws.Run("sign", "--layout", Walkthrough("pm_static.yml"), "-k", "other.pem", "-v", "1.2.3",
            "--bootloader", Walkthrough("bootloader/mcuboot.bin"), Walkthrough("firmware/zephyr.hex"), "app.signed.bin");

        Assert.Equal(ExitCodes.Rejected, result.ExitCode);
        Assert.Contains($"error {ErrorCodes.CheckBootloaderKeyMissing}: ", result.Stderr);
        Assert.Contains($"error {ErrorCodes.PostSigningCheckFailed}: ", result.Stderr);
        CliAssert.DirectoryHolds(ws.Path, "other.pem");
    }

    [Fact]
    public void Sign_with_the_bootloaders_key_passes_the_check_and_keeps_every_output()
    {
        using var ws = new CliWorkspace();
        var result = ws.Run("sign", "--layout", Walkthrough("pm_static.yml"), "-k", Walkthrough("keys/signing-key.pem"), "-v", "1.2.3",
            "--bootloader", Walkthrough("bootloader/mcuboot.bin"), "--merged", "merged.hex", Walkthrough("firmware/zephyr.hex"), "app.signed.hex");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.DoesNotContain("error ", result.Stderr);
        CliAssert.DirectoryHolds(ws.Path, "app.signed.hex", "merged.hex");
    }

    [Fact]
    public void A_missing_bootloader_fails_before_anything_is_left_behind()
    {
        using var ws = new CliWorkspace();
        var result = ws.Run("sign", "--layout", Walkthrough("pm_static.yml"), "-k", Walkthrough("keys/signing-key.pem"), "-v", "1.2.3",
            "--bootloader", "no-such-mcuboot.bin", Walkthrough("firmware/zephyr.hex"), "app.signed.hex");

        string message = CliAssert.Failed(result, ErrorCodes.InputNotFound, ExitCodes.Usage);
        Assert.Contains(ws.File("no-such-mcuboot.bin"), message);
        CliAssert.DirectoryHolds(ws.Path);
    }
}
