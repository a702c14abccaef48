using System.Text.Json;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Cli;

/// <summary><c>dumpinfo</c> on imgtool's own outputs: every format parses, and encryption/compression TLVs are decoded.</summary>
public sealed class DumpInfoTests
{
    [Theory]
    [InlineData("expected/enc-ec256-aes128.bin", 0x32, "ECIES-P256: ephemeral public key (65) | HMAC-SHA256 tag (32) | AES-128 key (AES-CTR, 16)")]
    [InlineData("expected/enc-ec256-aes256.bin", 0x32, "ECIES-P256: ephemeral public key (65) | HMAC-SHA256 tag (32) | AES-256 key (AES-CTR, 32)")]
    [InlineData("expected/enc-x25519-aes128.bin", 0x33, "ECIES-X25519: ephemeral public key (32) | HMAC-SHA256 tag (32) | AES-128 key (AES-CTR, 16)")]
    [InlineData("expected/enc-rsa2048-aes128.bin", 0x30, "AES key wrapped with RSA-OAEP-SHA256 (256 bytes)")]
    [InlineData("expected/lzma2.bin", 0x70, "48000 bytes: the body size after decompression")]
    [InlineData("expected/lzma2.bin", 0x71, "hash of the decompressed image (32 bytes)")]
    [InlineData("expected/lzma2armthumb.bin", 0x72, "signature of the decompressed image (64 bytes)")]
    [InlineData("expected/ed25519-seccnt-42.bin", 0x50, "42")]
    [InlineData("expected/ed25519-deps.bin", 0x40, "image 1 >= 2.0.0+0")]
    public void Json_decodes_the_tlv(string image, int type, string decoded)
    {
        var result = ToolRunner.Run(TestPaths.Conformance, "dumpinfo", "--format", "json", image);
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var area = json.RootElement.GetProperty("tlv_area");
        var tlvs = area.GetProperty("tlvs").EnumerateArray()
            .Concat(area.TryGetProperty("tlvs_prot", out var prot) ? prot.EnumerateArray() : Enumerable.Empty<JsonElement>());
        var tlv = tlvs.First(t => t.GetProperty("type").GetInt32() == type);
        Assert.Equal(decoded, tlv.GetProperty("decoded").GetString());
    }

    [Theory]
    [InlineData("human", "#### Image header (offset: 0x0) ")]
    [InlineData("yaml", "header:\n  magic: 2532554813\n")]
    [InlineData("json", "\"version\": \"1.2.3+4\"")]
    public void Every_format_describes_a_padded_confirmed_image(string format, string expected)
    {
        var result = ToolRunner.Run(TestPaths.Conformance, "dumpinfo", "-f", format, "expected/ed25519-pad-confirm.bin");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains(expected, result.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains(format == "human" ? "SET (0x1)" : "image_ok", result.Stdout, StringComparison.Ordinal);
    }
}
