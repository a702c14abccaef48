using System.Security.Cryptography;
using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Tests.Cli;

/// <summary>
/// Issue 2's error contract through the tool's entry point: every failure is one line <c>error MCUBnnnn: ...</c> on
/// standard error, a non-zero exit code, no stack trace and no output file (not even a temporary one) left behind.
/// </summary>
public sealed class ErrorReportingTests
{
    private static readonly string Ed25519 = CliWorkspace.ConformanceKey("ed25519.pem");

    private static string[] Sign(string key, string input, string output, params string[] extra)
        => ["sign", "-k", key, "-v", "1.2.3", "-H", "0x200", "--pad-header", "-S", "0x10000", .. extra, input, output];

    [Fact]
    public void Missing_key_file_names_the_absolute_path_tried()
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(500, 1));
        CliAssert.Succeeded(w.Run("sign", "-k", Ed25519, "-E", CliWorkspace.ConformanceKey("x25519-pub.pem"), "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", input, "enc.bin"));
        string tried = Path.Combine(w.Path, "keys", "missing.pem");
        foreach (var args in new[]
        {
            Sign("keys/missing.pem", input, "out.bin"),
            new[] { "verify", "-k", "keys/missing.pem", "enc.bin" },
            new[] { "verify", "-k", Ed25519, "--decrypt-key", "keys/missing.pem", "enc.bin" },
            new[] { "decrypt", "-k", "keys/missing.pem", "enc.bin", "out.bin" },
            new[] { "getpub", "-k", "keys/missing.pem" },
            new[] { "getpubhash", "-k", "keys/missing.pem" },
            new[] { "keyinfo", "-k", "keys/missing.pem" },
        })
        {
            string message = CliAssert.Failed(w.Run(args), ErrorCodes.KeyFileNotFound, ExitCodes.KeyError);
            Assert.Contains(tried, message, StringComparison.Ordinal);
        }

        CliAssert.DirectoryHolds(w.Path, input, "enc.bin");
    }

    [Fact]
    public void Missing_input_file_names_the_absolute_path_tried()
    {
        using var w = new CliWorkspace();
        foreach (var args in new[] { Sign(Ed25519, "nothere.bin", "out.bin"), new[] { "verify", "nothere.bin" }, new[] { "dumpinfo", "nothere.bin" } })
        {
            string message = CliAssert.FailedWithAnyCode(w.Run(args));
            Assert.Contains(w.File("nothere.bin"), message, StringComparison.Ordinal);
        }

        CliAssert.DirectoryHolds(w.Path);
    }

    public static TheoryData<string, string> WrongKeys() => new()
    {
        { "rsa-1024", ErrorCodes.UnsupportedKeyType },
        { "secp521r1", ErrorCodes.UnsupportedKeyType },
        { "secp521r1-sec1", ErrorCodes.UnsupportedKeyType },
        { "secp256k1", ErrorCodes.UnsupportedKeyType },
        { "x25519", ErrorCodes.KeyNotForSigning },
        { "public-only", ErrorCodes.PublicKeyCannotSign },
    };

    [Theory]
    [MemberData(nameof(WrongKeys))]
    public void Wrong_key_type_or_size_is_refused(string what, string code)
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(500, 2));
        string pem = what switch
        {
            "rsa-1024" => RsaPem(1024),
            "secp521r1" => EcPem(ECCurve.NamedCurves.nistP521, sec1: false),
            "secp521r1-sec1" => EcPem(ECCurve.NamedCurves.nistP521, sec1: true),
            "secp256k1" => EcPem(ECCurve.CreateFromFriendlyName("secP256k1"), sec1: false),
            "x25519" => File.ReadAllText(CliWorkspace.ConformanceKey("x25519.pem")),
            _ => File.ReadAllText(CliWorkspace.ConformanceKey("enc-ec256-pub.pem")),
        };
        string key = w.Write("key.pem", System.Text.Encoding.ASCII.GetBytes(pem));
        string message = CliAssert.Failed(w.Run(Sign(key, input, "out.bin")), code);
        Assert.Contains(w.File(key), message, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(w.Path, input, key);

        // verify, getpub and keyinfo refuse the unsupported keys the same way (an X25519 or public key is fine there).
        if (code == ErrorCodes.UnsupportedKeyType)
        {
            CliAssert.Failed(w.Run("getpub", "-k", key), code);
            CliAssert.Failed(w.Run("verify", "-k", key, input), code);
        }
    }

    [Fact]
    public void Protected_key_needs_a_password_from_env_or_file_never_an_argument()
    {
        using var w = new CliWorkspace();
        var env = new Dictionary<string, string> { ["MCUBOOT_TEST_PW"] = "correct horse" };
        CliAssert.Succeeded(w.Run(env, "keygen", "-k", "protected.pem", "-t", "ecdsa-p256", "-p", "--password-env", "MCUBOOT_TEST_PW"));
        Assert.Contains("ENCRYPTED PRIVATE KEY", File.ReadAllText(w.File("protected.pem")), StringComparison.Ordinal);
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(500, 3));

        // No password source (and no terminal to prompt on).
        string message = CliAssert.Failed(w.Run(Sign("protected.pem", input, "out.bin")), ErrorCodes.KeyPasswordRequired);
        Assert.Contains(w.File("protected.pem"), message, StringComparison.Ordinal);
        Assert.Contains("--password-env", message, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(w.Path, "protected.pem", input);

        // The variable named is not set; the wrong password; a missing password file.
        CliAssert.FailedWithAnyCode(w.Run(Sign("protected.pem", input, "out.bin", "--password-env", "MCUBOOT_TEST_UNSET")));
        CliAssert.Failed(w.Run(new Dictionary<string, string> { ["PW"] = "wrong" }, Sign("protected.pem", input, "out.bin", "--password-env", "PW")), ErrorCodes.KeyWrongPassword);
        CliAssert.Failed(w.Run(Sign("protected.pem", input, "out.bin", "--password-file", "nothere.txt")), ErrorCodes.PasswordFileNotFound);
        CliAssert.DirectoryHolds(w.Path, "protected.pem", input);

        // There is no option taking the password itself.
        CliAssert.Failed(w.Run(Sign("protected.pem", input, "out.bin", "--password", "correct horse")), "MCUB1000");

        // --password-env and --password-file both work, for sign and for verify.
        CliAssert.Succeeded(w.Run(env, Sign("protected.pem", input, "env.bin", "--password-env", "MCUBOOT_TEST_PW")));
        w.Write("pw.txt", System.Text.Encoding.UTF8.GetBytes("correct horse\n"));
        CliAssert.Succeeded(w.Run(Sign("protected.pem", input, "file.bin", "--password-file", "pw.txt")));
        CliAssert.Succeeded(w.Run("verify", "-k", "protected.pem", "--password-file", "pw.txt", "env.bin"));
        CliAssert.Succeeded(w.Run(env, "verify", "-k", "protected.pem", "--password-env", "MCUBOOT_TEST_PW", "file.bin"));
    }

    [Theory]
    [InlineData("16")]
    [InlineData("31")]
    [InlineData("0")]
    [InlineData("0x10000")]
    [InlineData("100000")]
    public void Header_size_outside_32_to_65535_is_refused(string headerSize)
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(500, 4));
        var result = w.Run("sign", "-k", Ed25519, "-v", "1.0.0", "-H", headerSize, "--pad-header", "-S", "0x40000", input, "out.bin");
        string message = CliAssert.Failed(result, ErrorCodes.InvalidHeaderSize, ExitCodes.Usage);
        Assert.Contains("32..65535", message, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(w.Path, input);
    }

    [Theory]
    [InlineData(0x20)]
    [InlineData(0xffff)]
    public void Header_size_at_the_limits_is_accepted(int headerSize)
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(500, 5));
        CliAssert.Succeeded(w.Run("sign", "-k", Ed25519, "-v", "1.0.0", "-H", headerSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "--pad-header", "-S", "0x40000", input, "out.bin"));
        Assert.Equal(headerSize, w.Parse("out.bin").Header.HeaderSize);
        CliAssert.Succeeded(w.Run("verify", "-k", Ed25519, "out.bin"));
    }

    [Fact]
    public void Input_not_starting_with_header_size_zero_bytes_needs_pad_header()
    {
        using var w = new CliWorkspace();
        var data = new byte[0x400];
        data[0x1ff] = 1;
        string input = w.Write("app.bin", data);
        string message = CliAssert.Failed(w.Run("sign", "-k", Ed25519, "-v", "1.0.0", "-H", "0x200", "-S", "0x40000", input, "out.bin"), ErrorCodes.HeaderNotZero, ExitCodes.Usage);
        Assert.Contains("--pad-header", message, StringComparison.Ordinal);
        Assert.Contains(w.File(input), message, StringComparison.Ordinal);

        // Shorter than the header: the same error.
        string tiny = w.Write("tiny.bin", new byte[0x100]);
        CliAssert.Failed(w.Run("sign", "-k", Ed25519, "-v", "1.0.0", "-H", "0x200", "-S", "0x40000", tiny, "out.bin"), ErrorCodes.HeaderNotZero);
        CliAssert.DirectoryHolds(w.Path, input, tiny);

        // One byte less of the non-zero area is fine.
        data[0x1ff] = 0;
        data[0x200] = 1;
        w.Write("app.bin", data);
        CliAssert.Succeeded(w.Run("sign", "-k", Ed25519, "-v", "1.0.0", "-H", "0x200", "-S", "0x40000", input, "out.bin"));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Image_too_large_for_the_slot_names_slot_size_image_and_trailer_size_and_overflow(bool pad, bool hex)
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(0x3000, 6));
        string output = hex ? "out.hex" : "out.bin";
        string[] extra = [.. pad ? new[] { "--pad" } : [], .. hex ? new[] { "-x", "0x8000000" } : []];

        // The size of the image itself, from an unchecked (-S 0) run.
        CliAssert.Succeeded(w.Run(["sign", "-k", Ed25519, "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0", input, "unchecked.bin"]));
        long imageLength = w.Parse("unchecked.bin").TlvEnd;
        long trailer = 0x1b0; // §5.4: N=128, W=1, A=8
        long slot = 0x3200;
        long total = imageLength + trailer;
        var result = w.Run(["sign", "-k", Ed25519, "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x3200", .. extra, input, output]);
        string message = CliAssert.Failed(result, ErrorCodes.ImageTooLarge, ExitCodes.TooLarge);
        Assert.Contains($"0x{slot:x} ({slot} bytes)", message, StringComparison.Ordinal);
        Assert.Contains($"0x{total:x} ({total} bytes)", message, StringComparison.Ordinal);
        Assert.Contains($"by {total - slot} bytes", message, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(w.Path, input, "unchecked.bin");

        // Exactly full is accepted (imgtool: equality passes).
        string exact = $"0x{total:x}";
        CliAssert.Succeeded(w.Run(["sign", "-k", Ed25519, "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", exact, .. extra, input, output]));
        CliAssert.Failed(w.Run(["sign", "-k", Ed25519, "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", $"0x{total - 1:x}", .. extra, input, "other.bin"]), ErrorCodes.ImageTooLarge);
        Assert.False(File.Exists(w.File("other.bin")));
    }

    [Theory]
    [InlineData("1.2.3.4")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-rc1")]
    [InlineData("v1.2")]
    [InlineData("1.0+5")]
    [InlineData("256.0.0")]
    [InlineData("1.256.0")]
    [InlineData("1.0.65536")]
    [InlineData("1.0.0+4294967296")]
    [InlineData("")]
    [InlineData("1..2")]
    [InlineData(" 1.0.0")]
    public void Malformed_version_is_refused(string version)
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(100, 7));
        var result = w.Run("sign", "-k", Ed25519, "-v", version, "-H", "0x200", "--pad-header", "-S", "0x10000", input, "out.bin");
        string message = CliAssert.Failed(result, ErrorCodes.InvalidVersion, ExitCodes.Usage);
        Assert.Contains("'-v' / '--version'", message, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(w.Path, input);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("( 1, 1.0)")]
    [InlineData("(1,1.0 )")]
    [InlineData("(256,1.0.0)")]
    [InlineData("(1,01.0.0)")]
    [InlineData("(1,1.2.3.4)")]
    [InlineData("(1,)")]
    [InlineData("(,1.0)")]
    [InlineData("(1,300.0.0)")]
    public void Malformed_dependencies_are_refused(string dependencies)
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(100, 8));
        var result = w.Run("sign", "-k", Ed25519, "-v", "1.0.0", "-d", dependencies, "-H", "0x200", "--pad-header", "-S", "0x10000", input, "out.bin");
        string message = CliAssert.FailedWithAnyCode(result, ExitCodes.Usage);
        Assert.True(result.Stderr.StartsWith($"error {ErrorCodes.InvalidDependencies}: ", StringComparison.Ordinal) || result.Stderr.StartsWith($"error {ErrorCodes.InvalidVersion}: ", StringComparison.Ordinal), result.Stderr);
        Assert.Contains("--dependencies", message, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(w.Path, input);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("0x1ffffffff")]
    [InlineData("4294967296")]
    [InlineData("007")]
    [InlineData("1.0")]
    [InlineData("")]
    public void Malformed_security_counter_is_refused(string counter)
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(100, 9));
        var result = w.Run("sign", "-k", Ed25519, "-v", "1.0.0", "-s", counter, "-H", "0x200", "--pad-header", "-S", "0x10000", input, "out.bin");
        string message = CliAssert.FailedWithAnyCode(result, ExitCodes.Usage);
        Assert.Equal(ErrorCodes.InvalidSecurityCounter, CliAssert.Code(result));
        Assert.Contains("'-s' / '--security-counter'", message, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(w.Path, input);
    }

    [Theory]
    [InlineData("sign", "--bogus")]
    [InlineData("sign", "--pad-headers")]
    [InlineData("verify", "--decrypt")]
    [InlineData("dumpinfo", "-z")]
    public void Unknown_option_is_a_usage_error_naming_it(string command, string option)
    {
        using var w = new CliWorkspace();
        string input = w.Write("app.bin", CliWorkspace.RandomBytes(100, 10));
        string[] args = command == "sign"
            ? ["sign", "-k", Ed25519, "-v", "1.0.0", "-H", "0x200", option, "--pad-header", "-S", "0x10000", input, "out.bin"]
            : [command, option, input];
        string message = CliAssert.Failed(w.Run(args), "MCUB1000", ExitCodes.Usage);
        Assert.True(message.Contains(option, StringComparison.Ordinal), message);
        CliAssert.DirectoryHolds(w.Path, input);

        CliAssert.Failed(w.Run("frobnicate", input), "MCUB1000", ExitCodes.Usage);
    }

    public static TheoryData<string> CorruptFiles() => new() { "empty", "short", "random", "erased", "magic-only", "truncated-header", "truncated-body", "truncated-tlvs", "bad-tlv-magic", "hex-garbage", "hex-bad-checksum", "hex-truncated" };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Truncated_or_corrupt_file_given_to_verify_or_dumpinfo_is_a_coded_error(string kind)
    {
        using var w = new CliWorkspace();
        CliAssert.Succeeded(w.Run("sign", "-k", Ed25519, "-v", "1.0.0", "-s", "3", "-H", "0x200", "--pad-header", "-S", "0x10000", w.Write("app.bin", CliWorkspace.RandomBytes(1000, 11)), "good.bin"));
        var good = w.Read("good.bin");
        var parsed = w.Parse("good.bin");
        string name = kind.StartsWith("hex", StringComparison.Ordinal) ? "bad.hex" : "bad.bin";
        byte[] content = kind switch
        {
            "empty" => [],
            "short" => good[..20],
            "random" => CliWorkspace.RandomBytes(2000, 12),
            "erased" => Enumerable.Repeat((byte)0xff, 2000).ToArray(),
            "magic-only" => good[..4],
            "truncated-header" => good[..31],
            "truncated-body" => good[..0x300],
            "truncated-tlvs" => good[..(int)(parsed.TlvEnd - 10)],
            "bad-tlv-magic" => Patched(good, (int)parsed.HashedRegionEnd, 0x00),
            "hex-garbage" => System.Text.Encoding.ASCII.GetBytes("this is not intel hex\n"),
            "hex-bad-checksum" => System.Text.Encoding.ASCII.GetBytes(":10000000000102030405060708090A0B0C0D0E0F00\n:00000001FF\n"),
            _ => System.Text.Encoding.ASCII.GetBytes(":1000000000010203\n"),
        };
        w.Write(name, content);

        CliAssert.FailedWithAnyCode(w.Run("verify", "-k", Ed25519, name));
        CliAssert.FailedWithAnyCode(w.Run("verify", name));
        foreach (var format in new[] { "human", "json", "yaml" })
        {
            CliAssert.FailedWithAnyCode(w.Run("dumpinfo", "-f", format, name));
        }

        CliAssert.FailedWithAnyCode(w.Run("dumpinfo", "-o", "info.yaml", name));
        CliAssert.DirectoryHolds(w.Path, "app.bin", "good.bin", name);
    }

    [Fact]
    public void Verify_reports_the_reason_for_a_tampered_image()
    {
        using var w = new CliWorkspace();
        CliAssert.Succeeded(w.Run("sign", "-k", Ed25519, "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", w.Write("app.bin", CliWorkspace.RandomBytes(1000, 13)), "good.bin"));
        var good = w.Read("good.bin");
        var parsed = w.Parse("good.bin");

        w.Write("body.bin", Patched(good, 0x300, (byte)(good[0x300] ^ 1)));
        CliAssert.Failed(w.Run("verify", "-k", Ed25519, "body.bin"), ErrorCodes.HashMismatch);

        var signature = parsed.UnprotectedTlvs.Single(t => t.Type == TlvType.Ed25519);
        w.Write("sig.bin", Patched(good, (int)signature.Offset + 5, (byte)(good[signature.Offset + 5] ^ 0x80)));
        CliAssert.Failed(w.Run("verify", "-k", Ed25519, "sig.bin"), ErrorCodes.SignatureInvalid);

        CliAssert.Failed(w.Run("verify", "-k", CliWorkspace.ConformanceKey("ecdsa-p256.pem"), "good.bin"), ErrorCodes.KeyHashMismatch);
        // A P-384 bootloader compares SHA384 hash TLVs only (EXPECTED_HASH_TLV); this image has SHA256 (bootutil_img_validate).
        CliAssert.Failed(w.Run("verify", "-k", CliWorkspace.ConformanceKey("ecdsa-p384.pem"), "good.bin"), ErrorCodes.NoHashTlv);

        // The KEYHASH retyped as UUID_CID (0x75): that type may not be unprotected (MCUBOOT_USE_TLV_ALLOW_LIST, on by default),
        // so bootutil rejects the image whatever the key. Without the allow-list, a signature without a KEYHASH/PUBKEY TLV
        // before it is ignored by bootutil (§10.2), so the image is rejected, even though the signature itself is good
        // (the corruption property found this), while a bootloader that checks no signature accepts it.
        var keyHash = parsed.UnprotectedTlvs.Single(t => t.Type == TlvType.KeyHash);
        w.Write("nokey.bin", Patched(good, (int)keyHash.Offset - 4, 0x75));
        CliAssert.Failed(w.Run("verify", "-k", Ed25519, "nokey.bin"), ErrorCodes.BootTlvNotAllowed);
        CliAssert.Failed(w.Run("verify", "nokey.bin"), ErrorCodes.BootTlvNotAllowed);
        CliAssert.Failed(w.Run("verify", "-k", Ed25519, "--no-allow-list", "nokey.bin"), ErrorCodes.NoSignatureForKey);
        CliAssert.Succeeded(w.Run("verify", "--no-allow-list", "nokey.bin"));

        // SIG_PURE must be the one byte 0x01.
        CliAssert.Succeeded(w.Run("sign", "-k", Ed25519, "--pure", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", "app.bin", "pure.bin"));
        var pure = w.Read("pure.bin");
        var sigPure = w.Parse("pure.bin").UnprotectedTlvs.Single(t => t.Type == TlvType.SigPure);
        CliAssert.Succeeded(w.Run("verify", "-k", Ed25519, "pure.bin"));
        w.Write("pure2.bin", Patched(pure, (int)sigPure.Offset, 0x02));
        CliAssert.Failed(w.Run("verify", "-k", Ed25519, "pure2.bin"), ErrorCodes.BootPureTlvMissing); // bootutil_check_for_pure
    }

    private static byte[] Patched(byte[] image, int offset, byte value)
    {
        var copy = (byte[])image.Clone();
        copy[offset] = value;
        return copy;
    }

    private static string RsaPem(int bits)
    {
        using var rsa = RSA.Create(bits);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    private static string EcPem(ECCurve curve, bool sec1)
    {
        using var ec = ECDsa.Create(curve);
        return sec1 ? ec.ExportECPrivateKeyPem() : ec.ExportPkcs8PrivateKeyPem();
    }
}
