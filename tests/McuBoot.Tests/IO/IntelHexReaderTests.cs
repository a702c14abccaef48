using System.Text;
using System.Text.Json;
using McuBoot.Diagnostics;
using McuBoot.IO;
using McuBoot.Tests.Infrastructure;
using static McuBoot.Tests.IO.HexTestUtil;

namespace McuBoot.Tests.IO;

public class IntelHexReaderTests
{
    private static string Conf(string relative) => Path.Combine(TestPaths.Conformance, relative);

    private static uint HexBase()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Conf("cases.json")));
        return Convert.ToUInt32(doc.RootElement.GetProperty("hex_base").GetString(), 16);
    }

    [Fact]
    public void AppMediumHex_FlattensToAppMediumBin_AtTheCasesBase()
    {
        var image = IntelHexReader.Read(Conf("inputs/app-medium.hex"));
        var bin = File.ReadAllBytes(Conf("inputs/app-medium.bin"));

        Assert.Single(image.Segments);
        Assert.Equal(HexBase(), image.MinAddress);
        Assert.Equal(HexBase() + (uint)bin.Length, image.MaxAddressExclusive);
        Assert.Equal(bin, image.Flatten());
        Assert.Equal(bin.Length, image.DataLength);
    }

    [Fact]
    public void CrlfAndLf_GiveTheSameImage()
    {
        var lf = File.ReadAllBytes(Conf("inputs/app-medium.hex"));
        var crlf = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(lf).Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Equal(IntelHexReader.Parse(lf, "a.hex").Flatten(), IntelHexReader.Parse(crlf, "a.hex").Flatten());
    }

    [Fact]
    public void TextReaderOverload_MatchesSpanOverload()
    {
        var text = File.ReadAllText(Conf("inputs/app-medium.hex"));
        using var reader = new StringReader(text);
        Assert.Equal(File.ReadAllBytes(Conf("inputs/app-medium.bin")), IntelHexReader.Parse(reader, "a.hex").Flatten());
    }

    [Fact]
    public void TextReader_NonAsciiCharacter_IsInvalidHexFile()
    {
        using var reader = new StringReader(":0100000\u00e900FF\n:00000001FF\n");
        var e = Assert.Throws<McuBootException>(() => IntelHexReader.Parse(reader, "u.hex"));
        Assert.Equal(ErrorCodes.InvalidHexFile, e.Code);
        Assert.Equal(1, e.Line);
        Assert.Contains("byte 0xFF at column 9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignedHexOutput_HoldsThePayloadAfterThePrependedHeader()
    {
        // cases.json "ed25519-hex-in-hex-out": --pad-header -H 0x200 moves base down by 0x200 (§8.1),
        // the payload follows the header unchanged.
        var image = IntelHexReader.Read(Conf("expected/ed25519-hex-in-hex-out.hex"));
        var bin = File.ReadAllBytes(Conf("inputs/app-medium.bin"));
        Assert.Equal(HexBase() - 0x200, image.MinAddress);
        var flat = image.Flatten();
        Assert.Equal(bin, flat.AsSpan(0x200, bin.Length).ToArray());
        Assert.Equal(0x96F3B83Du, BitConverter.ToUInt32(flat, 0)); // IMAGE_MAGIC, little-endian
    }

    [Fact]
    public void BinInHexOut_StartsAtTheHexAddrOption()
    {
        var image = IntelHexReader.Read(Conf("expected/ed25519-bin-in-hex-out.hex"));
        Assert.Equal(0xC000u, image.MinAddress); // "-x 0xc000" in cases.json
        var bin = File.ReadAllBytes(Conf("inputs/app-medium.bin"));
        Assert.Equal(bin, image.Flatten().AsSpan(0x200, bin.Length).ToArray());
    }

    [Fact]
    public void SparseRecords_AreSortedMergedAndFlattenedWithFill()
    {
        var text = Lines(
            Data(0x0110, 5, 6),
            Data(0x0100, 1, 2),
            Data(0x0102, 3, 4),
            Eof);
        var image = IntelHexReader.Parse(text, "s.hex");
        Assert.Equal(2, image.Segments.Count);
        Assert.Equal(0x100u, image.Segments[0].Address);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, image.Segments[0].Data.ToArray());
        Assert.Equal(0x110u, image.Segments[1].Address);
        Assert.Equal(0x112u, image.MaxAddressExclusive);
        var flat = image.Flatten();
        Assert.Equal(0x12, flat.Length);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, flat[..4]);
        Assert.All(flat[4..0x10], b => Assert.Equal(0xFF, b));
        Assert.Equal(new byte[] { 5, 6 }, flat[0x10..]);
        Assert.All(image.Flatten(0x00)[4..0x10], b => Assert.Equal(0, b));
    }

    [Fact]
    public void AddressRecords_02And04_AndStartRecordsIgnored()
    {
        var text = Lines(
            Record(0x02, 0, 0x10, 0x00),           // segment 0x1000 → base 0x10000
            Data(0x0004, 0xAA),
            Linear(0x0800),                        // base 0x08000000
            Data(0x0000, 0xBB),
            Record(0x03, 0, 0, 0, 0x12, 0x34),
            Record(0x05, 0, 0x08, 0, 0, 0x01),
            Eof);
        var image = IntelHexReader.Parse(text, "x.hex");
        Assert.Equal(2, image.Segments.Count);
        Assert.Equal(0x10004u, image.Segments[0].Address);
        Assert.Equal(0x08000000u, image.Segments[1].Address);
    }

    [Fact]
    public void DataRecord_RunsOnPast64KiB_LikePythonIntelhex()
    {
        var image = IntelHexReader.Parse(Lines(Data(0xFFFF, 1, 2), Eof), "w.hex");
        Assert.Equal(0xFFFFu, image.MinAddress);
        Assert.Equal(0x10001u, image.MaxAddressExclusive);
    }

    [Fact]
    public void BlankLines_TrailingWhitespace_LowercaseDigits_AreAccepted()
    {
        var text = Encoding.ASCII.GetBytes("\n" + Data(0x10, 0xAB).ToLowerInvariant() + " \t\r\n\r\n" + Eof + "\r\n\n");
        var image = IntelHexReader.Parse(text, "b.hex");
        Assert.Equal(new byte[] { 0xAB }, image.Flatten());
    }

    [Fact]
    public void IdenticalOverlap_IsAccepted()
    {
        var image = IntelHexReader.Parse(Lines(Data(0x10, 1, 2, 3), Data(0x11, 2, 3, 4), Eof), "o.hex");
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, image.Flatten());
    }

    [Fact]
    public void EmptyFile_WithOnlyEof_IsEmptyImage()
    {
        var image = IntelHexReader.Parse(Lines(Eof), "e.hex");
        Assert.True(image.IsEmpty);
        Assert.Null(image.MinAddress);
        Assert.Empty(image.Flatten());
    }

    public static TheoryData<string, string, int> Malformed()
    {
        var d = new TheoryData<string, string, int>
        {
            // line 3 is the bad one unless said otherwise; lines 1-2 and the EOF are valid
            { "020000040000FA", ErrorCodes.InvalidHexFile, 3 },                      // no ':'
            { ":10000000" + "0102030405060708090A0B0C0D0E0FG0" + "00", ErrorCodes.InvalidHexFile, 3 }, // 'G'
            { ":0100000001F", ErrorCodes.InvalidHexFile, 3 },                        // odd digit count
            { ":00000001", ErrorCodes.InvalidHexFile, 3 },                           // shorter than 5 bytes
            { ":0400000001020304F1", ErrorCodes.HexChecksumMismatch, 3 },           // checksum should be F2
            { ":0500000001020304F2", ErrorCodes.HexByteCountMismatch, 3 },          // count 5, 4 data bytes
            { Record(0x06, 0), ErrorCodes.HexUnsupportedRecordType, 3 },
            { Record(0x04, 0, 0x01), ErrorCodes.InvalidHexFile, 3 },                 // 04 needs 2 bytes
            { Record(0x02, 0x10, 0x00, 0x01), ErrorCodes.InvalidHexFile, 3 },        // 02 needs address 0
            { Record(0x01, 0, 0x00), ErrorCodes.InvalidHexFile, 3 },                 // EOF with data
            { Record(0x05, 0, 0x00), ErrorCodes.InvalidHexFile, 3 },                 // 05 needs 4 bytes
            { Data(0x0002, 9), ErrorCodes.HexOverlappingData, 3 },                   // overlaps line 2 (value 3)
        };
        return d;
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedLine_GivesCodeAndLine(string badLine, string code, int line)
    {
        var text = Lines(Linear(0), Data(0x0000, 1, 2, 3, 4), badLine, Eof);
        var path = Path.GetFullPath("bad.hex");
        var e = Assert.Throws<McuBootException>(() => IntelHexReader.Parse(text, path));
        Assert.Equal(code, e.Code);
        Assert.Equal(line, e.Line);
        Assert.Equal(path, e.File);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Overlap_ReportsTheLaterRecordEvenWhenSortedBefore()
    {
        // Line 3 writes 0x10..0x13; line 2 wrote 0x12 = 7 earlier; line 4 repeats line 2 (identical, fine).
        var text = Lines(Data(0x20, 1), Data(0x12, 7), Data(0x10, 1, 2, 3, 4), Data(0x12, 7), Eof);
        var e = Assert.Throws<McuBootException>(() => IntelHexReader.Parse(text, "o.hex"));
        Assert.Equal(ErrorCodes.HexOverlappingData, e.Code);
        Assert.Equal(3, e.Line);
        Assert.Contains("0x00000012", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataAfterEof_IsAnError()
    {
        var e = Assert.Throws<McuBootException>(() => IntelHexReader.Parse(Lines(Data(0, 1), Eof, "", Data(1, 2)), "a.hex"));
        Assert.Equal(ErrorCodes.HexDataAfterEndOfFile, e.Code);
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void MissingEof_IsAnError()
    {
        var e = Assert.Throws<McuBootException>(() => IntelHexReader.Parse(Lines(Data(0, 1), Data(1, 2)), "m.hex"));
        Assert.Equal(ErrorCodes.HexMissingEndOfFile, e.Code);
        Assert.Equal(2, e.Line);

        var truncated = File.ReadAllBytes(Conf("inputs/app-medium.hex"));
        e = Assert.Throws<McuBootException>(() => IntelHexReader.Parse(truncated.AsSpan(0, truncated.Length / 2), "t.hex"));
        Assert.True(e.Code is ErrorCodes.HexMissingEndOfFile or ErrorCodes.InvalidHexFile or ErrorCodes.HexByteCountMismatch or ErrorCodes.HexChecksumMismatch);
    }

    [Fact]
    public void AddressBeyond32Bits_IsAnError()
    {
        var e = Assert.Throws<McuBootException>(() => IntelHexReader.Parse(Lines(Linear(0xFFFF), Data(0xFFF0, new byte[16]), Eof), "o.hex"));
        Assert.Equal(ErrorCodes.HexAddressOverflow, e.Code);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void ReadMissingFile_IsInputNotFoundWithAbsolutePath()
    {
        var e = Assert.Throws<McuBootException>(() => IntelHexReader.Read("no-such-dir/none.hex"));
        Assert.Equal(ErrorCodes.InputNotFound, e.Code);
        Assert.Equal(Path.GetFullPath("no-such-dir/none.hex"), e.File);
        Assert.Contains(Path.GetFullPath("no-such-dir/none.hex"), e.Message, StringComparison.Ordinal);
    }
}
