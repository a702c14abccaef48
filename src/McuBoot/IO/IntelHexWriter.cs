// mcuboot-image-format.md §8.2 (HEX output). Reproduces Python intelhex's `IntelHex.write_hex_file`
// (byte_count=16, no start address) as imgtool calls it: for each contiguous run, records of up to 16 data
// bytes starting at the run's first address (not re-aligned), never crossing a 64 KiB boundary; an
// extended linear address record (04) before the first record and whenever the upper 16 address bits
// change, but none at all when every address is below 0x10000; EOF record ":00000001FF"; uppercase
// hex; LF line ends.
using System.Buffers;

namespace McuBoot.IO;

/// <summary>Writes Intel HEX byte for byte as imgtool 2.4.0 (Python intelhex) does, without per-line allocation.</summary>
public static class IntelHexWriter
{
    private const int BufferSize = 1 << 16;
    private const int MaxLine = 1 + (2 * (5 + 16)) + 1;

    private static ReadOnlySpan<byte> Digits => "0123456789ABCDEF"u8;

    /// <summary>Writes <paramref name="data"/> at <paramref name="baseAddress"/> as one contiguous run.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The data would reach past address 0xFFFFFFFE.</exception>
    public static void Write(Stream stream, uint baseAddress, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if ((ulong)baseAddress + (ulong)data.Length > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(baseAddress), $"{data.Length} bytes at 0x{baseAddress:X8} reach past address 0xFFFFFFFE.");
        }

        var output = new Output(stream);
        try
        {
            if (!data.IsEmpty)
            {
                var needOffset = (ulong)baseAddress + (ulong)data.Length - 1 > 0xFFFF;
                uint? high = null;
                output.WriteRun(baseAddress, data, needOffset, ref high);
            }

            output.WriteEof();
            output.Flush();
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>
    /// Writes sparse segments (any order; adjacent ones are merged and overlaps must agree, exactly as the
    /// Python dict-based image behaves), e.g. a signed image plus separate trailer bytes.
    /// </summary>
    /// <exception cref="ArgumentException">Segments overlap with different values or reach past 0xFFFFFFFE.</exception>
    public static void Write(Stream stream, IEnumerable<(uint Address, ReadOnlyMemory<byte> Data)> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        Write(stream, MemoryImage.FromSegments(segments.Select(s => new MemorySegment(s.Address, s.Data))));
    }

    /// <summary>Writes a <see cref="MemoryImage"/>.</summary>
    public static void Write(Stream stream, MemoryImage image)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(image);
        var output = new Output(stream);
        try
        {
            var needOffset = !image.IsEmpty && image.MaxAddressExclusive - 1 > 0xFFFF;
            uint? high = null;
            foreach (var segment in image.Segments)
            {
                output.WriteRun(segment.Address, segment.Data.Span, needOffset, ref high);
            }

            output.WriteEof();
            output.Flush();
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>Writes <paramref name="image"/> to <paramref name="path"/> atomically (see <see cref="AtomicFile"/>).</summary>
    /// <exception cref="McuBoot.Diagnostics.McuBootException"><see cref="McuBoot.Diagnostics.ErrorCodes.WriteFailed"/>.</exception>
    public static void WriteFile(string path, MemoryImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        AtomicFile.Write(path, s => Write(s, image));
    }

    /// <summary>Returns the HEX text of <paramref name="image"/> as bytes.</summary>
    public static byte[] ToBytes(MemoryImage image)
    {
        using var ms = new MemoryStream();
        Write(ms, image);
        return ms.ToArray();
    }

    private struct Output(Stream stream) : IDisposable
    {
        private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        private int _pos;

        public void WriteRun(uint address, ReadOnlySpan<byte> data, bool needOffset, ref uint? high)
        {
            var cur = address;
            var offset = 0;
            while (offset < data.Length)
            {
                var upper = cur >> 16;
                if (needOffset && high != upper)
                {
                    EnsureSpace();
                    Record(0, 0x04, [(byte)(upper >> 8), (byte)upper]);
                    high = upper;
                }

                var low = cur & 0xFFFF;
                var chunk = (int)Math.Min(Math.Min(16u, 0x10000u - low), (uint)(data.Length - offset));
                EnsureSpace();
                Record((ushort)low, 0x00, data.Slice(offset, chunk));
                offset += chunk;
                cur += (uint)chunk;
            }
        }

        public void WriteEof()
        {
            EnsureSpace();
            ":00000001FF\n"u8.CopyTo(_buffer.AsSpan(_pos));
            _pos += 12;
        }

        public void Flush()
        {
            if (_pos > 0)
            {
                stream.Write(_buffer!, 0, _pos);
                _pos = 0;
            }

            stream.Flush();
        }

        public void Dispose()
        {
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }
        }

        private void EnsureSpace()
        {
            if (_pos + MaxLine > _buffer!.Length)
            {
                stream.Write(_buffer, 0, _pos);
                _pos = 0;
            }
        }

        private void Record(ushort address, byte type, ReadOnlySpan<byte> data)
        {
            var b = _buffer.AsSpan(_pos);
            var digits = Digits;
            b[0] = (byte)':';
            var i = 1;
            var sum = data.Length + (address >> 8) + (address & 0xFF) + type + IntelHexChecksum.Sum(data);
            Hex(b, ref i, (byte)data.Length, digits);
            Hex(b, ref i, (byte)(address >> 8), digits);
            Hex(b, ref i, (byte)address, digits);
            Hex(b, ref i, type, digits);
            Convert.TryToHexString(data, b[i..], out var written); // uppercase; space is ensured by EnsureSpace
            i += written;
            Hex(b, ref i, (byte)(-sum), digits);
            b[i++] = (byte)'\n';
            _pos += i;
        }

        private static void Hex(Span<byte> b, ref int i, byte value, ReadOnlySpan<byte> digits)
        {
            b[i] = digits[value >> 4];
            b[i + 1] = digits[value & 0xF];
            i += 2;
        }
    }
}
