using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;
using Microsoft.FSharp.Core;

namespace McuBoot.Tests.Properties;

/// <summary>
/// Issue 2's property: random option sets (<see cref="SignOptionGenerator"/>, FsCheck with a fixed seed) sign through
/// the tool's entry point, then <c>dumpinfo --format json</c> and <c>verify</c> agree with what was asked: version,
/// flags, load address, header and protected sizes, the TLV list in §3.3's order with the values given, the body,
/// trailer presence, boot magic and image_ok.
/// </summary>
public sealed class SignPropertyTests
{
    private const int Cases = 250;

    /// <summary>Fixed FsCheck seed: every run checks the same option sets; change it to explore others.</summary>
    private static readonly Config FixedSeed = Config.QuickThrowOnFailure
        .WithMaxTest(Cases)
        .WithQuietOnSuccess(true)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(0x4d43_5542_2024_0001UL, 0x9e37_79b9_7f4a_7c15UL), FSharpOption<int>.None)));

    private static readonly string KeyDirectory = Path.Combine(TestPaths.Conformance, "keys");

    [Fact]
    public void Random_option_sets_sign_and_dumpinfo_and_verify_agree_with_what_was_asked()
    {
        using var temp = new TempDirectory();
        int checkedCases = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var property = Prop.ForAll(SignOptionGenerator.OptionSets.ToArbitrary(), options =>
        {
            SignAndCheck(temp.Path, options);
            checkedCases++;
            seen.Add($"{options.Key}/{options.Trailer}/{(options.HexOutput ? "hex" : "bin")}/{(options.BigEndian ? "be" : "le")}");
        });
        Check.One(FixedSeed, property);

        Assert.Equal(Cases, checkedCases);

        // The seed reaches every key type, trailer mode, output format and byte order.
        foreach (var key in new[] { string.Empty, "ed25519.pem", "ecdsa-p256.pem", "ecdsa-p384.pem", "rsa-2048.pem" })
        {
            Assert.Contains(seen, s => s.StartsWith(key + "/", StringComparison.Ordinal));
        }

        foreach (var part in new[] { "/none/", "/pad/", "/confirm/", "/test/", "/hex/", "/bin/", "/be", "/le" })
        {
            Assert.Contains(seen, s => s.Contains(part, StringComparison.Ordinal));
        }
    }

    private static void SignAndCheck(string directory, SignOptionSet o)
    {
        // Each case gets a fresh folder so nothing of an earlier case can make it pass.
        string dir = Path.Combine(directory, Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(dir);
        try
        {
            SignCheckDumpVerify(dir, o);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"option set failed: {o}\n{e.Message}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void SignCheckDumpVerify(string dir, SignOptionSet o)
    {
        var firmware = o.Firmware();
        string input = o.HexInput ? "in.hex" : "in.bin";
        if (o.HexInput)
        {
            using var stream = File.Create(Path.Combine(dir, input));
            IntelHexWriter.Write(stream, o.HexAddress, firmware);
        }
        else
        {
            File.WriteAllBytes(Path.Combine(dir, input), firmware);
        }

        foreach (var tlv in o.CustomTlvs.Where(t => t.FromFile))
        {
            File.WriteAllBytes(Path.Combine(dir, $"tlv-{tlv.Tag:x}.bin"), tlv.Value);
        }

        string output = o.HexOutput ? "out.hex" : "out.bin";
        var sign = ToolRunner.Run(dir, o.ToArgs(KeyDirectory, input, output, t => $"tlv-{t.Tag:x}.bin"));
        if (o.LastProtectedTlvEmpty)
        {
            // bootutil judges a TLV protected by its payload offset (tlv.c:bootutil_tlv_iter_is_prot, off < prot_end): an
            // empty last protected TLV has its payload exactly at prot_end, so it counts as unprotected and the TLV
            // allow-list (on in every port) rejects the image. imgtool writes it; sign refuses it, and writes nothing.
            CliAssert.Failed(sign, ErrorCodes.SignTlvLayoutRejected);
            Assert.False(File.Exists(Path.Combine(dir, output)));
            return;
        }

        CliAssert.Succeeded(sign, allowWarnings: true);
        bool outsideVendorRange = o.CustomTlvs.Any(t => (t.Tag & 0xff) < 0xa0);
        Assert.Equal(outsideVendorRange, sign.Stderr.Contains("warning MCUB1102:", StringComparison.Ordinal));

        // The file: flattened (HEX) or as is; the header at the address expected; the body is the firmware.
        var (image, baseAddress) = ImageFileReader.ReadInput(Path.Combine(dir, output));
        if (o.HexOutput)
        {
            uint expectedBase = o.HexInput ? o.HexAddress - (o.PadHeader ? (uint)o.HeaderSize : 0u) : o.HexAddress;
            Assert.Equal(expectedBase, baseAddress);
        }

        int hdr = o.HeaderSize;
        var body = o.PadHeader ? firmware : firmware[hdr..];
        Assert.True(image.AsSpan(hdr, body.Length).SequenceEqual(body), "body differs from the firmware");
        byte headerFill = o.PadHeader ? o.ErasedValue : (byte)0;
        Assert.True(image.AsSpan(32, hdr - 32).IndexOfAnyExcept(headerFill) < 0, "header padding must be the erased value (--pad-header) or the input's zeros");

        // dumpinfo --format json.
        var info = ToolRunner.Run(dir, "dumpinfo", "--format", "json", output);
        CliAssert.Succeeded(info);
        using var json = JsonDocument.Parse(info.Stdout);
        var root = json.RootElement;
        Assert.Equal(o.BigEndian ? "big" : "little", root.GetProperty("byte_order").GetString());
        var header = root.GetProperty("header");
        Assert.Equal(0x96f3b83dL, header.GetProperty("magic").GetInt64());
        Assert.Equal(o.ExpectedLoadAddress, header.GetProperty("load_addr").GetUInt32());
        Assert.Equal(hdr, header.GetProperty("hdr_size").GetInt32());
        Assert.Equal(body.Length, header.GetProperty("img_size").GetInt32());
        Assert.Equal((uint)o.ExpectedFlags, header.GetProperty("flags").GetUInt32());
        Assert.Equal(o.ExpectedVersion, header.GetProperty("version").GetString());

        var area = root.GetProperty("tlv_area");
        var expectedProtected = o.ExpectedProtectedTypes().ToArray();
        var protectedTlvs = area.TryGetProperty("tlvs_prot", out var p) ? p.EnumerateArray().ToArray() : [];
        Assert.Equal(expectedProtected, protectedTlvs.Select(t => (ushort)t.GetProperty("type").GetInt32()));
        int protectedSize = expectedProtected.Length == 0 ? 0 : 4 + protectedTlvs.Sum(t => 4 + t.GetProperty("len").GetInt32());
        Assert.Equal(protectedSize, header.GetProperty("protected_tlv_size").GetInt32());
        Assert.Equal(expectedProtected.Length > 0, area.TryGetProperty("tlv_hdr_prot", out var protHdr));
        if (expectedProtected.Length > 0)
        {
            Assert.Equal(protectedSize, protHdr.GetProperty("tlv_tot").GetInt32());
        }

        CheckProtectedValues(o, protectedTlvs);

        var unprotected = area.GetProperty("tlvs").EnumerateArray().ToArray();
        Assert.Equal(o.ExpectedUnprotectedTypes(), unprotected.Select(t => (ushort)t.GetProperty("type").GetInt32()));
        Assert.Equal(o.Hash.DigestLength(), unprotected[0].GetProperty("len").GetInt32());
        int unprotectedSize = 4 + unprotected.Sum(t => 4 + t.GetProperty("len").GetInt32());
        Assert.Equal(unprotectedSize, area.GetProperty("tlv_hdr").GetProperty("tlv_tot").GetInt32());
        long tlvEnd = hdr + body.Length + protectedSize + unprotectedSize;

        // Trailer: only with --pad/--confirm/--test; the file then fills the slot.
        Assert.Equal(o.Padded, root.TryGetProperty("trailer", out var trailer));
        Assert.Equal(o.Padded ? SignOptionSet.SlotSize : tlvEnd, image.LongLength);
        if (o.Padded)
        {
            Assert.True(trailer.GetProperty("magic_valid").GetBoolean());
            Assert.Equal(o.EffectiveMaxAlign, trailer.GetProperty("max_align").GetInt32());
            Assert.Equal(o.ExpectedImageOk, trailer.GetProperty("image_ok").GetInt32());
        }

        // verify agrees: version and digest (or, for --pure, the signature).
        var verifyArgs = o.Key == null ? new[] { "verify", output } : ["verify", "-k", Path.Combine(KeyDirectory, o.Key), output];
        var verify = ToolRunner.Run(dir, verifyArgs);
        CliAssert.Succeeded(verify);
        Assert.Contains("Image was correctly validated", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Image version: {o.ExpectedVersion}\n", verify.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        string shown = o.Pure ? unprotected.Single(t => t.GetProperty("type").GetInt32() == TlvType.Ed25519).GetProperty("data").GetString()! : unprotected[0].GetProperty("data").GetString()!;
        Assert.Contains(o.Pure ? $"Image signature over image: {shown}" : $"Image digest: {shown}", verify.Stdout, StringComparison.Ordinal);
        Assert.Equal(o.Hash.Hash(image.AsSpan(0, hdr + body.Length + protectedSize)), Convert.FromHexString(unprotected[0].GetProperty("data").GetString()!));
    }

    private static void CheckProtectedValues(SignOptionSet o, JsonElement[] tlvs)
    {
        string Data(JsonElement t) => t.GetProperty("data").GetString()!;
        int i = 0;
        if (o.SecurityCounter != null)
        {
            Assert.Equal(o.ExpectedSecurityCounter!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), tlvs[i].GetProperty("decoded").GetString());
            i++;
        }

        if (o.BootRecord != null)
        {
            Assert.Contains(Convert.ToHexStringLower(System.Text.Encoding.ASCII.GetBytes(o.BootRecord)), Data(tlvs[i]), StringComparison.Ordinal);
            i++;
        }

        foreach (var d in o.Dependencies)
        {
            Assert.Equal($"image {d.ImageId} >= {d.VersionText}", tlvs[i].GetProperty("decoded").GetString());
            Assert.Equal(12, tlvs[i].GetProperty("len").GetInt32());
            i++;
        }

        if (o.VendorUuid != null)
        {
            Assert.Equal(Convert.ToHexStringLower(o.VendorUuid), Data(tlvs[i++]));
        }

        if (o.ClassUuid != null)
        {
            Assert.Equal(Convert.ToHexStringLower(o.ClassUuid), Data(tlvs[i++]));
        }

        foreach (var tlv in o.CustomTlvs.Where(t => !t.FromFile).Concat(o.CustomTlvs.Where(t => t.FromFile)))
        {
            Assert.Equal(Convert.ToHexStringLower(tlv.Value), Data(tlvs[i++]));
        }

        Assert.Equal(tlvs.Length, i);
    }
}
