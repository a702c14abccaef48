using System.Security.Cryptography;
using McuBoot.Encryption;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Signing;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Conformance;

/// <summary>
/// Issue 3's must-show over the encrypted and compressed cases of <c>conformance/cases.json</c>, all through the
/// tool's entry point: our <c>verify --decrypt-key</c> accepts imgtool's encrypted files, our <c>decrypt</c> turns
/// them into the plaintext image imgtool hashed, our own encrypted outputs decrypt to the same plaintext image, and
/// <c>decompress</c> rebuilds the uncompressed image imgtool signed (mcuboot-image-format.md §6, §7).
/// </summary>
public sealed class EncryptedConformanceTests
{
    public static TheoryData<string> Encrypted() => Names(c => c.IsEncrypted);

    public static TheoryData<string> Compressed() => Names(c => c.IsCompressed);

    [Fact]
    public void The_conformance_set_has_the_encrypted_and_compressed_cases_this_class_covers()
    {
        Assert.Equal(
            new[] { "enc-ec256-aes128", "enc-ec256-aes256", "enc-ec256-clear", "enc-rsa2048-aes128", "enc-x25519-aes128" },
            ConformanceCase.All.Where(c => c.IsEncrypted).Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "lzma2", "lzma2armthumb" }, ConformanceCase.All.Where(c => c.IsCompressed).Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Encrypted))]
    public void Verify_with_the_decryption_key_accepts_imgtools_file(string name)
    {
        var c = ConformanceCase.Get(name);
        var result = ToolRunner.Run(TestPaths.Conformance, "verify", "-k", c.KeyArg!, "--decrypt-key", DecryptKey(c), c.Output);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Contains("Image was correctly validated", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Image version: 1.2.3+4", result.Stdout, StringComparison.Ordinal);

        // The digest printed is the plaintext hash imgtool stored.
        var parsed = ImageReader.Read(File.ReadAllBytes(Path.Combine(TestPaths.Conformance, c.Output)), c.Output);
        var hashTlv = parsed.UnprotectedTlvs.Single(t => t.Type == TlvType.Sha256);
        Assert.Contains($"Image digest: {Convert.ToHexStringLower(hashTlv.Value)}", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Encrypted))]
    public void Verify_without_the_decryption_key_fails_only_when_the_body_is_encrypted(string name)
    {
        var c = ConformanceCase.Get(name);
        var result = ToolRunner.Run(TestPaths.Conformance, "verify", "-k", c.KeyArg!, c.Output);
        if (IsClear(c))
        {
            Assert.True(result.ExitCode == 0, result.Stderr);
            return;
        }

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error MCUB4005: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--decrypt-key", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Encrypted))]
    public void Decrypt_of_imgtools_file_yields_the_plaintext_image_imgtool_hashed(string name)
    {
        var c = ConformanceCase.Get(name);
        using var temp = new TempDirectory();
        var encrypted = File.ReadAllBytes(Path.Combine(TestPaths.Conformance, c.Output));
        var plain = Decrypt(c, Path.Combine(TestPaths.Conformance, c.Output), temp.File("imgtool-plain.bin"));
        var parsed = ImageReader.Read(plain, "imgtool-plain");

        AssertIsPlaintextOfInput(c, plain, parsed);

        // Decrypting only touches the body: header (with its ENCRYPTED flag) and every TLV are kept (§6, after the swap).
        Assert.Equal(encrypted.Length, plain.Length);
        int hdr = parsed.Header.HeaderSize;
        int bodyEnd = hdr + (int)parsed.Header.ImageSize;
        Assert.True(encrypted.AsSpan(0, hdr).SequenceEqual(plain.AsSpan(0, hdr)));
        Assert.True(encrypted.AsSpan(bodyEnd).SequenceEqual(plain.AsSpan(bodyEnd)));
        // A --clear image's body already is the plaintext: decrypt hands it back unchanged instead of scrambling it.
        Assert.Equal(IsClear(c), encrypted.AsSpan(hdr, bodyEnd - hdr).SequenceEqual(plain.AsSpan(hdr, bodyEnd - hdr)));

        // The plaintext image is an ordinary image: verify needs no decryption key for it.
        string plainPath = temp.File("plain-copy.bin");
        File.WriteAllBytes(plainPath, plain);
        var verified = ToolRunner.Run(TestPaths.Conformance, "verify", "-k", c.KeyArg!, plainPath);
        Assert.True(verified.ExitCode == 0, verified.Stderr);
    }

    [Theory]
    [MemberData(nameof(Encrypted))]
    public void Our_encrypted_output_decrypts_to_the_same_plaintext_image_as_imgtools(string name)
    {
        var c = ConformanceCase.Get(name);
        using var temp = new TempDirectory();
        var ours = ConformanceTests.Sign(c, temp);
        string oursPath = temp.File("ours.bin");
        File.WriteAllBytes(oursPath, ours);
        string refPath = Path.Combine(TestPaths.Conformance, c.Output);

        var oursPlain = Decrypt(c, oursPath, temp.File("ours-plain.bin"));
        var refPlain = Decrypt(c, refPath, temp.File("ref-plain.bin"));
        var a = ImageReader.Read(oursPlain, "ours");
        var b = ImageReader.Read(refPlain, "imgtool");
        AssertIsPlaintextOfInput(c, oursPlain, a);

        // Header, body and protected TLVs: identical bytes (so the hash TLV is identical too).
        Assert.Equal(b.Header, a.Header);
        Assert.Equal(b.HashedRegionEnd, a.HashedRegionEnd);
        Assert.True(refPlain.AsSpan(0, (int)b.HashedRegionEnd).SequenceEqual(oursPlain.AsSpan(0, (int)a.HashedRegionEnd)), "header, body and protected TLVs must be identical");
        Assert.Equal(Tlv(b, TlvType.Sha256), Tlv(a, TlvType.Sha256));
        Assert.Equal(Tlv(b, TlvType.KeyHash), Tlv(a, TlvType.KeyHash));
        Assert.Equal(b.UnprotectedTlvs.Select(t => t.Type), a.UnprotectedTlvs.Select(t => t.Type));

        // The encryption key TLV: same type and length, different content (a fresh random AES key per image).
        var ourKeyTlv = a.UnprotectedTlvs.Single(t => EncryptionKeyTlv.IsKeyTlv(t.Type));
        var refKeyTlv = b.UnprotectedTlvs.Single(t => EncryptionKeyTlv.IsKeyTlv(t.Type));
        Assert.Equal(refKeyTlv.Type, ourKeyTlv.Type);
        Assert.Equal(refKeyTlv.Value.Length, ourKeyTlv.Value.Length);
        Assert.NotEqual(refKeyTlv.Value, ourKeyTlv.Value);

        // Our ciphertext is not the plaintext (unless --clear), and the signature verifies over the plaintext.
        int hdr = a.Header.HeaderSize;
        int size = (int)a.Header.ImageSize;
        Assert.Equal(IsClear(c), ours.AsSpan(hdr, size).SequenceEqual(oursPlain.AsSpan(hdr, size)));
        using var key = KeyLoader.Load(Path.Combine(TestPaths.Conformance, c.KeyArg!));
        Assert.True(ImageVerifier.Verify(oursPlain, SignerFactory.CreateVerifier(key), "ours-plain").SignatureVerified);
        var verified = ToolRunner.Run(TestPaths.Conformance, "verify", "-k", c.KeyArg!, "--decrypt-key", DecryptKey(c), oursPath);
        Assert.True(verified.ExitCode == 0, verified.Stderr);
        Assert.Contains($"Image digest: {Convert.ToHexStringLower(Tlv(b, TlvType.Sha256))}", verified.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Compressed))]
    public void Decompress_of_imgtools_file_is_the_uncompressed_image_signed_without_compression(string name)
    {
        var c = ConformanceCase.Get(name);
        using var temp = new TempDirectory();
        string inner = temp.File("decompressed.bin");
        var result = ToolRunner.Run(TestPaths.Conformance, "decompress", c.Output, inner);
        Assert.True(result.ExitCode == 0, result.Stderr);

        var verified = ToolRunner.Run(TestPaths.Conformance, "verify", "-k", c.KeyArg!, inner);
        Assert.True(verified.ExitCode == 0, verified.Stderr);

        // Ed25519 is deterministic, so the rebuilt image equals signing the same input without --compression.
        var args = c.Args.ToList();
        int at = args.IndexOf("--compression");
        args.RemoveRange(at, 2);
        args[^1] = temp.File("uncompressed.bin");
        var signed = ToolRunner.Run(TestPaths.Conformance, args.ToArray());
        Assert.True(signed.ExitCode == 0, signed.Stderr);
        var expected = File.ReadAllBytes(args[^1]);
        var actual = File.ReadAllBytes(inner);
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(expected.AsSpan().SequenceEqual(actual), "decompressed image differs from the uncompressed signing");

        // And verify on the compressed file checks both levels.
        var outer = ToolRunner.Run(TestPaths.Conformance, "verify", "-k", c.KeyArg!, c.Output);
        Assert.True(outer.ExitCode == 0, outer.Stderr);
        var digest = ImageReader.Read(expected, "uncompressed").UnprotectedTlvs[0].Value;
        Assert.Contains($"Decompressed image digest: {Convert.ToHexStringLower(digest)} (signature verified)", outer.Stdout, StringComparison.Ordinal);
    }

    /// <summary>SHA-256 over [0, hdr + img + ptlv) equals the hash TLV, and the body is the input plus zero padding to 16 (§6.2).</summary>
    private static void AssertIsPlaintextOfInput(ConformanceCase c, byte[] plain, ParsedImage parsed)
    {
        Assert.Equal(Tlv(parsed, TlvType.Sha256), SHA256.HashData(plain.AsSpan(0, (int)parsed.HashedRegionEnd)));
        var input = File.ReadAllBytes(Path.Combine(TestPaths.Conformance, c.Input));
        int hdr = parsed.Header.HeaderSize;
        int paddedLength = ((hdr + input.Length + 15) / 16 * 16) - hdr;
        Assert.Equal(paddedLength, (int)parsed.Header.ImageSize);
        var body = plain.AsSpan(hdr, paddedLength);
        Assert.True(body[..input.Length].SequenceEqual(input), "the decrypted body must be the input");
        Assert.True(body[input.Length..].IndexOfAnyExcept((byte)0) < 0, "AES padding must be zero bytes");
        var keyLength = c.ArgAfter("--encrypt-keylen") == "256" ? ImageFlags.EncryptedAes256 : ImageFlags.EncryptedAes128;
        Assert.Equal(keyLength, parsed.Header.Flags & (ImageFlags.EncryptedAes128 | ImageFlags.EncryptedAes256));
    }

    private static byte[] Decrypt(ConformanceCase c, string input, string output)
    {
        var result = ToolRunner.Run(TestPaths.Conformance, "decrypt", "-k", DecryptKey(c), input, output);
        Assert.True(result.ExitCode == 0, $"{c.Name}: decrypt failed: {result.Stderr}");
        Assert.Equal(string.Empty, result.Stderr);
        return File.ReadAllBytes(output);
    }

    /// <summary>The private key of the case's <c>-E</c> key: named in the note, or the <c>-pub.pem</c> file's pair.</summary>
    private static string DecryptKey(ConformanceCase c)
    {
        string derived = c.EncryptArg!.Replace("-pub.pem", ".pem", StringComparison.Ordinal);
        if (c.DecryptKey is { } named)
        {
            Assert.Equal(named, derived);
        }

        Assert.True(File.Exists(Path.Combine(TestPaths.Conformance, derived)), derived);
        return derived;
    }

    private static bool IsClear(ConformanceCase c) => c.Args.Contains("--clear");

    private static byte[] Tlv(ParsedImage image, ushort type) => image.UnprotectedTlvs.Single(t => t.Type == type).Value;

    private static TheoryData<string> Names(Func<ConformanceCase, bool> filter)
    {
        var data = new TheoryData<string>();
        foreach (var c in ConformanceCase.All.Where(filter))
        {
            data.Add(c.Name);
        }

        return data;
    }
}
