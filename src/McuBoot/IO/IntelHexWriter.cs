// mcuboot-image-format.md §8.2 (HEX output). Reproduces Python intelhex's `IntelHex.write_hex_file`
// (byte_count=16, no start address) as imgtool calls it: for each contiguous run, records of up to 16 data
// bytes starting at the run's first address (not re-aligned), never crossing a 64 KiB boundary; an
// extended linear address record (04) before the first record and whenever the upper 16 address bits
// change, but none at all when every address is below 0x10000; EOF record ":00000001FF"; uppercase
// hex; LF line ends.
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace McuBoot.IO;

/// <summary>Writes Intel HEX byte for byte as imgtool 2.4.0 (Python intelhex) does, without per-line allocation.</summary>
public static class IntelHexWriter
{
    private const int BufferSize = 1 << 16;
    private const int MaxLine = 1 + (2 * (5 + 16)) + 1;

    private static ReadOnlySpan<byte> Digits => "0123456789ABCDEF"u8;

    /// <summary>The two uppercase hex digits of every byte value, as the 16-bit value that stores them in text order.</summary>
    private static readonly ushort[] HexPairs = BuildHexPairs();

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
    /// Python dict-based image behaves), e.g. a signed image plus separate trailer bytes. Segments that do not
    /// overlap are streamed as they are (adjacent ones form one run of records), never copied, so the memory used
    /// does not grow with the image.
    /// </summary>
    /// <exception cref="ArgumentException">Segments overlap with different values or reach past 0xFFFFFFFE.</exception>
    public static void Write(Stream stream, IEnumerable<(uint Address, ReadOnlyMemory<byte> Data)> segments)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(segments);
        var sorted = segments.Where(s => !s.Data.IsEmpty).Select(s => new MemorySegment(s.Address, s.Data)).OrderBy(s => s.Address).ToList();
        var runs = new List<List<MemorySegment>>();
        foreach (var s in sorted)
        {
            if ((ulong)s.Address + (ulong)s.Data.Length > uint.MaxValue)
            {
                throw new ArgumentException($"{s.Data.Length} bytes at 0x{s.Address:X8} reach past address 0xFFFFFFFE.", nameof(segments));
            }

            if (runs.Count > 0 && runs[^1][^1].EndAddress > s.Address)
            {
                // Overlapping segments: let MemoryImage check that they agree and merge them (copies the bytes).
                Write(stream, MemoryImage.FromSegments(sorted));
                return;
            }

            if (runs.Count > 0 && runs[^1][^1].EndAddress == s.Address)
            {
                runs[^1].Add(s);
            }
            else
            {
                runs.Add([s]);
            }
        }

        var output = new Output(stream);
        try
        {
            var needOffset = sorted.Count > 0 && sorted[^1].EndAddress - 1 > 0xFFFF;
            uint? high = null;
            foreach (var run in runs)
            {
                output.WriteRun(run, needOffset, ref high);
            }

            output.WriteEof();
            output.Flush();
        }
        finally
        {
            output.Dispose();
        }
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

    private static ushort[] BuildHexPairs()
    {
        var table = new ushort[256];
        Span<byte> pair = stackalloc byte[2];
        for (int v = 0; v < 256; v++)
        {
            pair[0] = Digits[v >> 4];
            pair[1] = Digits[v & 0xF];
            table[v] = MemoryMarshal.Read<ushort>(pair);
        }

        return table;
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

        /// <summary>Writes adjacent segments as one run: records run across the segment boundaries.</summary>
        public void WriteRun(List<MemorySegment> pieces, bool needOffset, ref uint? high)
        {
            Span<byte> stage = stackalloc byte[16];
            var cur = pieces[0].Address;
            long remaining = 0;
            foreach (var p in pieces)
            {
                remaining += p.Data.Length;
            }

            int index = 0, offset = 0;
            while (remaining > 0)
            {
                var upper = cur >> 16;
                if (needOffset && high != upper)
                {
                    EnsureSpace();
                    Record(0, 0x04, [(byte)(upper >> 8), (byte)upper]);
                    high = upper;
                }

                var low = cur & 0xFFFF;
                var chunk = (int)Math.Min(Math.Min(16u, 0x10000u - low), (ulong)remaining);
                var piece = pieces[index].Data.Span;
                scoped ReadOnlySpan<byte> data;
                if (piece.Length - offset >= chunk)
                {
                    data = piece.Slice(offset, chunk);
                    offset += chunk;
                }
                else
                {
                    // The record spans a segment boundary: gather its bytes.
                    int filled = 0;
                    while (filled < chunk)
                    {
                        piece = pieces[index].Data.Span;
                        int n = Math.Min(chunk - filled, piece.Length - offset);
                        piece.Slice(offset, n).CopyTo(stage[filled..]);
                        filled += n;
                        offset += n;
                        if (offset == piece.Length && filled < chunk)
                        {
                            index++;
                            offset = 0;
                        }
                    }

                    data = stage[..chunk];
                }

                if (offset == pieces[index].Data.Length && index + 1 < pieces.Count)
                {
                    index++;
                    offset = 0;
                }

                EnsureSpace();
                Record((ushort)low, 0x00, data);
                remaining -= chunk;
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
            // One pass over the data: two digits per byte from a table of digit pairs (Convert.TryToHexString's
            // vectorised path falls back to a software shuffle in a Native AOT build for the baseline x64
            // instruction set) and the checksum. EnsureSpace guarantees MaxLine bytes from _pos.
            var line = _buffer.AsSpan(_pos, MaxLine);
            ref byte b = ref MemoryMarshal.GetReference(line);
            ref ushort pairs = ref MemoryMarshal.GetArrayDataReference(HexPairs);
            b = (byte)':';
            var sum = data.Length + (address >> 8) + (address & 0xFF) + type;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref b, 1), Unsafe.Add(ref pairs, data.Length));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref b, 3), Unsafe.Add(ref pairs, address >> 8));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref b, 5), Unsafe.Add(ref pairs, address & 0xFF));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref b, 7), Unsafe.Add(ref pairs, type));
            var i = 9;
            foreach (var value in data)
            {
                sum += value;
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref b, i), Unsafe.Add(ref pairs, value));
                i += 2;
            }

            Unsafe.WriteUnaligned(ref Unsafe.Add(ref b, i), Unsafe.Add(ref pairs, (byte)(-sum)));
            Unsafe.Add(ref b, i + 2) = (byte)'\n';
            _pos += i + 3;
        }
    }
}
