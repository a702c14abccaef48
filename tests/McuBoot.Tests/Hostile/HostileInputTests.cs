using System.Buffers.Binary;
using System.Numerics;
using McuBoot.Diagnostics;
using McuBoot.Tests.Cli;

namespace McuBoot.Tests.Hostile;

/// <summary>
/// Issue 8, hostile input: each class of malformed or oversized input ends in one coded error (never MCUB9999, never
/// an abort) and nothing is written. The inputs are built by <see cref="HostileInputs"/>; their wall time and peak
/// memory through the real process are measured by bench/hostile.py, not here.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly Dictionary<string, string> Password = new() { ["KEY_PW"] = "pw" };

    public static TheoryData<string, string> KeyDerivationCases() => new()
    {
        { "pbkdf2 2^31-1", HostileInputs.Pbkdf2Key(int.MaxValue) },
        { "pbkdf2 2^40", HostileInputs.Pbkdf2Key(BigInteger.Pow(2, 40)) },
        { "pbkdf2 0", HostileInputs.Pbkdf2Key(0) },
        { "pbkdf2 -5", HostileInputs.Pbkdf2Key(-5) },
        { "pbkdf2 limit + 1", HostileInputs.Pbkdf2Key(McuBoot.Keys.KeyDerivationLimits.MaxPbkdf2Iterations + 1) },
        { "scrypt N 2^30", HostileInputs.ScryptKey(BigInteger.Pow(2, 30), 8, 1) },
        { "scrypt N 1000", HostileInputs.ScryptKey(1000, 8, 1) },
        { "scrypt N 0", HostileInputs.ScryptKey(0, 0, 0) },
        { "scrypt r 2^20", HostileInputs.ScryptKey(16384, BigInteger.Pow(2, 20), 1) },
        { "scrypt p 2^24", HostileInputs.ScryptKey(16384, 8, BigInteger.Pow(2, 24)) },
        { "scrypt p 0", HostileInputs.ScryptKey(16384, 8, 0) },
        { "scrypt N 2^17 r 8 p 3 (work)", HostileInputs.ScryptKey(BigInteger.Pow(2, 17), 8, 3) },
        { "scrypt N 2^64", HostileInputs.ScryptKey(BigInteger.Pow(2, 64), 8, 1) },
        { "pkcs12 pbe 2^31-1", HostileInputs.Pkcs12PbeKey(int.MaxValue) },
    };

    [Theory]
    [MemberData(nameof(KeyDerivationCases))]
    public void Key_derivation_parameters_beyond_the_limits_are_refused_before_deriving(string name, string pem)
    {
        using var ws = new CliWorkspace();
        File.WriteAllText(ws.File("key.pem"), pem);
        string message = CliAssert.Failed(ws.Run(Password, "getpub", "-k", "key.pem", "--password-env", "KEY_PW", "-o", "pub.pem"), ErrorCodes.KeyDerivationLimit);
        Assert.Contains("re-encrypt it with standard parameters", message, StringComparison.Ordinal);
        Assert.NotEmpty(name);
        CliAssert.DirectoryHolds(ws.Path, "key.pem");
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(5, false)]
    [InlineData(-1, false)]
    [InlineData(1, true)]
    [InlineData(5, true)]
    public void An_rsa_key_of_another_inner_version_is_refused(int version, bool pkcs8)
    {
        using var ws = new CliWorkspace();
        File.WriteAllText(ws.File("rsa.pem"), HostileInputs.RsaKeyWithVersion(version, pkcs8));
        string message = CliAssert.Failed(ws.Run("getpub", "-k", "rsa.pem", "-o", "pub.pem"), ErrorCodes.RsaKeyVersionUnsupported);
        Assert.Contains(version == 1 ? "multi-prime" : "unknown version", message, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(ws.Path, "rsa.pem");
    }

    [Theory]
    [InlineData("sign", "0x80000")]
    [InlineData("sign", "0")]
    [InlineData("dumpinfo", null)]
    [InlineData("verify", null)]
    public void A_hex_whose_gaps_flatten_to_2_GiB_is_refused_before_allocating(string command, string? slot)
    {
        using var ws = new CliWorkspace();
        File.WriteAllText(ws.File("gap.hex"), HostileInputs.Hex(0x0, 0x7FFFFF00));
        var result = command == "sign"
            ? ws.Run("sign", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", slot!, "gap.hex", "out.bin")
            : ws.Run(command, "gap.hex");
        string message = CliAssert.Failed(result, slot == "0x80000" ? ErrorCodes.ImageTooLarge : ErrorCodes.InputSpanTooLarge);
        Assert.Contains(slot == "0x80000" ? "0x80000-byte slot" : "256 MiB", message, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(ws.Path, "gap.hex");
    }

    [Fact]
    public void A_hex_that_fits_the_cap_but_not_the_slot_is_refused_with_the_slot_named()
    {
        using var ws = new CliWorkspace();
        File.WriteAllText(ws.File("gap.hex"), HostileInputs.Hex(0x10000, 0x10000 + 0x100000));
        string message = CliAssert.Failed(ws.Run("sign", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x80000", "gap.hex", "out.hex"), ErrorCodes.ImageTooLarge);
        Assert.Contains("0x80000-byte slot", message, StringComparison.Ordinal);
        Assert.Contains("nothing was read into memory", message, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(ws.Path, "gap.hex");
    }

    [Theory]
    [InlineData("decompress")]
    [InlineData("verify")]
    public void A_declared_2_GiB_decompressed_size_is_refused_before_inflating(string command)
    {
        using var ws = new CliWorkspace();
        ws.Write("fw.bin", Enumerable.Range(0, 16384).Select(i => (byte)i).ToArray());
        CliAssert.Succeeded(ws.Run("sign", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x80000", "--compression", "lzma2", "fw.bin", "comp.bin"), allowWarnings: true);
        var image = ws.Read("comp.bin");
        PatchDecompSize(image, 0x7FFFFFF0);
        ws.Write("comp.bin", image);
        var result = command == "decompress" ? ws.Run("decompress", "comp.bin", "out.bin") : ws.Run("verify", "comp.bin");
        if (command == "verify")
        {
            // verify checks the image hash first (the patched TLV is protected): coded, and nothing inflated.
            CliAssert.FailedWithAnyCode(result);
        }
        else
        {
            CliAssert.Failed(result, ErrorCodes.DecompressedSizeTooLarge);
        }

        CliAssert.DirectoryHolds(ws.Path, "comp.bin", "fw.bin");
    }

    [Fact]
    public void Decompressing_checks_the_declared_size_against_the_slot_before_inflating()
    {
        using var ws = new CliWorkspace();
        ws.Write("fw.bin", Enumerable.Range(0, 16384).Select(i => (byte)i).ToArray());
        CliAssert.Succeeded(ws.Run("sign", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x80000", "--compression", "lzma2", "fw.bin", "comp.bin"), allowWarnings: true);
        var bytes = ws.Read("comp.bin");
        var parsed = McuBoot.Image.ImageReader.Read(bytes, "comp.bin");
        var e = Assert.Throws<McuBootException>(() => McuBoot.Compression.ImageDecompressor.Decompress(parsed, bytes, "comp.bin", slotSize: 0x1000));
        Assert.Equal(ErrorCodes.DecompressedSizeTooLarge, e.Code);
        Assert.Contains("0x1000-byte", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> YamlCases() => new()
    {
        { "deep flow 100 000", HostileInputs.DeepFlowYaml(100_000), ErrorCodes.LayoutTooDeep },
        { "deep block 5 000", HostileInputs.DeepBlockYaml(5_000), ErrorCodes.LayoutTooDeep },
        { "aliases in keys, 10 levels", HostileInputs.AliasKeyBomb(), ErrorCodes.LayoutAliasExpansion },
        { "alias as key", HostileInputs.AliasAsKey(), ErrorCodes.LayoutAliasExpansion },
        { "billion laughs", HostileInputs.BillionLaughs(), ErrorCodes.LayoutAliasExpansion },
    };

    [Theory]
    [MemberData(nameof(YamlCases))]
    public void Deep_or_alias_bomb_yaml_is_refused_before_the_yaml_model_recurses(string name, string yaml, string code)
    {
        using var ws = new CliWorkspace();
        File.WriteAllText(ws.File("pm_static.yml"), yaml);
        ws.Write("fw.bin", new byte[1024]);
        CliAssert.Failed(ws.Run("sign", "-v", "1.0.0", "--layout", "pm_static.yml", "fw.bin", "out.bin"), code);
        CliAssert.DirectoryHolds(ws.Path, "fw.bin", "pm_static.yml");

        var show = ws.Run("layout", "show", "pm_static.yml");
        Assert.NotEqual(0, show.ExitCode);
        Assert.Contains($"error {code}:", show.Stderr + show.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("MCUB9999", show.Stderr + show.Stdout + name, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_still_read()
    {
        // 63 levels under the top-level mapping: parsed (and then refused as a layout for its content, not its depth).
        var result = McuBoot.Layouts.LayoutReader.Parse(HostileInputs.DeepFlowYaml(McuBoot.Layouts.LayoutReader.MaxDepth - 1), "deep.yml");
        Assert.DoesNotContain(result.Diagnostics, d => d.Code is ErrorCodes.LayoutTooDeep or ErrorCodes.LayoutNotYaml);
    }

    [Fact]
    public void A_negative_section_name_index_is_a_coded_elf_error()
    {
        // Extended numbering: e_shstrndx = SHN_XINDEX and section 0's sh_link = 0xffffffff (negative as an int).
        var elf = HostileInputs.Elf32([[0, 0, 0, 0, 0, 2, 0xFFFFFFFF, 0, 0, 0], [1, 3, 0, 0, 0, 0, 0, 0, 1, 0]], [], shstrndx: 0xFFFF);
        var e = Assert.Throws<McuBootException>(() => McuBoot.Checks.ElfReader.Parse(elf, "neg.elf"));
        Assert.Equal(ErrorCodes.ElfInvalid, e.Code);
        Assert.Contains("section-name table index 4294967295", e.Message, StringComparison.Ordinal);

        using var ws = new CliWorkspace();
        ws.Write("neg.elf", elf);
        var result = ws.Run("check", "neg.elf");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(ErrorCodes.ElfInvalid, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("MCUB9999", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_elf_with_tens_of_thousands_of_sections_and_segments_is_read_in_one_pass()
    {
        // 26 000 sections x 32 000 PT_LOAD segments: 8e8 pairs for a nested search (seconds); sorted segments make it linear-ish.
        var file = McuBoot.Checks.ElfReader.Parse(HostileInputs.ElfSectionSegmentLoop(), "loop.elf");
        Assert.Equal(26_000, file.Sections.Count);
        Assert.Equal(32_000, file.LoadSegments.Count);
        Assert.All(file.Sections.Take(100), s => Assert.Equal(s.Address, s.LoadAddress));
    }

    [Fact]
    public void A_section_gets_the_load_address_of_the_segment_holding_it()
    {
        // Two PT_LOAD segments out of file order; the section at file offset 0x110 lies in the second (offset 0x100, paddr 0x8000).
        uint[] seg1 = [1, 0x200, 0x20000000, 0x9000, 0x10, 0x10, 6, 4];
        uint[] seg2 = [1, 0x100, 0x10000000, 0x8000, 0x40, 0x40, 5, 4];
        var elf = HostileInputs.Elf32([new uint[10], [0, 1, 2, 0x10000010, 0x110, 0x10, 0, 0, 1, 0]], [seg1, seg2]);
        Array.Resize(ref elf, 0x300);
        var file = McuBoot.Checks.ElfReader.Parse(elf, "two.elf");
        Assert.Equal(0x8010UL, file.Sections[0].LoadAddress);
    }

    [Fact]
    public void A_4_MB_bootloader_of_distinct_keys_is_scanned_linearly()
    {
        var data = HostileInputs.DistinctEd25519Keys();
        var firmware = McuBoot.Checks.FirmwareFile.FromBytes(data, "boot.bin", "bootloader");
        var keys = McuBoot.Checks.EmbeddedKeyScanner.Scan(firmware);
        Assert.Equal(data.Length / 44, keys.Count);
    }

    [Fact]
    public void A_4_MB_bootloader_of_p256_prefixes_is_scanned_without_importing_each_candidate()
    {
        var firmware = McuBoot.Checks.FirmwareFile.FromBytes(HostileInputs.P256Prefixes(), "boot.bin", "bootloader");
        Assert.Empty(McuBoot.Checks.EmbeddedKeyScanner.Scan(firmware));
    }

    [Fact]
    public void The_cheap_curve_check_still_finds_real_p256_and_p384_keys()
    {
        using var p256 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var p384 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        var data = new byte[4096];
        p256.ExportSubjectPublicKeyInfo().CopyTo(data, 100);
        p384.ExportSubjectPublicKeyInfo().CopyTo(data, 1000);
        var firmware = McuBoot.Checks.FirmwareFile.FromBytes(data, "boot.bin", "bootloader");
        var keys = McuBoot.Checks.EmbeddedKeyScanner.Scan(firmware);
        Assert.Equal([McuBoot.Keys.KeyType.EcdsaP256, McuBoot.Keys.KeyType.EcdsaP384], keys.Select(k => k.KeyType));
    }

    private static void PatchDecompSize(byte[] image, uint size)
    {
        int headerSize = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(8));
        int protectedSize = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(10));
        int imageSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(12));
        int at = headerSize + imageSize + 4;
        int end = headerSize + imageSize + protectedSize;
        while (at < end)
        {
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(at));
            ushort length = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(at + 2));
            if (type == 0x70)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(at + 4), size);
                return;
            }

            at += 4 + length;
        }

        throw new InvalidOperationException("no DECOMP_SIZE TLV");
    }
}
