using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Tests.Cli;

namespace McuBoot.Tests.Bootloader;

/// <summary>
/// sign refuses (MCUB4122) what every allow-list bootloader rejects: an empty custom TLV as the last protected TLV counts
/// as unprotected (tlv.c:bootutil_tlv_iter_is_prot, off &lt; prot_end), decided by the model's allow-list rule.
/// </summary>
public sealed class SignAllowListTests
{
    private static string Key => CliWorkspace.ConformanceKey("ed25519.pem");

    private static string Firmware(CliWorkspace w) => w.Write("app.bin", CliWorkspace.RandomBytes(0x800, 3));

    [Fact]
    public void An_empty_custom_tlv_file_as_the_last_protected_tlv_is_refused_and_nothing_is_written()
    {
        using var w = new CliWorkspace();
        string app = Firmware(w);
        w.Write("empty.bin", []);
        var sign = w.Run("sign", "-k", Key, "-v", "1.0.0", "--pad-header", "-H", "0x200", "-S", "0x40000", "--custom-tlv-file", "0xa0", "empty.bin", app, "out.bin");
        string line = CliAssert.Failed(sign, ErrorCodes.SignTlvLayoutRejected);
        Assert.Contains("empty TLV at the very end of the protected area", line, StringComparison.Ordinal);
        Assert.Contains("bootutil_img_validate", line, StringComparison.Ordinal);
        Assert.False(File.Exists(w.File("out.bin")));

        // --custom-tlv values come first and file TLVs last (imgtool's order), so the empty file TLV is last again.
        var mixed = w.Run("sign", "-k", Key, "-v", "1.0.0", "--pad-header", "-H", "0x200", "-S", "0x40000", "--custom-tlv", "0xa1", "x", "--custom-tlv-file", "0xa0", "empty.bin", app, "out.bin");
        CliAssert.Failed(mixed, ErrorCodes.SignTlvLayoutRejected);
        Assert.False(File.Exists(w.File("out.bin")));
    }

    [Fact]
    public void An_empty_custom_tlv_followed_by_another_protected_tlv_is_signed_and_accepted()
    {
        using var w = new CliWorkspace();
        string app = Firmware(w);
        w.Write("value.bin", [1, 2, 3]);
        var sign = w.Run("sign", "-k", Key, "-v", "1.0.0", "--pad-header", "-H", "0x200", "-S", "0x40000", "--custom-tlv", "0xa0", "0x", "--custom-tlv-file", "0xa1", "value.bin", app, "out.bin");
        CliAssert.Succeeded(sign, allowWarnings: true);
        var image = w.Parse("out.bin");
        Assert.Equal([(ushort)0xa0, 0xa1], image.ProtectedTlvs.Select(t => t.Type));
        Assert.Empty(image.ProtectedTlvs[0].Value);
        CliAssert.Succeeded(w.Run("verify", "-k", Key, "out.bin"));
    }

    [Fact]
    public void An_empty_custom_tlv_value_alone_is_refused()
    {
        using var w = new CliWorkspace();
        string app = Firmware(w);
        var sign = w.Run("sign", "-k", Key, "-v", "1.0.0", "-H", "0x20", "--pad-header", "-S", "0x40000", "--custom-tlv", "0xa0", "0x", app, "out.hex");
        CliAssert.Failed(sign, ErrorCodes.SignTlvLayoutRejected);
        Assert.False(File.Exists(w.File("out.hex")));
    }
}
