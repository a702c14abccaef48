using System.Text;
using McuBoot.Diagnostics;
using McuBoot.IO;
using McuBoot.Tests.Infrastructure;
using static McuBoot.Tests.IO.HexTestUtil;

namespace McuBoot.Tests.IO;

/// <summary>
/// Reading a HEX file streams it in chunks of whole lines (issue 11: the text is never held in memory): every file,
/// including a defective one whose defect lies beyond the first chunk, gives exactly what parsing the whole text gives
/// (the same segments, or the same error code, line and message).
/// </summary>
public sealed class IntelHexStreamingTests
{
    /// <summary>Valid data records (about 1.6 MiB of text, more than one read chunk) at 0x10000000, with their line count.</summary>
    private static (List<string> Lines, int Count) BigPrefix()
    {
        var lines = new List<string>();
        var random = new Random(21);
        for (int i = 0; i < 36_000; i++)
        {
            uint address = 0x1000_0000u + (uint)(i * 16);
            if ((address & 0xffff) == 0)
            {
                lines.Add(Linear((ushort)(address >> 16)));
            }

            var data = new byte[16];
            random.NextBytes(data);
            lines.Add(Data((ushort)address, data));
        }

        return (lines, lines.Count);
    }

    private static readonly Lazy<(List<string> Lines, int Count)> Prefix = new(BigPrefix);

    /// <summary>The streamed read of <paramref name="text"/> equals the whole-text parse, both for success and failure.</summary>
    private static void SameAsWholeText(byte[] text)
    {
        using var dir = new TempDir();
        string path = dir.File("in.hex");
        File.WriteAllBytes(path, text);

        McuBootException? expectedError = null;
        MemoryImage? expected = null;
        try
        {
            expected = IntelHexReader.Parse(text, path);
        }
        catch (McuBootException e)
        {
            expectedError = e;
        }

        foreach (var read in new Func<MemoryImage>[] { () => IntelHexReader.Read(path), () => IntelHexReader.ParseFile(path) })
        {
            if (expectedError is not null)
            {
                var e = Assert.Throws<McuBootException>(read);
                Assert.Equal(expectedError.Code, e.Code);
                Assert.Equal(expectedError.Line, e.Line);
                Assert.Equal(expectedError.Message, e.Message);
                continue;
            }

            var actual = read();
            Assert.Equal(expected!.Segments.Count, actual.Segments.Count);
            for (int i = 0; i < actual.Segments.Count; i++)
            {
                Assert.Equal(expected.Segments[i].Address, actual.Segments[i].Address);
                Assert.True(expected.Segments[i].Data.Span.SequenceEqual(actual.Segments[i].Data.Span));
            }

            Assert.Equal(expected.Flatten(), actual.Flatten());
        }
    }

    [Theory]
    [InlineData("inputs/app-medium.hex")]
    [InlineData("expected/ed25519-hex-in-hex-out.hex")]
    [InlineData("expected/ed25519-bin-in-hex-out.hex")]
    public void Conformance_hex_files_read_as_their_text_parses(string file)
        => SameAsWholeText(File.ReadAllBytes(Path.Combine(TestPaths.Conformance, file)));

    [Fact]
    public void A_file_of_several_chunks_with_crlf_blank_lines_and_no_final_line_end_reads_the_same()
    {
        var (lines, _) = Prefix.Value;
        string crlf = string.Join("\r\n", lines) + "\r\n\r\n  \r\n" + Data(0x0010, 1, 2, 3) + "\r\n" + Eof;
        SameAsWholeText(Encoding.ASCII.GetBytes(crlf));
        SameAsWholeText(Lines([.. lines, Eof]));
    }

    [Theory]
    [MemberData(nameof(IntelHexReaderTests.Malformed), MemberType = typeof(IntelHexReaderTests))]
    public void A_defect_after_the_first_chunk_is_reported_as_in_the_whole_text(string badLine, string code, int line)
    {
        var (lines, count) = Prefix.Value;
        var text = Lines([.. lines, Linear(0), Data(0x0000, 1, 2, 3, 4), badLine, Eof]);
        SameAsWholeText(text);

        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("bad.hex"), text);
        var e = Assert.Throws<McuBootException>(() => IntelHexReader.Read(dir.File("bad.hex")));
        Assert.Equal(code, e.Code);
        Assert.Equal(count + line, e.Line);
    }

    [Fact]
    public void Overlaps_data_after_eof_missing_eof_and_an_overlong_line_read_as_in_the_whole_text()
    {
        var (lines, count) = Prefix.Value;

        // The record that disagrees is after the first chunk; the one it disagrees with is in the first.
        var overlap = Lines([.. lines, Linear(0x1000), Data(0x0040, 0xAA), Eof]);
        SameAsWholeText(overlap);
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("o.hex"), overlap);
        var e = Assert.Throws<McuBootException>(() => IntelHexReader.Read(dir.File("o.hex")));
        Assert.Equal(ErrorCodes.HexOverlappingData, e.Code);
        Assert.Equal(count + 2, e.Line);

        SameAsWholeText(Lines([.. lines, Eof, Data(0, 1)]));
        SameAsWholeText(Lines([.. lines]));
        SameAsWholeText(Lines([Data(0, 1), ":" + new string('0', 3 << 20), Eof])); // a 3 MiB line: longer than a chunk
        SameAsWholeText(Lines([Data(0, 1), Eof]).AsSpan(0, 5).ToArray()); // cut inside the first record
        SameAsWholeText([]);
    }

    [Fact]
    public async Task A_pipe_without_a_length_is_read_whole_and_parses_the_same()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no named pipes in the file system
        }

        var text = Lines([Linear(0x0800), Data(0x0000, 1, 2, 3, 4), Data(0x0004, 5, 6), Eof]);
        using var dir = new TempDir();
        string fifo = dir.File("pipe.hex");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var writer = Task.Run(() => File.WriteAllBytes(fifo, text)); // opening a FIFO blocks until the reader opens it
        MemoryImage image;
        try
        {
            image = IntelHexReader.Read(fifo);
        }
        finally
        {
            // If the reader failed before opening the pipe, the writer still waits for a reader. Opening a FIFO for
            // reading and writing never blocks on Linux, and it lets the writer's open complete (the text fits the
            // pipe's buffer), whatever the writer's state is: a read-only open here could itself wait for a writer
            // that has already finished.
            using (new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite))
            {
                await writer;
            }
        }

        Assert.Equal(0x0800_0000u, image.MinAddress);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, image.Flatten());
    }
}
