// mcuboot-image-format.md §8.1 (Intel HEX input); record syntax per the Intel HEX specification
// ("Hexadecimal Object File Format Specification", rev. A, 1988): ':' LL AAAA TT DD.. CC, where CC makes
// the byte sum zero; record types 00 data, 01 EOF, 02 extended segment address, 03 start segment
// address, 04 extended linear address, 05 start linear address. As Python's intelhex (used by imgtool),
// a data record's bytes go to consecutive absolute addresses (no 64 KiB wrap) and start-address records
// are ignored.
using System.Buffers;
using McuBoot.Diagnostics;

namespace McuBoot.IO;

/// <summary>
/// Reads Intel HEX files into a <see cref="MemoryImage"/>. Parses the raw bytes directly (no per-record
/// allocation); accepts LF and CRLF line ends and blank lines. Every defect is a coded
/// <see cref="McuBootException"/> naming the file and the 1-based line.
/// </summary>
public static class IntelHexReader
{
    private const string Fix = "regenerate the file (e.g. objcopy -O ihex) or pass the raw binary instead";

    /// <summary>Reads and parses the Intel HEX file at <paramref name="path"/>.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InputNotFound"/>, <see cref="ErrorCodes.ReadFailed"/>
    /// or a HEX format error (see <see cref="Parse(ReadOnlySpan{byte}, string)"/>).</exception>
    public static MemoryImage Read(string path)
    {
        var full = Path.GetFullPath(path);
        return ImageFileReader.WithReadErrors(full, () => ParseFile(full));
    }

    /// <summary>
    /// Parses the file at <paramref name="fullPath"/> as <see cref="Parse(ReadOnlySpan{byte}, string)"/> does, reading
    /// it in chunks of whole lines: the text is never held in memory, and the decoded data is not copied again (each
    /// contiguous run of records becomes a segment of one buffer). I/O exceptions propagate (callers map them).
    /// </summary>
    internal static MemoryImage ParseFile(string fullPath)
    {
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        long length = stream.Length;
        if (length / 2 + 1 > Array.MaxLength)
        {
            throw new IOException($"the file is {length} bytes, more than an Intel HEX input can be");
        }

        // Every data byte takes two hex digits, so the data can never exceed half the text. Pages of the buffer
        // that no data reaches are never touched, so they cost no memory.
        var arena = GC.AllocateUninitializedArray<byte>((int)(length / 2) + 1);
        var runs = new List<MemorySegment>();
        var state = new ScanState(arena, runs, probeAddress: -1);
        ScanStream(stream, length, fullPath, state);
        Finish(state, fullPath);
        try
        {
            return MemoryImage.Merge(runs, static address => new OverlapFound(address), copySingles: false);
        }
        catch (OverlapFound overlap)
        {
            // Rare path: a second pass finds the line of the record that disagrees.
            stream.Position = 0;
            var probe = new ScanState([], [], overlap.Address);
            ScanStream(stream, length, fullPath, probe);
            throw OverlapError(fullPath, probe.ProbeLine, overlap.Address);
        }
    }

    /// <summary>Feeds the first <paramref name="length"/> bytes of <paramref name="stream"/> to <see cref="Scan"/> in chunks that end at a line end.</summary>
    private static void ScanStream(Stream stream, long length, string path, ScanState state)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(length, 1), 1 << 20));
        try
        {
            int filled = 0;
            long remaining = length;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // A line longer than the buffer (only a malformed file has one): grow until it fits.
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int n = remaining == 0 ? 0 : stream.Read(buffer, filled, (int)Math.Min(buffer.Length - filled, remaining));
                remaining -= n;
                filled += n;
                if (n == 0)
                {
                    Scan(buffer.AsSpan(0, filled), path, state); // the last line, which may lack its line end
                    return;
                }

                int end = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
                if (end > 0)
                {
                    if (Scan(buffer.AsSpan(0, end), path, state))
                    {
                        return;
                    }

                    buffer.AsSpan(end, filled - end).CopyTo(buffer);
                    filled -= end;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Parses Intel HEX text (ASCII bytes). <paramref name="displayPath"/> is used in error messages only.
    /// </summary>
    /// <exception cref="McuBootException">
    /// <see cref="ErrorCodes.InvalidHexFile"/> (no ':' start, non-hex digit, odd digit count, record too short,
    /// malformed 01/02/03/04/05 record), <see cref="ErrorCodes.HexByteCountMismatch"/>,
    /// <see cref="ErrorCodes.HexChecksumMismatch"/>, <see cref="ErrorCodes.HexUnsupportedRecordType"/>,
    /// <see cref="ErrorCodes.HexAddressOverflow"/>, <see cref="ErrorCodes.HexOverlappingData"/> (same address,
    /// different values; identical repeats are accepted), <see cref="ErrorCodes.HexDataAfterEndOfFile"/>,
    /// <see cref="ErrorCodes.HexMissingEndOfFile"/>; each with <see cref="McuBootException.Line"/> set.
    /// </exception>
    public static MemoryImage Parse(ReadOnlySpan<byte> text, string displayPath)
    {
        ArgumentNullException.ThrowIfNull(displayPath);

        // Every data byte takes two hex digits, so the data can never exceed half the text.
        var arena = ArrayPool<byte>.Shared.Rent((text.Length / 2) + 1);
        try
        {
            var runs = new List<MemorySegment>();
            var state = new ScanState(arena, runs, probeAddress: -1);
            Scan(text, displayPath, state);
            Finish(state, displayPath);
            try
            {
                return MemoryImage.Merge(runs, static address => new OverlapFound(address));
            }
            catch (OverlapFound overlap)
            {
                // Rare path: a second pass finds the line of the record that disagrees.
                var probe = new ScanState([], [], overlap.Address);
                Scan(text, displayPath, probe);
                throw OverlapError(displayPath, probe.ProbeLine, overlap.Address);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(arena);
        }
    }

    /// <summary>Parses Intel HEX text read from <paramref name="reader"/>.</summary>
    public static MemoryImage Parse(TextReader reader, string displayPath)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var text = reader.ReadToEnd();
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            bytes[i] = c < 0x80 ? (byte)c : (byte)0xFF; // non-ASCII is never valid HEX; 0xFF is reported as such
        }

        return Parse(bytes, displayPath);
    }

    private static McuBootException OverlapError(string path, int line, uint address)
        => Error(ErrorCodes.HexOverlappingData, path, line,
            $"data for address 0x{address:X8} conflicts with the value an earlier record gave it; remove the duplicate section (a HEX file must describe each address once)");

    /// <summary>
    /// Records of <paramref name="text"/> (whole lines, except at the end of the file), continuing <paramref name="state"/>.
    /// Normal mode (<see cref="ScanState.ProbeAddress"/> &lt; 0) validates, decodes data into the arena and collects
    /// contiguous runs. Probe mode stops (returns true) at the first record that writes a value different from the
    /// first one written at the probe address, and sets <see cref="ScanState.ProbeLine"/> to its line.
    /// </summary>
    private static bool Scan(ReadOnlySpan<byte> text, string path, ScanState state)
    {
        var hex = HexValues;
        var arena = state.Arena;
        var runs = state.Runs;
        var probeAddress = state.ProbeAddress;
        var pos = 0;
        var line = state.Line;
        var eofLine = state.EofLine;
        ulong offset = state.Offset;
        var arenaPos = state.ArenaPos;
        var runStart = state.RunStart; // arena index of the current run, -1 when none
        ulong runAddress = state.RunAddress;
        ulong runEnd = state.RunEnd;
        var probeValue = state.ProbeValue;
        Span<byte> record = stackalloc byte[260];

        while (pos < text.Length)
        {
            line++;
            var rest = text[pos..];
            var nl = rest.IndexOf((byte)'\n');
            var content = nl < 0 ? rest : rest[..nl];
            pos += nl < 0 ? rest.Length : nl + 1;
            content = content.TrimEnd("\r \t"u8);
            if (content.IsEmpty)
            {
                continue;
            }

            if (eofLine != 0)
            {
                throw Error(ErrorCodes.HexDataAfterEndOfFile, path, line,
                    $"a record follows the end-of-file record of line {eofLine}; remove everything after it or fix the tool that concatenated the files");
            }

            if (content[0] != (byte)':')
            {
                throw Error(ErrorCodes.InvalidHexFile, path, line, $"the line does not start with ':' (found {Describe(content[0])}); {Fix}");
            }

            var digits = content[1..];
            if ((digits.Length & 1) != 0)
            {
                throw Error(ErrorCodes.InvalidHexFile, path, line, $"odd number of hex digits ({digits.Length}); {Fix}");
            }

            var byteCount = digits.Length / 2;
            if (byteCount > record.Length)
            {
                // The count field is one byte, so the record is at most 5 + 255 bytes: a count mismatch, or garbage.
                ValidateDigits(digits, hex, path, line);
                throw Error(ErrorCodes.HexByteCountMismatch, path, line, $"the record holds {byteCount} bytes, more than the 260 any record can have; {Fix}");
            }

            var bytes = record[..byteCount];
            if (Convert.FromHexString(digits, bytes, out _, out _) != OperationStatus.Done)
            {
                ValidateDigits(digits, hex, path, line); // locates and reports the bad character
            }

            var sum = IntelHexChecksum.Sum(bytes);

            if (byteCount < 5)
            {
                throw Error(ErrorCodes.InvalidHexFile, path, line, $"the record is {byteCount} bytes long, a record needs at least 5 (count, address, type, checksum); {Fix}");
            }

            int count = record[0];
            if (byteCount != count + 5)
            {
                throw Error(ErrorCodes.HexByteCountMismatch, path, line,
                    $"the byte count says {count} data bytes but the record has {byteCount - 5}; {Fix}");
            }

            if ((sum & 0xFF) != 0)
            {
                var expected = (byte)(record[byteCount - 1] - sum);
                throw Error(ErrorCodes.HexChecksumMismatch, path, line,
                    $"checksum is 0x{record[byteCount - 1]:X2} but the record's bytes need 0x{expected:X2}; the file is corrupt — {Fix}");
            }

            var address16 = (record[1] << 8) | record[2];
            var type = record[3];
            var data = record.Slice(4, count);
            switch (type)
            {
                case 0x00:
                    if (count == 0)
                    {
                        break;
                    }

                    var absolute = offset + (ulong)address16;
                    if (absolute + (ulong)count > uint.MaxValue)
                    {
                        throw Error(ErrorCodes.HexAddressOverflow, path, line,
                            $"the data record reaches address 0x{absolute + (ulong)count - 1:X}, beyond 0xFFFFFFFE (the highest address supported); {Fix}");
                    }

                    if (probeAddress >= 0)
                    {
                        var p = (ulong)probeAddress;
                        if (p >= absolute && p < absolute + (ulong)count)
                        {
                            var v = data[(int)(p - absolute)];
                            if (probeValue < 0)
                            {
                                probeValue = v;
                            }
                            else if (v != probeValue)
                            {
                                state.ProbeLine = line;
                                return true;
                            }
                        }

                        break;
                    }

                    if (runStart >= 0 && absolute == runEnd)
                    {
                        runEnd += (ulong)count;
                    }
                    else
                    {
                        if (runStart >= 0)
                        {
                            runs.Add(new MemorySegment((uint)runAddress, arena.AsMemory(runStart, (int)(runEnd - runAddress))));
                        }

                        runStart = arenaPos;
                        runAddress = absolute;
                        runEnd = absolute + (ulong)count;
                    }

                    data.CopyTo(arena.AsSpan(arenaPos));
                    arenaPos += count;
                    break;

                case 0x01:
                    if (count != 0)
                    {
                        throw Error(ErrorCodes.InvalidHexFile, path, line, $"the end-of-file record (type 01) must have no data, it has {count} bytes; {Fix}");
                    }

                    eofLine = line;
                    break;

                case 0x02:
                case 0x04:
                    if (count != 2 || address16 != 0)
                    {
                        throw Error(ErrorCodes.InvalidHexFile, path, line,
                            $"an extended {(type == 2 ? "segment" : "linear")} address record (type 0{type}) must have address 0000 and 2 data bytes; {Fix}");
                    }

                    var value = (ulong)((data[0] << 8) | data[1]);
                    offset = type == 2 ? value << 4 : value << 16;
                    break;

                case 0x03:
                case 0x05:
                    if (count != 4 || address16 != 0)
                    {
                        throw Error(ErrorCodes.InvalidHexFile, path, line,
                            $"a start address record (type 0{type}) must have address 0000 and 4 data bytes; {Fix}");
                    }

                    break; // imgtool discards start addresses (§8.1)

                default:
                    throw Error(ErrorCodes.HexUnsupportedRecordType, path, line,
                        $"record type 0x{type:X2} is not an Intel HEX record type (00..05); {Fix}");
            }
        }

        state.Line = line;
        state.EofLine = eofLine;
        state.Offset = offset;
        state.ArenaPos = arenaPos;
        state.RunStart = runStart;
        state.RunAddress = runAddress;
        state.RunEnd = runEnd;
        state.ProbeValue = probeValue;
        return false;
    }

    /// <summary>After the last line: the end-of-file record must have been seen; the open run is closed.</summary>
    private static void Finish(ScanState state, string path)
    {
        if (state.EofLine == 0)
        {
            throw Error(ErrorCodes.HexMissingEndOfFile, path, Math.Max(state.Line, 1),
                "the file ends without an end-of-file record (:00000001FF), so it may be truncated; regenerate it or append ':00000001FF' if it is complete");
        }

        if (state.RunStart >= 0)
        {
            state.Runs.Add(new MemorySegment((uint)state.RunAddress, state.Arena.AsMemory(state.RunStart, (int)(state.RunEnd - state.RunAddress))));
        }
    }

    /// <summary>Where a scan stands between chunks of the text.</summary>
    private sealed class ScanState(byte[] arena, List<MemorySegment> runs, long probeAddress)
    {
        public byte[] Arena { get; } = arena;

        public List<MemorySegment> Runs { get; } = runs;

        public long ProbeAddress { get; } = probeAddress;

        public int Line { get; set; }

        public int EofLine { get; set; }

        public ulong Offset { get; set; }

        public int ArenaPos { get; set; }

        public int RunStart { get; set; } = -1;

        public ulong RunAddress { get; set; }

        public ulong RunEnd { get; set; }

        public int ProbeValue { get; set; } = -1;

        public int ProbeLine { get; set; }
    }

    private static void ValidateDigits(ReadOnlySpan<byte> digits, ReadOnlySpan<byte> hex, string path, int line)
    {
        for (var i = 0; i < digits.Length; i++)
        {
            if (hex[digits[i]] > 0xF)
            {
                throw Error(ErrorCodes.InvalidHexFile, path, line, $"{Describe(digits[i])} at column {i + 2} is not a hex digit; {Fix}");
            }
        }
    }

    private static string Describe(byte b) =>
        b is >= 0x21 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";

    private static McuBootException Error(string code, string path, int line, string what) =>
        new(code, $"Invalid Intel HEX file '{path}', line {line}: {what}.", path) { Line = line };

    private sealed class OverlapFound(uint address) : Exception
    {
        public uint Address { get; } = address;
    }

    /// <summary>Hex digit value per byte; 0xFF for anything that is not [0-9A-Fa-f].</summary>
    private static ReadOnlySpan<byte> HexValues =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    ];
}
