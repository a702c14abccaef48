using System.Security.Cryptography;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Cli;

/// <summary>
/// Issue 3 beyond imgtool, through the tool: AES-KW images (raw and base64 KEKs), any signature type with any
/// encryption type, and compression together with encryption — including an input that does not compress, which
/// imgtool mislabels (§7.4) — and <c>--non-bootable</c> kept under compression. Every image is signed, verified with
/// <c>--decrypt-key</c>, decrypted and compared with the input.
/// </summary>
public sealed class EncryptionRoundTripTests
{
    private const string Ed25519 = "ed25519.pem";

    public static TheoryData<int, bool> KekForms() => new() { { 16, false }, { 32, false }, { 16, true }, { 32, true } };

    [Theory]
    [MemberData(nameof(KekForms))]
    public void Aes_kw_image_round_trips(int kekLength, bool base64)
    {
        using var w = new CliWorkspace();
        var kek = CliWorkspace.RandomBytes(kekLength, kekLength + (base64 ? 100 : 0));
        string kekFile = w.Write(base64 ? "kek.b64" : "kek.bin", base64 ? System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(kek) + "\n") : kek);
        var input = CliWorkspace.RandomBytes(3001, 21);
        w.Write("app.bin", input);
        var args = new List<string> { "sign", "-k", Key(Ed25519), "-E", kekFile, "-v", "2.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000" };
        if (kekLength == 32)
        {
            args.AddRange(["--encrypt-keylen", "256"]);
        }

        args.AddRange(["app.bin", "enc.bin"]);
        CliAssert.Succeeded(w.Run(args.ToArray()));

        var parsed = w.Parse("enc.bin");
        Assert.Equal(kekLength == 32 ? ImageFlags.EncryptedAes256 : ImageFlags.EncryptedAes128, parsed.Header.Flags);
        var keyTlv = parsed.UnprotectedTlvs[^1];
        Assert.Equal(TlvType.EncKw, keyTlv.Type);
        Assert.Equal(kekLength + 8, keyTlv.Value.Length);

        AssertRoundTrip(w, "enc.bin", Key(Ed25519), kekFile, input);

        // Another KEK of the right size does not unwrap the key (RFC 3394 integrity check): a coded error, no file.
        string other = w.Write("other.bin", CliWorkspace.RandomBytes(kekLength, 999));
        CliAssert.Failed(w.Run("decrypt", "-k", other, "enc.bin", "wrong.bin"), ErrorCodes.KeyUnwrapFailed);
        CliAssert.Failed(w.Run("verify", "-k", Key(Ed25519), "--decrypt-key", other, "enc.bin"), ErrorCodes.KeyUnwrapFailed);
        Assert.False(File.Exists(w.File("wrong.bin")));
    }

    public static TheoryData<string?, string, string, ushort, string[]> Combinations() => new()
    {
        // signing key (null: hash only), -E key, decryption key, key TLV type, extra options
        { "rsa-2048.pem", "x25519-pub.pem", "x25519.pem", TlvType.EncX25519, [] },
        { "ed25519.pem", "enc-rsa2048-pub.pem", "enc-rsa2048.pem", TlvType.EncRsa2048, [] },
        { "ecdsa-p256.pem", "x25519-pub.pem", "x25519.pem", TlvType.EncX25519, [] },
        { "ecdsa-p256.pem", "enc-rsa2048-pub.pem", "enc-rsa2048.pem", TlvType.EncRsa2048, ["--encrypt-keylen", "256"] },
        { "ecdsa-p384.pem", "enc-ec256-pub.pem", "enc-ec256.pem", TlvType.EncEc256, [] },
        { "rsa-3072.pem", "enc-ec256-pub.pem", "enc-ec256.pem", TlvType.EncEc256, ["--encrypt-keylen", "256"] },
        { "rsa-2048.pem", "enc-ec256.pem", "enc-ec256.pem", TlvType.EncEc256, [] },
        { "ed25519.pem", "x25519-pub.pem", "x25519.pem", TlvType.EncX25519Sha512, ["--hmac-sha", "512", "--encrypt-keylen", "256"] },
        { "ed25519.pem", "x25519-pub.pem", "x25519.pem", TlvType.EncX25519, ["--pure"] },
        { null, "x25519-pub.pem", "x25519.pem", TlvType.EncX25519, ["--sha", "512"] },
        { "ecdsa-p256.pem", "x25519-pub.pem", "x25519.pem", TlvType.EncX25519, ["-e", "big", "--pad", "--confirm", "-s", "auto", "-d", "(1,2.3.4)"] },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Any_signature_type_with_any_encryption_type_round_trips(string? signKey, string encryptKey, string decryptKey, ushort tlvType, string[] extra)
    {
        using var w = new CliWorkspace();
        var input = CliWorkspace.RandomBytes(5000 + extra.Length, tlvType);
        w.Write("app.bin", input);
        var args = new List<string> { "sign" };
        if (signKey != null)
        {
            args.AddRange(["-k", Key(signKey)]);
        }

        args.AddRange(["-E", Key(encryptKey), "-v", "1.2.3", "-H", "0x200", "--pad-header", "-S", "0x10000"]);
        args.AddRange(extra);
        args.AddRange(["app.bin", "enc.bin"]);
        CliAssert.Succeeded(w.Run(args.ToArray()), allowWarnings: true);

        var parsed = w.Parse("enc.bin");
        int aesKey = extra.Contains("256") ? 32 : 16;
        var keyTlv = parsed.UnprotectedTlvs[^1];
        Assert.Equal(tlvType, keyTlv.Type);
        int expectedLength = tlvType switch
        {
            TlvType.EncRsa2048 => 256,
            TlvType.EncEc256 => 65 + 32 + aesKey,
            TlvType.EncX25519 => 32 + 32 + aesKey,
            _ => 32 + 64 + aesKey,
        };
        Assert.Equal(expectedLength, keyTlv.Value.Length);
        Assert.Equal(aesKey == 32 ? ImageFlags.EncryptedAes256 : ImageFlags.EncryptedAes128, parsed.Header.Flags & (ImageFlags.EncryptedAes128 | ImageFlags.EncryptedAes256));

        AssertRoundTrip(w, "enc.bin", signKey == null ? null : Key(signKey), Key(decryptKey), input);
    }

    [Fact]
    public void Compression_and_encryption_of_an_incompressible_input_is_refused_not_mislabeled()
    {
        using var w = new CliWorkspace();
        var input = CliWorkspace.RandomBytes(8192, 31);
        w.Write("random.bin", input);
        var result = w.Run("sign", "-k", Key(Ed25519), "-E", Key("x25519-pub.pem"), "--compression", "lzma2", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", "random.bin", "enc.bin");

        // imgtool 2.4.0 writes an ENCRYPTED-flagged plaintext image without key TLV here (§7.4); we refuse.
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error {ErrorCodes.EncryptedImageDidNotCompress}: ", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(w.File("enc.bin")), "no output may be written");
    }

    [Fact]
    public void Compression_of_an_incompressible_input_without_encryption_writes_the_uncompressed_image_with_a_warning()
    {
        using var w = new CliWorkspace();
        var input = CliWorkspace.RandomBytes(8192, 32);
        w.Write("random.bin", input);
        var result = w.Run("sign", "-k", Key(Ed25519), "--compression", "lzma2", "--non-bootable", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", "random.bin", "out.bin");
        CliAssert.Succeeded(result, allowWarnings: true);
        Assert.Contains($"warning {ErrorCodes.CompressionNotBeneficial}: ", result.Stderr, StringComparison.Ordinal);
        var parsed = w.Parse("out.bin");
        Assert.Equal(ImageFlags.NonBootable, parsed.Header.Flags);
        Assert.Equal(8192u, parsed.Header.ImageSize);
        Assert.True(w.Read("out.bin").AsSpan(0x200, input.Length).SequenceEqual(input));
    }

    [Theory]
    [InlineData("lzma2")]
    [InlineData("lzma2armthumb")]
    public void Compressed_and_encrypted_image_verifies_at_both_levels_and_decompresses(string compression)
    {
        using var w = new CliWorkspace();
        var input = File.ReadAllBytes(CliWorkspace.ConformanceInput("app-compressible.bin"));
        CliAssert.Succeeded(w.Run("sign", "-k", Key(Ed25519), "-E", Key("x25519-pub.pem"), "--compression", compression, "-v", "1.2.3", "-H", "0x200", "--pad-header", "-S", "0x40000", CliWorkspace.ConformanceInput("app-compressible.bin"), "enc.bin"));

        var parsed = w.Parse("enc.bin");
        var compressionFlags = ImageFlags.CompressedLzma2 | (compression == "lzma2armthumb" ? ImageFlags.CompressedArmThumb : ImageFlags.None);
        Assert.Equal(ImageFlags.EncryptedAes128 | compressionFlags, parsed.Header.Flags);
        Assert.Equal(new ushort[] { TlvType.DecompSize, TlvType.DecompSha, TlvType.DecompSignature, TlvType.CompDecSize }, parsed.ProtectedTlvs.Select(t => t.Type));
        Assert.True(parsed.Header.ImageSize < input.Length);

        var verify = CliAssert.Succeeded(w.Run("verify", "-k", Key(Ed25519), "--decrypt-key", Key("x25519.pem"), "enc.bin"));
        Assert.Contains("(signature verified)", verify.Stdout, StringComparison.Ordinal);
        CliAssert.Failed(w.Run("verify", "-k", Key(Ed25519), "enc.bin"), ErrorCodes.HashMismatch);

        CliAssert.Succeeded(w.Run("decompress", "--decrypt-key", Key("x25519.pem"), "enc.bin", "inner.bin"));
        var inner = w.Parse("inner.bin");
        Assert.True(w.Read("inner.bin").AsSpan(0x200, input.Length).SequenceEqual(input));
        Assert.Equal((uint)input.Length, inner.Header.ImageSize);
        Assert.Equal(ImageFlags.None, inner.Header.Flags & compressionFlags);
        CliAssert.Succeeded(w.Run("verify", "-k", Key(Ed25519), "inner.bin"));
    }

    [Fact]
    public void Non_bootable_is_kept_under_compression()
    {
        using var w = new CliWorkspace();
        string input = CliWorkspace.ConformanceInput("app-compressible.bin");
        CliAssert.Succeeded(w.Run("sign", "-k", Key(Ed25519), "--compression", "lzma2", "--non-bootable", "-v", "1.2.3", "-H", "0x200", "--pad-header", "-S", "0x40000", input, "compressed.bin"));
        Assert.Equal(ImageFlags.CompressedLzma2 | ImageFlags.NonBootable, w.Parse("compressed.bin").Header.Flags);
        CliAssert.Succeeded(w.Run("verify", "-k", Key(Ed25519), "compressed.bin"));

        // The decompressed image is the non-bootable image signed without compression (Ed25519: deterministic).
        CliAssert.Succeeded(w.Run("decompress", "compressed.bin", "inner.bin"));
        CliAssert.Succeeded(w.Run("sign", "-k", Key(Ed25519), "--non-bootable", "-v", "1.2.3", "-H", "0x200", "--pad-header", "-S", "0x40000", input, "plain.bin"));
        Assert.Equal(ImageFlags.NonBootable, w.Parse("inner.bin").Header.Flags);
        Assert.Equal(w.Read("plain.bin"), w.Read("inner.bin"));
    }

    /// <summary>
    /// <c>verify --decrypt-key</c> accepts the image, <c>decrypt</c> gives the body <paramref name="input"/> plus zero
    /// padding to 16 with a matching hash, and the decrypted image verifies on its own.
    /// </summary>
    private static void AssertRoundTrip(CliWorkspace w, string image, string? signKey, string decryptKey, byte[] input)
    {
        var verifyArgs = new List<string> { "verify" };
        if (signKey != null)
        {
            verifyArgs.AddRange(["-k", signKey]);
        }

        CliAssert.Succeeded(w.Run([.. verifyArgs, "--decrypt-key", decryptKey, image]));
        CliAssert.Succeeded(w.Run("decrypt", "-k", decryptKey, image, "plain.bin"));
        var plain = w.Read("plain.bin");
        var parsed = ImageReader.Read(plain, "plain.bin");
        int hdr = parsed.Header.HeaderSize;
        int padded = ((hdr + input.Length + 15) / 16 * 16) - hdr;
        Assert.Equal((uint)padded, parsed.Header.ImageSize);
        Assert.True(plain.AsSpan(hdr, input.Length).SequenceEqual(input), "decrypted body differs from the input");
        Assert.True(plain.AsSpan(hdr + input.Length, padded - input.Length).IndexOfAnyExcept((byte)0) < 0);
        var hash = parsed.UnprotectedTlvs[0];
        Assert.Equal(hash.Value, TlvType.HashOf(hash.Type)!.Value.Hash(plain.AsSpan(0, (int)parsed.HashedRegionEnd)));
        CliAssert.Succeeded(w.Run([.. verifyArgs, "plain.bin"]));
    }

    private static string Key(string name) => CliWorkspace.ConformanceKey(name);
}
