// mcuboot-image-format.md §8.1 (HEX input is flattened from its lowest address, gaps filled with 0xff)
// and §8.2 (HEX output is a sparse set of address ranges, as Python's intelhex keeps it).
using McuBoot.Diagnostics;

namespace McuBoot.IO;

/// <summary>
/// A sparse, immutable memory image: non-overlapping segments of (address, bytes), sorted by address,
/// with adjacent segments merged. This is what an Intel HEX file describes (<see cref="IntelHexReader"/>)
/// and what <see cref="IntelHexWriter"/> writes. Addresses are 32-bit; the last byte of a segment may be
/// at most 0xFFFFFFFE so that <see cref="MaxAddressExclusive"/> fits a <see cref="uint"/>.
/// </summary>
public sealed class MemoryImage
{
    private readonly MemorySegment[] _segments;

    private MemoryImage(MemorySegment[] sortedMergedSegments)
    {
        _segments = sortedMergedSegments;
    }

    /// <summary>An image with no data.</summary>
    public static MemoryImage Empty { get; } = new([]);

    /// <summary>The segments, sorted by address, non-overlapping, non-adjacent and never empty.</summary>
    public IReadOnlyList<MemorySegment> Segments => _segments;

    /// <summary>True when the image holds no bytes.</summary>
    public bool IsEmpty => _segments.Length == 0;

    /// <summary>Lowest used address, or null when the image is empty.</summary>
    public uint? MinAddress => _segments.Length == 0 ? null : _segments[0].Address;

    /// <summary>Address just past the highest used byte; 0 when the image is empty.</summary>
    public uint MaxAddressExclusive => _segments.Length == 0 ? 0u : (uint)_segments[^1].EndAddress;

    /// <summary>Number of bytes actually present (sum of the segment lengths, gaps excluded).</summary>
    public long DataLength
    {
        get
        {
            long total = 0;
            foreach (var s in _segments)
            {
                total += s.Data.Length;
            }

            return total;
        }
    }

    /// <summary>Number of bytes <see cref="Flatten"/> returns (highest end minus lowest address).</summary>
    public long FlatLength => _segments.Length == 0 ? 0 : (long)(_segments[^1].EndAddress - _segments[0].Address);

    /// <summary>An image holding one copy of <paramref name="data"/> at <paramref name="address"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The data would reach past address 0xFFFFFFFE.</exception>
    public static MemoryImage FromBytes(uint address, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return Empty;
        }

        CheckEnd(address, data.Length);
        return new MemoryImage([new MemorySegment(address, data.ToArray())]);
    }

    /// <summary>
    /// Builds an image from segments in any order: sorts them, merges adjacent and overlapping ones
    /// (overlaps must carry identical bytes) and drops empty ones. The segment memory is copied.
    /// </summary>
    /// <exception cref="ArgumentException">Two segments give different values for the same address, or a
    /// segment reaches past address 0xFFFFFFFE.</exception>
    public static MemoryImage FromSegments(IEnumerable<MemorySegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var list = new List<MemorySegment>();
        foreach (var s in segments)
        {
            if (!s.Data.IsEmpty)
            {
                CheckEnd(s.Address, s.Data.Length);
                list.Add(s);
            }
        }

        return Merge(list, static address => new ArgumentException(
            $"Segments overlap with different values at address 0x{address:X8}.", nameof(segments)));
    }

    /// <summary>
    /// The bytes from <see cref="MinAddress"/> to <see cref="MaxAddressExclusive"/> with gaps filled with
    /// <paramref name="fill"/> (imgtool fills HEX gaps with 0xff, §8.1). Empty image → empty array.
    /// </summary>
    /// <exception cref="McuBootException">The span is larger than a .NET array can hold
    /// (<see cref="ErrorCodes.ImageTooLarge"/>).</exception>
    public byte[] Flatten(byte fill = 0xff)
    {
        if (_segments.Length == 0)
        {
            return [];
        }

        var length = FlatLength;
        if (length > Array.MaxLength)
        {
            throw new McuBootException(ErrorCodes.ImageTooLarge,
                $"The memory image spans 0x{_segments[0].Address:X8}..0x{_segments[^1].EndAddress:X8} ({length} bytes), too large to flatten into one image; split the input so it holds only the application's address range.");
        }

        var result = GC.AllocateUninitializedArray<byte>((int)length);
        var baseAddress = _segments[0].Address;
        long pos = 0;
        foreach (var s in _segments)
        {
            var offset = s.Address - baseAddress;
            result.AsSpan((int)pos, (int)(offset - pos)).Fill(fill);
            s.Data.Span.CopyTo(result.AsSpan((int)offset));
            pos = offset + s.Data.Length;
        }

        return result;
    }

    /// <summary>
    /// Sorts and merges runs (stable: equal addresses keep their order); the result owns fresh arrays, except that
    /// with <paramref name="copySingles"/> false a run that touches no other keeps its memory (the caller hands it over).
    /// <paramref name="conflict"/> builds the exception for the first address whose values disagree.
    /// </summary>
    internal static MemoryImage Merge(List<MemorySegment> runs, Func<uint, Exception> conflict, bool copySingles = true)
    {
        if (runs.Count == 0)
        {
            return Empty;
        }

        var order = new (MemorySegment Segment, int Index)[runs.Count];
        var sorted = true;
        for (var i = 0; i < runs.Count; i++)
        {
            order[i] = (runs[i], i);
            if (i > 0 && runs[i].Address < runs[i - 1].Address)
            {
                sorted = false;
            }
        }

        if (!sorted)
        {
            Array.Sort(order, static (a, b) =>
            {
                var c = a.Segment.Address.CompareTo(b.Segment.Address);
                return c != 0 ? c : a.Index.CompareTo(b.Index);
            });
        }

        var result = new List<MemorySegment>();
        var groupStart = 0;
        while (groupStart < order.Length)
        {
            var start = order[groupStart].Segment.Address;
            var end = order[groupStart].Segment.EndAddress;
            var groupEnd = groupStart + 1;
            while (groupEnd < order.Length && order[groupEnd].Segment.Address <= end)
            {
                end = Math.Max(end, order[groupEnd].Segment.EndAddress);
                groupEnd++;
            }

            if (!copySingles && groupEnd == groupStart + 1)
            {
                result.Add(order[groupStart].Segment);
                groupStart = groupEnd;
                continue;
            }

            var buffer = GC.AllocateUninitializedArray<byte>((int)(end - start));
            ulong written = start; // bytes [start, written) are filled: the group's prefix union is contiguous
            for (var i = groupStart; i < groupEnd; i++)
            {
                var s = order[i].Segment;
                var span = s.Data.Span;
                var overlap = (int)Math.Min((ulong)span.Length, written - s.Address);
                if (overlap > 0)
                {
                    var existing = buffer.AsSpan((int)(s.Address - start), overlap);
                    var diff = existing.CommonPrefixLength(span[..overlap]);
                    if (diff < overlap)
                    {
                        throw conflict((uint)(s.Address + (uint)diff));
                    }
                }

                if (overlap < span.Length)
                {
                    span[overlap..].CopyTo(buffer.AsSpan((int)(s.Address - start) + overlap));
                    written = s.EndAddress;
                }
            }

            result.Add(new MemorySegment(start, buffer));
            groupStart = groupEnd;
        }

        return new MemoryImage([.. result]);
    }

    private static void CheckEnd(uint address, int length)
    {
        if ((ulong)address + (ulong)length > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(address),
                $"{length} bytes at 0x{address:X8} reach past address 0xFFFFFFFE, the highest address a memory image can hold.");
        }
    }
}
