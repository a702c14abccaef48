using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Signing;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Conformance;

/// <summary>
/// Replays every case of <c>conformance/cases.json</c> through the tool's entry point with imgtool's own argument
/// list (only the output path is redirected) and compares with imgtool 2.4.0's output.
/// </summary>
public sealed class ConformanceTests
{
    public static TheoryData<string> Deterministic() => Names(c => c.Deterministic);

    public static TheoryData<string> RandomSignature() => Names(c => !c.Deterministic && !c.IsEncrypted && c.Name != "ed25519-big-endian");

    public static TheoryData<string> Verified() => Names(c => c.ImgtoolVerify != null);

    [Theory]
    [MemberData(nameof(Deterministic))]
    public void Deterministic_case_is_byte_identical(string name)
    {
        var c = ConformanceCase.Get(name);
        using var temp = new TempDirectory();
        var ours = Sign(c, temp);
        var expected = File.ReadAllBytes(Path.Combine(TestPaths.Conformance, c.Output));
        Assert.Equal(c.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(expected)));
        Assert.True(expected.AsSpan().SequenceEqual(ours), $"{name}: output differs from imgtool's ({ours.Length} vs {expected.Length} bytes, first difference at {FirstDifference(ours, expected)})");
    }

    [Theory]
    [MemberData(nameof(RandomSignature))]
    public void Randomised_signature_case_matches_except_signature_and_both_verify(string name)
    {
        var c = ConformanceCase.Get(name);
        using var temp = new TempDirectory();
        var ours = Sign(c, temp);
        var expected = File.ReadAllBytes(Path.Combine(TestPaths.Conformance, c.Output));
        var a = ImageReader.Read(ours, "ours");
        var b = ImageReader.Read(expected, "imgtool");

        Assert.Equal(b.Header, a.Header);
        Assert.True(expected.AsSpan(0, (int)b.HashedRegionEnd).SequenceEqual(ours.AsSpan(0, (int)a.HashedRegionEnd)), "header, body and protected TLVs must be identical");
        Assert.Equal(b.UnprotectedTlvs.Select(t => t.Type), a.UnprotectedTlvs.Select(t => t.Type));
        using var key = KeyLoader.Load(Path.Combine(TestPaths.Conformance, c.KeyArg!));
        ushort sigType = SignatureAlgorithms.SignatureTlvType(key.Type);
        foreach (var (x, y) in a.UnprotectedTlvs.Zip(b.UnprotectedTlvs).Where(p => p.First.Type != sigType))
        {
            Assert.Equal(y.Value, x.Value);
        }

        var ourSig = a.UnprotectedTlvs.Single(t => t.Type == sigType).Value;
        var refSig = b.UnprotectedTlvs.Single(t => t.Type == sigType).Value;
        if (key.Type is KeyType.Rsa2048 or KeyType.Rsa3072 || c.Args.Contains("--pad-sig"))
        {
            Assert.Equal(refSig.Length, ourSig.Length);
        }

        Assert.NotEqual(refSig, ourSig);
        bool padded = b.FileLength > b.TlvEnd;
        Assert.Equal(padded ? expected.Length : expected.Length - refSig.Length + ourSig.Length, ours.Length);
        if (padded)
        {
            long tail = Math.Max(a.TlvEnd, b.TlvEnd);
            Assert.True(expected.AsSpan((int)tail).SequenceEqual(ours.AsSpan((int)tail)), "trailer must be identical");
        }

        var verifier = SignerFactory.CreateVerifier(key);
        var ourResult = ImageVerifier.Verify(ours, verifier, "ours");
        var refResult = ImageVerifier.Verify(expected, verifier, "imgtool");
        Assert.True(ourResult.SignatureVerified);
        Assert.True(refResult.SignatureVerified);
        Assert.Equal(refResult.Digest, ourResult.Digest);
    }

    [Theory]
    [MemberData(nameof(Verified))]
    public void Verify_prints_what_imgtool_printed_for_its_own_output(string name)
    {
        var c = ConformanceCase.Get(name);
        var result = ToolRunner.Run(TestPaths.Conformance, "verify", "-k", c.KeyArg!, c.Output);
        Assert.Equal(c.ImgtoolVerifyRc, result.ExitCode);
        Assert.Contains("Image was correctly validated", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(c.ImgtoolVerify!, result.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public void Big_endian_case_is_correct_where_imgtool_is_wrong()
    {
        var c = ConformanceCase.Get("ed25519-big-endian");
        using var temp = new TempDirectory();
        var ours = Sign(c, temp);
        var expected = File.ReadAllBytes(Path.Combine(TestPaths.Conformance, c.Output));

        // imgtool writes predefined TLV types as (type, 0): a big-endian reader sees SHA256 as 0x1000.
        var reference = ImageReader.Read(expected, "imgtool");
        Assert.Equal(ByteOrder.BigEndian, reference.ByteOrder);
        Assert.Equal(0x1000, reference.UnprotectedTlvs[0].Type);

        // Ours: every 16-bit field big-endian, so a big-endian bootloader reads the real types.
        var parsed = ImageReader.Read(ours, "ours");
        Assert.Equal(ByteOrder.BigEndian, parsed.ByteOrder);
        Assert.Equal(new ushort[] { TlvType.Sha256, TlvType.KeyHash, TlvType.Ed25519 }, parsed.UnprotectedTlvs.Select(t => t.Type));
        Assert.Equal(new byte[] { 0x96, 0xf3, 0xb8, 0x3d }, ours[..4]);
        Assert.Equal(new byte[] { 0x00, 0x10, 0x00, 0x20 }, ours.AsSpan((int)parsed.UnprotectedAreaOffset + 4, 4).ToArray());

        // Identical to imgtool everywhere but the TLV type fields.
        Assert.Equal(expected.Length, ours.Length);
        var differing = Enumerable.Range(0, ours.Length).Where(i => ours[i] != expected[i]).ToList();
        var typeFieldOffsets = parsed.UnprotectedTlvs.SelectMany(t => new[] { (int)t.Offset - 4, (int)t.Offset - 3 }).ToHashSet();
        Assert.NotEmpty(differing);
        Assert.All(differing, i => Assert.Contains(i, typeFieldOffsets));

        using var key = KeyLoader.Load(Path.Combine(TestPaths.Conformance, "keys/ed25519.pem"));
        Assert.True(ImageVerifier.Verify(ours, SignerFactory.CreateVerifier(key), "ours").SignatureVerified);
    }

    public static TheoryData<int> KeyOutputIndexes()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < ConformanceCase.KeyOutputs.Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KeyOutputIndexes))]
    public void Key_output_is_byte_identical(int index)
    {
        var (args, output) = ConformanceCase.KeyOutputs[index];
        using var temp = new TempDirectory();
        var redirected = args.ToArray();
        int o = Array.IndexOf(redirected, "-o");
        redirected[o + 1] = temp.File(Path.GetFileName(output));
        var result = ToolRunner.Run(TestPaths.Conformance, redirected);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(TestPaths.Conformance, output)), File.ReadAllBytes(redirected[o + 1]));
    }

    internal static byte[] Sign(ConformanceCase c, TempDirectory temp)
    {
        var args = c.Args.ToArray();
        args[^1] = temp.File(Path.GetFileName(c.Output));
        var result = ToolRunner.Run(TestPaths.Conformance, args);
        Assert.True(result.ExitCode == 0, $"{c.Name}: exit {result.ExitCode}: {result.Stderr}");
        var bytes = File.ReadAllBytes(args[^1]);
        return bytes;
    }

    private static TheoryData<string> Names(Func<ConformanceCase, bool> filter)
    {
        var data = new TheoryData<string>();
        foreach (var c in ConformanceCase.All.Where(filter))
        {
            data.Add(c.Name);
        }

        return data;
    }

    private static int FirstDifference(byte[] a, byte[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return n;
    }
}
