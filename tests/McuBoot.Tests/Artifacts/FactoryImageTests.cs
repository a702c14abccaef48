using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Artifacts;

/// <summary>The factory <c>merged.hex</c>: <c>sign --bootloader --merged</c>, <c>merge</c>, and <c>check</c> reading one.</summary>
public sealed class FactoryImageTests
{
    private static string Walkthrough(string name) => Path.Combine(TestPaths.RepoRoot!, "samples", "check-walkthrough", name);

    private static void WriteHex(string path, uint address, byte[] data)
    {
        using var stream = File.Create(path);
        IntelHexWriter.Write(stream, address, data);
    }

    private static byte[] At(MemoryImage memory, uint address, int length)
    {
        var segment = memory.Segments.Single(s => s.Address <= address && s.EndAddress >= (ulong)address + (ulong)length);
        return segment.Data.Slice((int)(address - segment.Address), length).ToArray();
    }

    [Fact]
    public void Sign_with_bootloader_writes_merged_hex_with_both_parts_at_their_addresses()
    {
        using var ws = new CliWorkspace();
        byte[] bootloader = CliWorkspace.RandomBytes(0x3000, 21);
        WriteHex(ws.File("mcuboot.hex"), 0x0, bootloader);
        var run = CliAssert.Succeeded(ws.Run("sign", "--layout", Walkthrough("pm_static.yml"), "-k", Walkthrough("keys/signing-key.pem"), "-v", "1.2.3",
            "--bootloader", "mcuboot.hex", "--merged", "merged.hex", Walkthrough("firmware/zephyr.hex"), "app.signed.hex"), allowWarnings: true);

        // The signed image was checked against the bootloader (random bytes: no key found, a warning, not a rejection).
        Assert.Contains($"warning {ErrorCodes.CheckNoKeysInBootloader}: ", run.Stderr);

        var merged = IntelHexReader.Read(ws.File("merged.hex"));
        var signed = IntelHexReader.Read(ws.File("app.signed.hex"));
        Assert.Equal(0xc000u, signed.MinAddress);
        Assert.Equal(bootloader, At(merged, 0x0, bootloader.Length));
        byte[] signedBytes = signed.Flatten();
        Assert.Equal(signedBytes, At(merged, 0xc000, signedBytes.Length));
        Assert.Equal(bootloader.Length + signedBytes.Length, merged.DataLength);
        Assert.Equal(ImageHeader.Magic, BitConverter.ToUInt32(At(merged, 0xc000, 4)));
    }

    [Fact]
    public void A_bootloader_reaching_into_the_slot_is_refused_naming_both_ranges()
    {
        using var ws = new CliWorkspace();
        WriteHex(ws.File("big-mcuboot.hex"), 0x0, CliWorkspace.RandomBytes(0xc100, 22));
        string message = CliAssert.Failed(ws.Run("sign", "--layout", Walkthrough("pm_static.yml"), "-k", Walkthrough("keys/signing-key.pem"), "-v", "1.2.3",
            "--bootloader", "big-mcuboot.hex", "--merged", "merged.hex", Walkthrough("firmware/zephyr.hex"), "app.signed.hex"), ErrorCodes.FactoryImageOverlap);
        Assert.Contains("0x00000000..0x0000c0ff", message);
        Assert.Contains("0x0000c000..", message);
        Assert.Contains("big-mcuboot.hex", message);
        Assert.Contains("signed image", message);
        Assert.False(File.Exists(ws.File("merged.hex")));
        Assert.False(File.Exists(ws.File("app.signed.hex")));
    }

    [Fact]
    public void Merge_command_places_hex_and_bin_parts_and_refuses_overlaps()
    {
        using var ws = new CliWorkspace();
        byte[] boot = CliWorkspace.RandomBytes(0x800, 23);
        byte[] app = CliWorkspace.RandomBytes(0x1000, 24);
        byte[] net = CliWorkspace.RandomBytes(0x400, 25);
        ws.Write("mcuboot.bin", boot);
        WriteHex(ws.File("app.signed.hex"), 0xc000, app);
        WriteHex(ws.File("net.hex"), 0x01008000, net);
        CliAssert.Succeeded(ws.Run("merge", "-o", "merged.hex", "mcuboot.bin@0x0", "app.signed.hex", "net.hex"));
        var merged = IntelHexReader.Read(ws.File("merged.hex"));
        Assert.Equal(boot, At(merged, 0x0, boot.Length));
        Assert.Equal(app, At(merged, 0xc000, app.Length));
        Assert.Equal(net, At(merged, 0x01008000, net.Length));
        Assert.Equal(3, merged.Segments.Count);

        string message = CliAssert.Failed(ws.Run("merge", "-o", "bad.hex", "mcuboot.bin@0xbc00", "app.signed.hex"), ErrorCodes.FactoryImageOverlap);
        Assert.Contains("0x0000bc00..0x0000c3ff", message);
        Assert.Contains("0x0000c000..0x0000cfff", message);
        Assert.False(File.Exists(ws.File("bad.hex")));

        CliAssert.Failed(ws.Run("merge", "-o", "bad.hex", "mcuboot.bin", "app.signed.hex"), ErrorCodes.FactoryImagePartInvalid);
    }

    [Fact]
    public void Check_reads_a_merged_hex_and_finds_the_bootloader_and_the_image()
    {
        using var ws = new CliWorkspace();
        string layout = Walkthrough("pm_static.yml");
        CliAssert.Succeeded(ws.Run("sign", "--layout", layout, "-k", Walkthrough("keys/signing-key.pem"), "-v", "1.2.3",
            "--bootloader", Walkthrough("bootloader/mcuboot.bin"), "--merged", "merged.hex", Walkthrough("firmware/zephyr.hex"), "app.signed.hex"));

        var separate = ws.Run("check", "app.signed.hex", "--bootloader", Walkthrough("bootloader/mcuboot.bin"), "--layout", layout);
        var merged = ws.Run("check", "merged.hex", "--layout", layout);
        Assert.Equal(0, separate.ExitCode);
        Assert.True(merged.ExitCode == 0, merged.Stdout + merged.Stderr);
        Assert.Contains("bootloader: holds the image's key", merged.Stdout);

        // The wrong key is found through the merged hex too.
        CliAssert.Succeeded(ws.Run("merge", "-o", "broken-merged.hex", Walkthrough("bootloader/mcuboot.bin") + "@0x0", Walkthrough("broken/zephyr.signed.hex")));
        var broken = ws.Run("check", "broken-merged.hex", "--layout", layout);
        Assert.Equal(ExitCodes.Rejected, broken.ExitCode);
        Assert.Contains($"error {ErrorCodes.CheckBootloaderKeyMissing}: ", broken.Stdout);
    }

    [Fact]
    public void Check_of_a_merged_hex_without_an_image_in_the_slot_is_a_coded_error()
    {
        using var ws = new CliWorkspace();
        WriteHex(ws.File("only-boot.hex"), 0x0, CliWorkspace.RandomBytes(0x1000, 26));
        CliAssert.Succeeded(ws.Run("merge", "-o", "merged.hex", "only-boot.hex", Walkthrough("firmware/zephyr.hex")));
        CliAssert.Failed(ws.Run("check", "merged.hex", "--layout", Walkthrough("pm_static.yml")), ErrorCodes.MergedHexPartMissing);
    }
}
