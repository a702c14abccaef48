using System.Text;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Tests.Cli;

namespace McuBoot.Tests.Artifacts;

/// <summary>
/// The options only Nordic's imgtool fork has (sdk-mcuboot scripts/imgtool/main.py and image.py): <c>-H auto</c>,
/// <c>--pad-value</c>, <c>--compression-lzma-*</c> and <c>--manifest</c> (MANIFEST TLV 0x76).
/// </summary>
public sealed class ForkOptionTests
{
    /// <summary>Firmware that compresses well but not trivially (text-like, with variation).</summary>
    internal static byte[] CompressibleFirmware(int length = 24 * 1024)
    {
        var text = new StringBuilder();
        var random = new Random(7);
        while (text.Length < length)
        {
            text.Append("func_").Append(random.Next(0, 64)).Append(": ldr r0, [r1, #").Append(random.Next(0, 32) * 4).Append("]\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString())[..length];
    }

    [Fact]
    public void Header_size_auto_is_the_32_byte_header_without_padding()
    {
        using var ws = new CliWorkspace();
        ws.Write("fw.bin", CliWorkspace.RandomBytes(1000, 1));
        CliAssert.Succeeded(ws.Run("sign", "-H", "auto", "--pad-header", "-S", "0x10000", "-v", "1.2.3", "fw.bin", "auto.bin"));
        CliAssert.Succeeded(ws.Run("sign", "-H", "32", "--pad-header", "-S", "0x10000", "-v", "1.2.3", "fw.bin", "explicit.bin"));

        var image = ws.Parse("auto.bin");
        Assert.Equal(32, image.Header.HeaderSize);
        Assert.Equal(ws.Read("fw.bin"), ws.Read("auto.bin").AsSpan(32, 1000).ToArray());
        Assert.Equal(ws.Read("explicit.bin"), ws.Read("auto.bin"));

        // Without --pad-header the input reserves the 32 bytes (zeros), as with any -H.
        ws.Write("reserved.bin", [.. new byte[32], .. CliWorkspace.RandomBytes(500, 2)]);
        CliAssert.Succeeded(ws.Run("sign", "--header-size", "AUTO", "-S", "0x10000", "-v", "1.0.0", "reserved.bin", "reserved.signed.bin"));
        Assert.Equal(32, ws.Parse("reserved.signed.bin").Header.HeaderSize);
        Assert.Equal(500u, ws.Parse("reserved.signed.bin").Header.ImageSize);
    }

    [Fact]
    public void Header_size_auto_is_smaller_than_the_usual_pad_and_keeps_the_image_valid()
    {
        using var ws = new CliWorkspace();
        string key = ws.Keygen("ed25519");
        ws.Write("fw.bin", CliWorkspace.RandomBytes(4000, 3));
        CliAssert.Succeeded(ws.Run("sign", "-k", key, "-H", "auto", "--pad-header", "-S", "0x10000", "-v", "1.0.0", "fw.bin", "auto.bin"));
        CliAssert.Succeeded(ws.Run("sign", "-k", key, "-H", "0x200", "--pad-header", "-S", "0x10000", "-v", "1.0.0", "fw.bin", "pad.bin"));
        Assert.Equal(ws.Read("pad.bin").Length - 0x200 + 32, ws.Read("auto.bin").Length);
        CliAssert.Succeeded(ws.Run("verify", "-k", key, "auto.bin"));
    }

    [Theory]
    [InlineData("0", 0x00)]
    [InlineData("0xff", 0xff)]
    public void Pad_value_fills_header_padding_slot_padding_and_trailer(string option, byte value)
    {
        using var ws = new CliWorkspace();
        ws.Write("fw.bin", CliWorkspace.RandomBytes(1000, 4));
        CliAssert.Succeeded(ws.Run("sign", "--pad-value", option, "--pad-header", "-H", "0x200", "-S", "0x4000", "--pad", "-v", "1.0.0", "fw.bin", "out.bin"));
        byte[] bytes = ws.Read("out.bin");
        var image = ws.Parse("out.bin");
        Assert.Equal(0x4000, bytes.Length);
        Assert.All(bytes[32..0x200], b => Assert.Equal(value, b));
        int tlvEnd = (int)image.TlvEnd;
        int magicStart = bytes.Length - 16;
        Assert.All(bytes[tlvEnd..(magicStart - 64)], b => Assert.Equal(value, b));
        Assert.Equal(Convert.FromHexString("77c295f360d2ef7f3552500f2cb67980"), bytes[magicStart..]);
    }

    [Fact]
    public void Pad_value_without_pad_header_overwrites_the_reserved_header_area()
    {
        using var ws = new CliWorkspace();
        ws.Write("fw.bin", [.. new byte[0x200], .. CliWorkspace.RandomBytes(800, 5)]);
        CliAssert.Succeeded(ws.Run("sign", "--pad-value", "0xff", "-H", "0x200", "-S", "0x4000", "-v", "1.0.0", "fw.bin", "ff.bin"));
        CliAssert.Succeeded(ws.Run("sign", "-H", "0x200", "-S", "0x4000", "-v", "1.0.0", "fw.bin", "zero.bin"));
        Assert.All(ws.Read("ff.bin")[32..0x200], b => Assert.Equal(0xff, b));
        Assert.All(ws.Read("zero.bin")[32..0x200], b => Assert.Equal(0x00, b));
        Assert.Equal(ws.Read("zero.bin")[0x200..(0x200 + 800)], ws.Read("ff.bin")[0x200..(0x200 + 800)]);
    }

    [Fact]
    public void Pad_value_refuses_code_in_the_header_area_and_a_contradicting_erased_value()
    {
        using var ws = new CliWorkspace();
        ws.Write("code.bin", CliWorkspace.RandomBytes(2000, 6));
        CliAssert.Failed(ws.Run("sign", "--pad-value", "0xff", "-H", "0x200", "-S", "0x4000", "-v", "1.0.0", "code.bin", "out.bin"), ErrorCodes.HeaderNotZero);
        CliAssert.Failed(ws.Run("sign", "--pad-value", "0xff", "-R", "0", "--pad-header", "-H", "0x200", "-S", "0x4000", "-v", "1.0.0", "code.bin", "out.bin"), ErrorCodes.InvalidPadValue);
        CliAssert.Failed(ws.Run("sign", "--pad-value", "0x55", "--pad-header", "-H", "0x200", "-S", "0x4000", "-v", "1.0.0", "code.bin", "out.bin"), ErrorCodes.InvalidPadValue);
        Assert.False(File.Exists(ws.File("out.bin")));
    }

    [Fact]
    public void Lzma_parameters_change_the_stream_and_decompress_to_the_same_payload()
    {
        using var ws = new CliWorkspace();
        string key = ws.Keygen("ecdsa-p256");
        ws.Write("fw.bin", CompressibleFirmware());
        string[] common = ["sign", "-k", key, "--pad-header", "-H", "0x200", "-S", "0x20000", "-v", "1.0.0", "--compression", "lzma2"];
        CliAssert.Succeeded(ws.Run([.. common, "fw.bin", "default.bin"]));
        CliAssert.Succeeded(ws.Run([.. common, "--compression-lzma-dictsize", "131072", "--compression-lzma-pb", "2", "--compression-lzma-lc", "3", "--compression-lzma-lp", "1", "--compression-lzma-preset", "9", "fw.bin", "explicit-default.bin"]));
        CliAssert.Succeeded(ws.Run([.. common, "--compression-lzma-dictsize", "0x10000", "--compression-lzma-pb", "0", "--compression-lzma-lc", "0", "--compression-lzma-lp", "2", "--compression-lzma-preset", "6", "fw.bin", "tuned.bin"]));

        var defaultImage = ws.Parse("default.bin");
        var tuned = ws.Parse("tuned.bin");
        byte[] defaultBody = ws.Read("default.bin")[0x200..(0x200 + (int)defaultImage.Header.ImageSize)];
        byte[] tunedBody = ws.Read("tuned.bin")[0x200..(0x200 + (int)tuned.Header.ImageSize)];
        Assert.Equal([0x0a, 0x66], defaultBody[..2]);
        Assert.Equal([0x08, (byte)(((0 * 5) + 2) * 9 + 0)], tunedBody[..2]);
        Assert.NotEqual(defaultBody[2..], tunedBody[2..]);

        // The same signed payload comes out of both (DECOMP_SHA is the same; verify decompresses and checks it).
        Assert.Equal(defaultImage.Find(TlvType.DecompSha)!.Value, tuned.Find(TlvType.DecompSha)!.Value);
        CliAssert.Succeeded(ws.Run("verify", "-k", key, "tuned.bin"));
        CliAssert.Succeeded(ws.Run("decompress", "default.bin", "default.plain.bin"));
        CliAssert.Succeeded(ws.Run("decompress", "tuned.bin", "tuned.plain.bin"));
        // Header, payload and protected TLVs are identical (the ECDSA signatures differ: they are randomised).
        int hashed = (int)ImageReader.Read(ws.Read("default.plain.bin")).HashedRegionEnd;
        Assert.Equal(ws.Read("default.plain.bin")[..hashed], ws.Read("tuned.plain.bin")[..hashed]);
        Assert.Equal(ws.Read("fw.bin"), ws.Read("tuned.plain.bin")[0x200..(0x200 + ws.Read("fw.bin").Length)]);

        // Giving imgtool's defaults explicitly changes nothing (byte-identical to imgtool 2.4.0's fixed settings).
        Assert.Equal(defaultBody, ws.Read("explicit-default.bin")[0x200..(0x200 + (int)ws.Parse("explicit-default.bin").Header.ImageSize)]);
    }

    [Theory]
    [InlineData("--compression-lzma-lc", "4", "--compression-lzma-lp", "1")]
    [InlineData("--compression-lzma-pb", "5", "--compression-lzma-preset", "9")]
    [InlineData("--compression-lzma-preset", "10", "--compression-lzma-pb", "2")]
    [InlineData("--compression-lzma-dictsize", "1024", "--compression-lzma-pb", "2")]
    public void Lzma_parameters_out_of_range_are_refused(string option1, string value1, string option2, string value2)
    {
        using var ws = new CliWorkspace();
        ws.Write("fw.bin", CompressibleFirmware(4096));
        CliAssert.Failed(ws.Run("sign", "--pad-header", "-H", "0x200", "-S", "0x20000", "-v", "1.0.0", "--compression", "lzma2", option1, value1, option2, value2, "fw.bin", "out.bin"), ErrorCodes.InvalidLzmaSetting);
        Assert.False(File.Exists(ws.File("out.bin")));
    }

    [Fact]
    public void Manifest_writes_the_protected_manifest_tlv_as_the_fork_does()
    {
        using var ws = new CliWorkspace();
        string key = ws.Keygen("ecdsa-p256");
        ws.Write("radio.bin", CliWorkspace.RandomBytes(3000, 8));
        ws.Write("app.bin", CliWorkspace.RandomBytes(5000, 9));
        CliAssert.Succeeded(ws.Run("sign", "-k", key, "--pad-header", "-H", "0x200", "-S", "0x10000", "-v", "1.0.0", "radio.bin", "radio.signed.bin"));
        byte[] radioHash = ws.Parse("radio.signed.bin").Find(TlvType.Sha256)!.Value;
        byte[] otherHash = Enumerable.Range(0, 32).Select(i => (byte)(0xa0 + i)).ToArray();
        File.WriteAllText(ws.File("manifest.yaml"), $"""
            format: 1
            manifest_index: 0
            images:
              - index: 2
                hash: {Convert.ToHexStringLower(otherHash)}
              - index: 1
                path: radio.signed.bin
            """);
        CliAssert.Succeeded(ws.Run("sign", "-k", key, "--pad-header", "-H", "0x200", "-S", "0x10000", "-v", "1.0.0", "-s", "3", "--vid", "nordicsemi.com", "--custom-tlv", "0xa0", "0x01", "--manifest", "manifest.yaml", "app.bin", "app.signed.bin"));

        var app = ws.Parse("app.signed.bin");
        Assert.Equal([TlvType.SecurityCounter, TlvType.UuidVid, TlvType.Manifest, (ushort)0xa0], app.ProtectedTlvs.Select(t => t.Type).ToArray());
        byte[] value = app.Find(TlvType.Manifest)!.Value;
        Assert.Equal(8 + 64, value.Length);
        Assert.Equal(Convert.FromHexString("0100000002000000"), value[..8]);
        Assert.Equal(radioHash, value[8..40]);
        Assert.Equal(otherHash, value[40..72]);
        Assert.True(app.Find(TlvType.Manifest)!.Protected);
        CliAssert.Succeeded(ws.Run("verify", "-k", key, "app.signed.bin"));
    }

    [Theory]
    [InlineData("format: 2\nimages: []\n", "MCUB3301")]
    [InlineData("format: 1\nimages:\n  - index: 1\n    hash: 00112233\n", "MCUB3301")]
    [InlineData("format: 1\nmanifest_index: 0\nimages:\n  - index: 1\n    hash: 0011\n  - index: 2\n    hash: 001122\n", "MCUB3301")]
    [InlineData("format: 1\nmanifest_index: 0\nimages:\n  - index: 1\n", "MCUB3301")]
    [InlineData("format: 1\nmanifest_index: 0\nimages:\n  - index: 1\n    path: fw.bin\n", "MCUB3302")]
    [InlineData("format: 1\nmanifest_index: 0\nimages:\n  - index: 1\n    path: missing.bin\n", "MCUB3001")]
    public void Manifest_errors_are_coded(string yaml, string code)
    {
        using var ws = new CliWorkspace();
        ws.Write("fw.bin", CliWorkspace.RandomBytes(1000, 10));
        File.WriteAllText(ws.File("manifest.yaml"), yaml);
        CliAssert.Failed(ws.Run("sign", "--pad-header", "-H", "0x200", "-S", "0x10000", "-v", "1.0.0", "--manifest", "manifest.yaml", "fw.bin", "out.bin"), code);
        Assert.False(File.Exists(ws.File("out.bin")));
    }
}
