using McuBoot.Diagnostics;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Hostile;

/// <summary>
/// Issue 8, no silent wrong output: an output path that names one of the command's inputs is refused (MCUB3204) for
/// every command that writes, before anything is read or written; the input is left byte for byte as it was.
/// </summary>
public sealed class OutputIsInputTests
{
    private static ToolRunner.Result Run(CliWorkspace ws, params string[] args) => ws.Run(args);

    [Theory]
    [InlineData("dumpinfo", "-o", "img.bin", "img.bin")]
    [InlineData("getpub", "-k", "key.pem", "-o", "key.pem")]
    [InlineData("getpub", "-k", "key.pem", "-e", "pem", "-o", "./key.pem")]
    [InlineData("getpubhash", "-k", "key.pem", "-o", "key.pem")]
    [InlineData("getpriv", "-k", "key.pem", "-o", "key.pem")]
    [InlineData("sign", "-k", "key.pem", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", "fw.bin", "fw.bin")]
    [InlineData("sign", "-k", "key.pem", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", "fw.bin", "key.pem")]
    [InlineData("sign", "-k", "key.pem", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", "--sig-out", "fw.bin", "fw.bin", "out.bin")]
    [InlineData("sign", "-k", "key.pem", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", "--sig-out", "out.bin", "fw.bin", "out.bin")]
    [InlineData("decrypt", "-k", "key.pem", "img.bin", "img.bin")]
    [InlineData("decompress", "img.bin", "sub/../img.bin")]
    [InlineData("keygen", "-k", "pw.txt", "-t", "ed25519", "-p", "--password-file", "pw.txt", "--force")]
    [InlineData("bootloader-config", "-k", "sub/mcuboot.conf", "-o", "sub")]
    [InlineData("bootloader-config", "-k", "sub/mcuboot.conf", "-o", "./sub/../sub/")]
    public void An_output_that_is_an_input_is_refused_and_nothing_is_written(params string[] args)
    {
        using var ws = new CliWorkspace();
        Directory.CreateDirectory(ws.File("sub"));
        ws.Keygen("ed25519", "key.pem");
        ws.Write("fw.bin", CliWorkspace.RandomBytes(4096, 1));
        CliAssert.Succeeded(ws.Run("sign", "-k", "key.pem", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", "fw.bin", "img.bin"), allowWarnings: true);
        File.WriteAllText(ws.File("pw.txt"), "secret\n");
        File.Copy(ws.File("key.pem"), ws.File("sub/mcuboot.conf")); // a key named like a bootloader-config output
        var before = Snapshot(ws);

        string message = CliAssert.Failed(Run(ws, args), ErrorCodes.OutputIsInput);
        Assert.Contains("nothing was written", message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(ws));
    }

    [Fact]
    public void A_symbolic_link_to_the_input_is_the_input()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var ws = new CliWorkspace();
        ws.Keygen("ed25519", "key.pem");
        File.CreateSymbolicLink(ws.File("link.pem"), ws.File("key.pem"));
        var before = Snapshot(ws);
        CliAssert.Failed(ws.Run("getpub", "-k", "key.pem", "-o", "link.pem"), ErrorCodes.OutputIsInput);
        Assert.Equal(before, Snapshot(ws));
    }

    [Fact]
    public void A_hard_link_to_the_input_is_the_input()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var ws = new CliWorkspace();
        ws.Keygen("ed25519", "key.pem");
        using (var ln = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ln", [ws.File("key.pem"), ws.File("hard.pem")]) { UseShellExecute = false }))
        {
            ln!.WaitForExit();
            Assert.Equal(0, ln.ExitCode);
        }

        var before = Snapshot(ws);
        CliAssert.Failed(ws.Run("getpub", "-k", "key.pem", "-o", "hard.pem"), ErrorCodes.OutputIsInput);
        Assert.Equal(before, Snapshot(ws));
    }

    [Fact]
    public void A_different_output_is_still_written()
    {
        using var ws = new CliWorkspace();
        ws.Keygen("ed25519", "key.pem");
        File.Copy(ws.File("key.pem"), ws.File("copy.pem"));
        CliAssert.Succeeded(ws.Run("getpub", "-k", "key.pem", "-o", "copy.pem"));
        Assert.Contains("ed25519_pub_key", File.ReadAllText(ws.File("copy.pem")), StringComparison.Ordinal);
    }

    private static string Snapshot(CliWorkspace ws) => string.Join("\n", Directory.EnumerateFileSystemEntries(ws.Path, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(p => Path.GetRelativePath(ws.Path, p) + " " + (File.Exists(p) ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p))) : "dir")));
}
