using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using McuBoot.IO;
using McuBoot.Keys;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Checks;

/// <summary>
/// A temporary project for the check tests: keys, firmware with a Cortex-M vector table linked for the primary slot,
/// images signed through the real CLI, and bootloader builds (.bin, .hex, ELF) that embed a public key the way MCUboot's
/// generated <c>autogen-pubkey.c</c> lays it out in .rodata.
/// </summary>
internal sealed partial class CheckWorkspace : IDisposable
{
    public const uint BootloaderAddress = 0x0;
    public const uint PrimaryAddress = 0xc000;
    public const uint SlotSize = 0x3a000;
    public const uint SecondaryAddress = 0x46000;
    public const int HeaderSize = 0x200;
    public const uint RamAddress = 0x2000_0000;
    public const uint RamSize = 0x4_0000;

    /// <summary>MCUboot's published root-ed25519.pem (printed in mcuboot-image-format.md §12.2).</summary>
    public const string RootEd25519Pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEICjJcMmhqKi8d3hoYtLnbQ1DCitXyHz8N5BLy6rIdMvY\n-----END PRIVATE KEY-----\n";

    private readonly TempDirectory _dir = new();

    public string Dir => _dir.Path;

    public string File(string name) => _dir.File(name);

    public void Dispose() => _dir.Dispose();

    /// <summary>Writes a fresh private key of <paramref name="type"/> as PKCS#8 PEM.</summary>
    public string NewKey(string name, KeyType type)
    {
        using var key = McuBootKey.Generate(type);
        string path = File(name);
        System.IO.File.WriteAllText(path, key.ExportPrivatePkcs8Pem(string.Empty));
        return path;
    }

    /// <summary>Writes MCUboot's published root-ed25519.pem.</summary>
    public string RootEd25519()
    {
        string path = File("root-ed25519.pem");
        System.IO.File.WriteAllText(path, RootEd25519Pem);
        return path;
    }

    /// <summary>
    /// Firmware as a Zephyr build links it for slot + header: initial SP at the top of RAM, reset handler (Thumb) in the
    /// code, then code-like bytes.
    /// </summary>
    public static byte[] Firmware(uint linkAddress = PrimaryAddress + HeaderSize, int size = 3000, uint? stackPointer = null, int seed = 1)
    {
        var fw = new byte[size];
        new Random(seed).NextBytes(fw);
        BinaryPrimitives.WriteUInt32LittleEndian(fw, stackPointer ?? RamAddress + RamSize);
        for (int i = 1; i < 16; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(fw.AsSpan(i * 4), linkAddress + 0x100 + ((uint)i * 8) + 1);
        }

        return fw;
    }

    /// <summary>Writes <see cref="Firmware"/> (or <paramref name="firmware"/>) to fw.bin and signs it with the CLI; returns the output path.</summary>
    public string Sign(string output, string? key, byte[]? firmware = null, params string[] extra)
    {
        string input = File("fw-" + Path.GetFileNameWithoutExtension(output) + ".bin");
        System.IO.File.WriteAllBytes(input, firmware ?? Firmware());
        var args = new List<string> { "sign", "-v", "1.2.3", "-H", "0x200", "--pad-header" };
        if (!extra.Contains("-S"))
        {
            args.AddRange(["-S", $"0x{SlotSize:x}"]);
        }

        if (key is not null)
        {
            args.AddRange(["-k", key]);
        }

        if (FileFormat.IsHex(output) && !extra.Contains("-x"))
        {
            args.AddRange(["-x", $"0x{PrimaryAddress:x}"]);
        }

        args.AddRange(extra);
        args.Add(input);
        args.Add(File(output));
        var result = ToolRunner.Run(Dir, [.. args]);
        Assert.True(result.ExitCode == 0, $"sign failed: {result.Stderr}");
        return File(output);
    }

    /// <summary>A Partition Manager layout: MCUboot, pad + primary, secondary (optionally smaller), RAM.</summary>
    public string Layout(uint? secondarySize = null, int pad = HeaderSize)
    {
        string path = File("pm_static.yml");
        var text = $$"""
            mcuboot:
              address: 0x{{BootloaderAddress:x}}
              size: 0x{{PrimaryAddress:x}}
              region: flash_primary
            mcuboot_pad:
              address: 0x{{PrimaryAddress:x}}
              size: 0x{{pad:x}}
              region: flash_primary
            mcuboot_primary_app:
              address: 0x{{PrimaryAddress + pad:x}}
              size: 0x{{SlotSize - pad:x}}
              region: flash_primary
            mcuboot_primary:
              address: 0x{{PrimaryAddress:x}}
              size: 0x{{SlotSize:x}}
              span: [mcuboot_pad, mcuboot_primary_app]
              region: flash_primary
            mcuboot_secondary:
              address: 0x{{SecondaryAddress:x}}
              size: 0x{{secondarySize ?? SlotSize:x}}
              region: flash_primary
            sram_primary:
              address: 0x{{RamAddress:x}}
              size: 0x{{RamSize:x}}
              region: sram_primary
            """;
        System.IO.File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        return path;
    }

    /// <summary>The bytes a C compiler puts in .rodata for <c>imgtool getpub -e lang-c</c> output: the array, then (4-aligned) the u32 length.</summary>
    public byte[] GeneratedKeyRodata(string keyPem)
    {
        var result = ToolRunner.Run(Dir, "getpub", "-k", keyPem);
        Assert.Equal(0, result.ExitCode);
        return RodataOf(result.Stdout);
    }

    /// <summary>Compiles the C text of getpub/autogen-pubkey.c into its .rodata bytes.</summary>
    public static byte[] RodataOf(string cSource)
    {
        var array = Regex.Match(cSource, @"const unsigned char (\w+)\[\] = \{(?<body>[^}]*)\};");
        Assert.True(array.Success, "no C array in the key source");
        var bytes = HexByte().Matches(array.Groups["body"].Value).Select(m => byte.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToList();
        var len = Regex.Match(cSource, @"_len = (\d+);");
        Assert.Equal(bytes.Count, int.Parse(len.Groups[1].Value, CultureInfo.InvariantCulture));
        while (bytes.Count % 4 != 0)
        {
            bytes.Add(0);
        }

        var lenBytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(lenBytes, uint.Parse(len.Groups[1].Value, CultureInfo.InvariantCulture));
        return [.. bytes, .. lenBytes];
    }

    /// <summary>Bootloader code (deterministic pseudo-random), .rodata with strings around <paramref name="keyRodata"/>, and .data.</summary>
    public static (byte[] Text, byte[] Rodata, byte[] Data) BootloaderParts(byte[] keyRodata, int seed = 7)
    {
        var rng = new Random(seed);
        var text = new byte[0x2400];
        rng.NextBytes(text);
        BinaryPrimitives.WriteUInt32LittleEndian(text, RamAddress + 0x8000);
        BinaryPrimitives.WriteUInt32LittleEndian(text.AsSpan(4), BootloaderAddress + 0x101);
        var before = Encoding.ASCII.GetBytes("Starting bootloader\0Image in the primary slot is not valid!\0Bad image magic 0x%x\0\0\0");
        var after = Encoding.ASCII.GetBytes("Jumping to the first image slot\0\0");
        var rodata = before.Concat(keyRodata).Concat(after).ToArray();
        var data = new byte[0x40];
        rng.NextBytes(data);
        return (text, rodata, data);
    }

    /// <summary>The bootloader as one flat binary: .text, then .rodata at 0x2800, then .data's load image.</summary>
    public static byte[] BootloaderBinary(byte[] keyRodata)
    {
        var (text, rodata, data) = BootloaderParts(keyRodata);
        var flat = new byte[0x2800 + rodata.Length + data.Length];
        flat.AsSpan().Fill(0xff);
        text.CopyTo(flat, 0);
        rodata.CopyTo(flat, 0x2800);
        data.CopyTo(flat, 0x2800 + rodata.Length);
        return flat;
    }

    /// <summary>Writes the bootloader embedding <paramref name="keyRodata"/> as .bin, .hex or .elf (by the extension).</summary>
    public string Bootloader(string name, byte[] keyRodata)
    {
        string path = File(name);
        var (text, rodata, data) = BootloaderParts(keyRodata);
        switch (Path.GetExtension(name))
        {
            case ".hex":
                System.IO.File.WriteAllBytes(path, IntelHexWriter.ToBytes(MemoryImage.FromSegments(
                [
                    new MemorySegment(BootloaderAddress, text),
                    new MemorySegment(BootloaderAddress + 0x2800, rodata),
                    new MemorySegment(BootloaderAddress + 0x2800 + (uint)rodata.Length, data),
                ])));
                break;
            case ".elf":
                System.IO.File.WriteAllBytes(path, TestElfWriter.Write(false,
                [
                    new(".text", TestElfWriter.ProgBits, TestElfWriter.Alloc | TestElfWriter.Exec, BootloaderAddress, text),
                    new(".rodata", TestElfWriter.ProgBits, TestElfWriter.Alloc, BootloaderAddress + 0x2800, rodata),
                    new(".data", TestElfWriter.ProgBits, TestElfWriter.Alloc | TestElfWriter.Writable, RamAddress, data, BootloaderAddress + 0x2800 + (ulong)rodata.Length),
                    new(".bss", TestElfWriter.NoBits, TestElfWriter.Alloc | TestElfWriter.Writable, RamAddress + 0x40, [], NoBitsSize: 0x400),
                    new(".comment", TestElfWriter.ProgBits, 0, 0, Encoding.ASCII.GetBytes("GCC: (Zephyr SDK) 12.2.0\0")),
                ]));
                break;
            default:
                System.IO.File.WriteAllBytes(path, BootloaderBinary(keyRodata));
                break;
        }

        return path;
    }

    /// <summary>The unprotected TLVs of an image, in order.</summary>
    public static List<(ushort Type, byte[] Value)> UnprotectedTlvs(byte[] image, out int areaOffset)
    {
        int hdr = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(8));
        int prot = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(10));
        int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(12));
        areaOffset = hdr + size + prot;
        Assert.Equal(0x6907, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(areaOffset)));
        int tot = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(areaOffset + 2));
        var list = new List<(ushort, byte[])>();
        for (int at = areaOffset + 4; at < areaOffset + tot;)
        {
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(at));
            int len = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(at + 2));
            list.Add((type, image.AsSpan(at + 4, len).ToArray()));
            at += 4 + len;
        }

        return list;
    }

    /// <summary>Rebuilds the unprotected TLV area (not hashed, so the hash stays valid); the image must have no trailer.</summary>
    public static byte[] RewriteUnprotected(byte[] image, Func<List<(ushort Type, byte[] Value)>, IEnumerable<(ushort Type, byte[] Value)>> edit)
    {
        var tlvs = edit(UnprotectedTlvs(image, out int offset)).ToList();
        var area = new MemoryStream();
        area.Write([0x07, 0x69, 0, 0]);
        foreach (var (type, value) in tlvs)
        {
            var h = new byte[4];
            BinaryPrimitives.WriteUInt16LittleEndian(h, type);
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(2), (ushort)value.Length);
            area.Write(h);
            area.Write(value);
        }

        var bytes = area.ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), (ushort)bytes.Length);
        return [.. image.AsSpan(0, offset), .. bytes];
    }

    /// <summary>ORs <paramref name="flags"/> into ih_flags (the hash then no longer matches).</summary>
    public static byte[] WithFlags(byte[] image, uint flags)
    {
        var copy = (byte[])image.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(16), BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(16)) | flags);
        return copy;
    }

    public string Write(string name, byte[] bytes)
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    [GeneratedRegex(@"0x([0-9a-f]{2}),")]
    private static partial Regex HexByte();
}
