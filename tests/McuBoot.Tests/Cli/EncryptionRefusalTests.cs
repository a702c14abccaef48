using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Tests.Cli;

/// <summary>
/// Issue 3's refusals, each with its error code, where imgtool writes an undecryptable image or crashes
/// (mcuboot-image-format.md §6.1, §6.7, §11): encryption keys the bootloader cannot use, <c>--hmac-sha 512</c>
/// without X25519, AES-KW key files of the wrong size or for the wrong <c>--encrypt-keylen</c>. Nothing is written.
/// </summary>
public sealed class EncryptionRefusalTests
{
    private static readonly string SignKey = CliWorkspace.ConformanceKey("ed25519.pem");

    [Theory]
    [InlineData("ecdsa-p384")]
    [InlineData("ed25519")]
    [InlineData("rsa-3072")]
    public void Encryption_key_the_bootloader_cannot_use_is_refused(string type)
    {
        using var w = new CliWorkspace();
        string key = w.Keygen(type);
        string pub = w.PublicPem(key);
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(1000, 1));
        foreach (var encryptKey in new[] { key, pub })
        {
            var result = w.Run("sign", "-k", SignKey, "-E", encryptKey, "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", input, "out.bin");
            string message = CliAssert.Failed(result, ErrorCodes.EncryptionKeyNotUsable, ExitCodes.Usage);
            Assert.Contains(w.File(encryptKey), message, StringComparison.Ordinal);
        }

        CliAssert.DirectoryHolds(w.Path, key, pub, input);
    }

    [Fact]
    public void X25519_is_refused_as_a_signing_key_and_as_a_verification_key()
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(1000, 2));
        var sign = w.Run("sign", "-k", CliWorkspace.ConformanceKey("x25519.pem"), "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", input, "out.bin");
        CliAssert.Failed(sign, ErrorCodes.KeyNotForSigning);
        CliAssert.DirectoryHolds(w.Path, input);

        CliAssert.Succeeded(w.Run("sign", "-k", SignKey, "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", input, "signed.bin"));
        CliAssert.Failed(w.Run("verify", "-k", CliWorkspace.ConformanceKey("x25519.pem"), "signed.bin"), ErrorCodes.KeyTypeMismatch, ExitCodes.Usage);
    }

    [Theory]
    [InlineData("enc-ec256-pub.pem")]
    [InlineData("enc-rsa2048-pub.pem")]
    [InlineData("aes-kw")]
    public void Hmac_sha512_with_a_non_x25519_encryption_key_is_refused(string encryptKey)
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(1000, 3));
        string key = encryptKey == "aes-kw" ? w.Write("kek.bin", CliWorkspace.RandomBytes(16, 4)) : CliWorkspace.ConformanceKey(encryptKey);
        var result = w.Run("sign", "-k", SignKey, "-E", key, "--hmac-sha", "512", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", input, "out.bin");
        string message = CliAssert.Failed(result, ErrorCodes.EncryptionOptionsConflict, ExitCodes.Usage);
        Assert.Contains("X25519", message, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(w.Path, encryptKey == "aes-kw" ? [input, "kek.bin"] : [input]);
    }

    [Fact]
    public void Hmac_sha512_with_x25519_writes_the_sha512_key_tlv()
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(1000, 5));
        CliAssert.Succeeded(w.Run("sign", "-k", SignKey, "-E", CliWorkspace.ConformanceKey("x25519-pub.pem"), "--hmac-sha", "512", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", input, "out.bin"));
        var tlv = w.Parse("out.bin").UnprotectedTlvs[^1];
        Assert.Equal(TlvType.EncX25519Sha512, tlv.Type);
        Assert.Equal(112, tlv.Value.Length);
        CliAssert.Succeeded(w.Run("verify", "-k", SignKey, "--decrypt-key", CliWorkspace.ConformanceKey("x25519.pem"), "out.bin"));
    }

    public static TheoryData<string, byte[]> BadKekFiles() => new()
    {
        { "raw 24 bytes", CliWorkspace.RandomBytes(24, 6) },
        { "raw 15 bytes", CliWorkspace.RandomBytes(15, 7) },
        { "raw 33 bytes", CliWorkspace.RandomBytes(33, 8) },
        { "base64 of 24 bytes", System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(CliWorkspace.RandomBytes(24, 9)) + "\n") },
        { "base64 of 8 bytes", System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(CliWorkspace.RandomBytes(8, 10))) },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(BadKekFiles))]
    public void Aes_kw_key_file_of_the_wrong_size_is_refused(string what, byte[] content)
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(1000, 11));
        string kek = w.Write("kek.bin", content);
        var result = w.Run("sign", "-k", SignKey, "-E", kek, "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", input, "out.bin");
        string message = CliAssert.Failed(result, ErrorCodes.InvalidAesKeyFile);
        Assert.True(message.Contains(w.File(kek), StringComparison.Ordinal), $"{what}: {message}");
        CliAssert.DirectoryHolds(w.Path, input, kek);

        // The same file as a decryption key is refused the same way.
        var signed = w.Run("sign", "-k", SignKey, "-E", CliWorkspace.ConformanceKey("x25519-pub.pem"), "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", input, "enc.bin");
        CliAssert.Succeeded(signed);
        CliAssert.Failed(w.Run("verify", "-k", SignKey, "--decrypt-key", kek, "enc.bin"), ErrorCodes.InvalidAesKeyFile);
        CliAssert.Failed(w.Run("decrypt", "-k", kek, "enc.bin", "plain.bin"), ErrorCodes.InvalidAesKeyFile);
        Assert.False(File.Exists(w.File("plain.bin")));
    }

    [Theory]
    [InlineData(16, "256")]
    [InlineData(32, "128")]
    [InlineData(32, null)]
    public void Aes_kw_key_of_the_wrong_size_for_encrypt_keylen_is_refused(int kekLength, string? keyLen)
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(1000, 12));
        string kek = w.Write("kek.bin", CliWorkspace.RandomBytes(kekLength, 13));
        var args = new List<string> { "sign", "-k", SignKey, "-E", kek, "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000" };
        if (keyLen != null)
        {
            args.AddRange(["--encrypt-keylen", keyLen]);
        }

        args.AddRange([input, "out.bin"]);
        string message = CliAssert.Failed(w.Run(args.ToArray()), ErrorCodes.EncryptionOptionsConflict, ExitCodes.Usage);
        Assert.Contains($"--encrypt-keylen {kekLength * 8}", message, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(w.Path, input, kek);
    }

    [Fact]
    public void Encryption_options_conflicting_with_external_signing_or_bad_keylen_are_usage_errors()
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(1000, 14));
        CliAssert.Failed(
            w.Run("sign", "-k", SignKey, "-E", CliWorkspace.ConformanceKey("x25519-pub.pem"), "--encrypt-keylen", "192", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", input, "out.bin"),
            ErrorCodes.InvalidOptionValue,
            ExitCodes.Usage);
        CliAssert.Failed(
            w.Run("sign", "-k", SignKey, "-E", "missing-enc.pem", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", input, "out.bin"),
            ErrorCodes.KeyFileNotFound);
        CliAssert.DirectoryHolds(w.Path, input);
    }
}
