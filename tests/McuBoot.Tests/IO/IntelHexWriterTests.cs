using McuBoot.IO;
using McuBoot.Tests.Infrastructure;
using static McuBoot.Tests.IO.HexTestUtil;

namespace McuBoot.Tests.IO;

public class IntelHexWriterTests
{
    private static string Conf(string relative) => Path.Combine(TestPaths.Conformance, relative);

    private static byte[] WriteSegments(params (uint, byte[])[] segments)
    {
        using var ms = new MemoryStream();
        IntelHexWriter.Write(ms, segments.Select(s => (s.Item1, (ReadOnlyMemory<byte>)s.Item2)));
        return ms.ToArray();
    }

    [Theory]
    [InlineData("expected/ed25519-hex-in-hex-out.hex")]
    [InlineData("expected/ed25519-bin-in-hex-out.hex")]
    [InlineData("inputs/app-medium.hex")]
    public void RewritingImgtoolHex_IsByteIdentical(string file)
    {
        var original = File.ReadAllBytes(Conf(file));
        var image = IntelHexReader.Parse(original, file);

        Assert.Equal(original, IntelHexWriter.ToBytes(image));
        Assert.Equal(original, WriteSegments([.. image.Segments.Select(s => (s.Address, s.Data.ToArray()))]));

        using var ms = new MemoryStream();
        IntelHexWriter.Write(ms, image.MinAddress!.Value, image.Flatten());
        Assert.Equal(original, ms.ToArray());
    }

    [Fact]
    public void BelowSixtyFourKiB_NoExtendedAddressRecord()
    {
        var text = WriteSegments((0x1000, Enumerable.Range(0, 20).Select(i => (byte)i).ToArray()));
        Assert.Equal(Lines(
            Data(0x1000, [.. Enumerable.Range(0, 16).Select(i => (byte)i)]),
            Data(0x1010, 16, 17, 18, 19),
            Eof), text);
    }

    [Fact]
    public void Records_StartAtTheRunStart_NotRealigned()
    {
        // intelhex write_hex_file takes up to 16 bytes from the current address, whatever its alignment.
        var text = WriteSegments((0x1008, new byte[40]));
        Assert.Equal(
            [(0, 0x1008, 16), (0, 0x1018, 16), (0, 0x1028, 8), (1, 0, 0)],
            Layout(text).Select(r => ((int)r.Type, (int)r.Address, r.Count)));
    }

    [Fact]
    public void Records_NeverCross64KiB_AndGetAnExtendedLinearRecordPerPage()
    {
        var text = WriteSegments((0xFFF8, new byte[24]));
        Assert.Equal(
            [(4, 0, 2), (0, 0xFFF8, 8), (4, 0, 2), (0, 0x0000, 16), (1, 0, 0)],
            Layout(text).Select(r => ((int)r.Type, (int)r.Address, r.Count)));
        var lines = System.Text.Encoding.ASCII.GetString(text).Split('\n');
        Assert.Equal(Linear(0), lines[0]);
        Assert.Equal(Linear(1), lines[2]);
    }

    [Fact]
    public void SparseSegments_GapsStartNewRecords_TrailerOnAnotherPage()
    {
        // An image plus a separate trailer block, as imgtool writes with --pad in HEX mode (§8.2).
        var text = WriteSegments((0x20000, new byte[0x12]), (0x10000, new byte[3]), (0x2FFF0, new byte[] { 1, 2 }));
        Assert.Equal(
            [(4, 0, 2), (0, 0x0000, 3), (4, 0, 2), (0, 0x0000, 16), (0, 0x0010, 2), (0, 0xFFF0, 2), (1, 0, 0)],
            Layout(text).Select(r => ((int)r.Type, (int)r.Address, r.Count)));
        var image = IntelHexReader.Parse(text, "t.hex");
        Assert.Equal(3, image.Segments.Count);
    }

    [Fact]
    public void AdjacentSegments_AreMergedIntoFullRecords()
    {
        var text = WriteSegments((0x100, new byte[8]), (0x108, new byte[8]));
        Assert.Equal([(0, 0x100, 16), (1, 0, 0)], Layout(text).Select(r => ((int)r.Type, (int)r.Address, r.Count)));
    }

    [Fact]
    public void ConflictingSegments_Throw()
    {
        Assert.Throws<ArgumentException>(() => WriteSegments((0x100, new byte[] { 1, 2 }), (0x101, new byte[] { 3 })));
    }

    [Fact]
    public void Empty_WritesOnlyEof()
    {
        Assert.Equal(Lines(Eof), WriteSegments());
        using var ms = new MemoryStream();
        IntelHexWriter.Write(ms, 0x1234, ReadOnlySpan<byte>.Empty);
        Assert.Equal(Lines(Eof), ms.ToArray());
    }

    [Fact]
    public void WriteFile_WritesAtomically()
    {
        using var dir = new TempDir();
        var path = dir.File("out.hex");
        var image = MemoryImage.FromBytes(0x8000, [1, 2, 3]);
        IntelHexWriter.WriteFile(path, image);
        Assert.Equal(IntelHexWriter.ToBytes(image), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData(1, 0x0000FFE0u)]
    [InlineData(2, 0x00001003u)]
    [InlineData(3, 0x1000FFF9u)]
    [InlineData(4, 0x00000000u)]
    public void AdjacentPiecesInAnyOrder_WriteAsTheMergedImage(int seed, uint address)
    {
        // The signed image is written as its pieces (header+body, protected TLVs, unprotected TLVs, trailer bytes)
        // without being copied into one array: records must run across the piece boundaries exactly as if merged.
        var random = new Random(seed);
        var bytes = new byte[random.Next(1, 300)];
        random.NextBytes(bytes);
        var cuts = Enumerable.Range(0, random.Next(0, 8)).Select(_ => random.Next(1, bytes.Length)).Append(0).Append(bytes.Length).Distinct().Order().ToList();
        var pieces = cuts.Zip(cuts.Skip(1), (a, b) => (address + (uint)a, bytes[a..b])).ToList();
        var gapped = (address + (uint)bytes.Length + 40, new byte[] { 1, 2, 3 });
        pieces.Add(gapped);
        var merged = IntelHexWriter.ToBytes(MemoryImage.FromSegments([new MemorySegment(address, bytes), new MemorySegment(gapped.Item1, gapped.Item2)]));

        Assert.Equal(merged, WriteSegments([.. pieces.OrderBy(_ => random.Next())]));
    }

    [Fact]
    public void OverlappingPieces_StillMustAgree()
    {
        Assert.Equal(WriteSegments((0x100, [1, 2, 3, 4])), WriteSegments((0x100, [1, 2, 3]), (0x102, [3, 4])));
        Assert.Throws<ArgumentException>(() => WriteSegments((0x100, [1, 2, 3]), (0x102, [9, 4])));
    }
}
