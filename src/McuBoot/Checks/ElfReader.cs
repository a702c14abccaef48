// ELF file format: System V ABI, "Object Files" chapter (ELF header, section header table, program header table),
// for ELFCLASS32/ELFCLASS64 and ELFDATA2LSB only. Extended numbering (e_shnum = 0 / e_shstrndx = SHN_XINDEX, with
// the real values in section 0) is supported.
using System.Buffers.Binary;
using System.Text;
using McuBoot.Diagnostics;
using McuBoot.IO;

namespace McuBoot.Checks;

/// <summary>
/// Reads the parts of a little-endian ELF32/ELF64 file a firmware check needs: section headers with their bytes and
/// addresses, and the PT_LOAD segments. Every offset and size is bounds-checked; a corrupt file is a coded
/// <see cref="McuBootException"/> (<see cref="ErrorCodes.ElfInvalid"/>), never another exception.
/// </summary>
public static class ElfReader
{
    private const uint PtLoad = 1;
    private const int ShnXIndex = 0xffff;

    /// <summary>True when <paramref name="data"/> starts with the ELF magic <c>7f 45 4c 46</c>.</summary>
    public static bool IsElf(ReadOnlySpan<byte> data) => data.Length >= 4 && data[0] == 0x7f && data[1] == (byte)'E' && data[2] == (byte)'L' && data[3] == (byte)'F';

    /// <summary>Parses an ELF file held in memory; <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.ElfInvalid"/> or <see cref="ErrorCodes.ElfUnsupported"/>.</exception>
    public static ElfFile Parse(ReadOnlyMemory<byte> file, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var data = file.Span;
        if (!IsElf(data))
        {
            throw Invalid(path, "it does not start with the ELF magic 7f 45 4c 46");
        }

        if (data.Length < 16)
        {
            throw Invalid(path, $"it is {data.Length} bytes, too short for the ELF identification");
        }

        bool is64 = data[4] switch
        {
            1 => false,
            2 => true,
            _ => throw Unsupported(path, $"ELF class {data[4]} (expected 1 = ELF32 or 2 = ELF64)"),
        };
        if (data[5] != 1)
        {
            throw Unsupported(path, data[5] == 2 ? "a big-endian ELF" : $"ELF data encoding {data[5]}");
        }

        int headerSize = is64 ? 64 : 52;
        Need(data, 0, headerSize, path, "the ELF header");
        ushort machine = U16(data, 18);
        ulong entry = is64 ? U64(data, 24) : U32(data, 24);
        ulong phoff = is64 ? U64(data, 32) : U32(data, 28);
        ulong shoff = is64 ? U64(data, 40) : U32(data, 32);
        int phentsize = U16(data, is64 ? 54 : 42);
        int phnum = U16(data, is64 ? 56 : 44);
        int shentsize = U16(data, is64 ? 58 : 46);
        long shnum = U16(data, is64 ? 60 : 48);
        long shstrndx = U16(data, is64 ? 62 : 50);

        int minSh = is64 ? 64 : 40;
        int minPh = is64 ? 56 : 32;
        var headers = new List<SectionHeader>();
        if (shoff != 0)
        {
            if (shentsize < minSh)
            {
                throw Invalid(path, $"its section header entries are {shentsize} bytes, less than the {minSh} an ELF{(is64 ? "64" : "32")} section header needs");
            }

            // Extended numbering: section 0 holds the real count (sh_size) and string-table index (sh_link).
            var first = ReadSectionHeader(data, shoff, is64, path, 0);
            if (shnum == 0)
            {
                shnum = (long)first.Size;
            }

            if (shstrndx == ShnXIndex)
            {
                shstrndx = first.Link; // a uint: never negative
            }

            if (shnum < 0 || shnum > (data.Length - (long)Math.Min(shoff, (ulong)data.Length)) / shentsize + 1)
            {
                throw Invalid(path, $"it announces {shnum} section headers at 0x{shoff:x}, more than the file can hold");
            }

            for (long i = 0; i < shnum; i++)
            {
                headers.Add(ReadSectionHeader(data, shoff + ((ulong)i * (ulong)shentsize), is64, path, i));
            }
        }

        var programs = new List<ProgramHeader>();
        if (phoff != 0 && phnum > 0)
        {
            if (phentsize < minPh)
            {
                throw Invalid(path, $"its program header entries are {phentsize} bytes, less than the {minPh} an ELF{(is64 ? "64" : "32")} program header needs");
            }

            for (int i = 0; i < phnum; i++)
            {
                programs.Add(ReadProgramHeader(data, phoff + ((ulong)i * (ulong)phentsize), is64, path, i));
            }
        }

        ReadOnlySpan<byte> names = default;
        if (headers.Count > 0 && shstrndx != 0)
        {
            if (shstrndx >= headers.Count)
            {
                throw Invalid(path, $"its section-name table index {shstrndx} is not below the section count {headers.Count}");
            }

            var strtab = headers[(int)shstrndx];
            names = Slice(data, strtab.Offset, strtab.Size, path, $"the section-name table (section {shstrndx})");
        }

        // Each section's load address comes from the PT_LOAD segment holding its bytes. The segments are sorted by file
        // offset once, with the furthest end reached so far, so each section is placed by a binary search:
        // O((sections + segments) log segments), where a section x segment loop is quadratic on a hostile file.
        var loads = programs.Where(p => p.Type == PtLoad).OrderBy(p => p.Offset).ToArray();
        var reach = new int[loads.Length]; // index of the segment with the furthest end among loads[0..i]
        for (int i = 0; i < loads.Length; i++)
        {
            reach[i] = i > 0 && End(loads[reach[i - 1]]) >= End(loads[i]) ? reach[i - 1] : i;
        }

        var sections = new List<ElfSection>();
        for (int i = 1; i < headers.Count; i++)
        {
            var h = headers[i];
            var bytes = h.Type == ElfSection.NoBits || h.Size == 0
                ? ReadOnlyMemory<byte>.Empty
                : file.Slice(CheckRange(data, h.Offset, h.Size, path, $"section {i}"), (int)h.Size);
            ulong lma = h.Address;
            if (h.Type != ElfSection.NoBits && LastStartingAtOrBefore(loads, h.Offset) is int k and >= 0
                && loads[reach[k]] is var p && h.Offset + h.Size <= End(p))
            {
                lma = p.PhysicalAddress + (h.Offset - p.Offset);
            }

            sections.Add(new ElfSection(Name(names, h.NameOffset), h.Type, h.Flags, h.Address, lma, bytes));
        }

        var segments = new List<MemorySegment>();
        foreach (var p in programs.Where(p => p.Type == PtLoad && p.FileSize > 0))
        {
            int start = CheckRange(data, p.Offset, p.FileSize, path, "a PT_LOAD segment");
            if (p.PhysicalAddress + p.FileSize > uint.MaxValue)
            {
                throw Unsupported(path, $"a PT_LOAD segment at 0x{p.PhysicalAddress:x} beyond 32-bit addresses");
            }

            segments.Add(new MemorySegment((uint)p.PhysicalAddress, file.Slice(start, (int)p.FileSize)));
        }

        return new ElfFile(path, is64, machine, entry, sections, segments);
    }

    // Bytes past a segment's file image; offsets were range-checked against the file, so no overflow below 2^63.
    private static ulong End(ProgramHeader p) => p.Offset > ulong.MaxValue - p.FileSize ? ulong.MaxValue : p.Offset + p.FileSize;

    /// <summary>Index of the last segment (sorted by offset) starting at or before <paramref name="offset"/>, or -1.</summary>
    private static int LastStartingAtOrBefore(ProgramHeader[] sorted, ulong offset)
    {
        int lo = 0, hi = sorted.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (sorted[mid].Offset <= offset)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    private static SectionHeader ReadSectionHeader(ReadOnlySpan<byte> data, ulong at, bool is64, string path, long index)
    {
        int size = is64 ? 64 : 40;
        var h = Slice(data, at, (ulong)size, path, $"section header {index}");
        return is64
            ? new SectionHeader(U32(h, 0), U32(h, 4), U64(h, 8), U64(h, 16), U64(h, 24), U64(h, 32), U32(h, 40))
            : new SectionHeader(U32(h, 0), U32(h, 4), U32(h, 8), U32(h, 12), U32(h, 16), U32(h, 20), U32(h, 24));
    }

    private static ProgramHeader ReadProgramHeader(ReadOnlySpan<byte> data, ulong at, bool is64, string path, int index)
    {
        int size = is64 ? 56 : 32;
        var h = Slice(data, at, (ulong)size, path, $"program header {index}");
        return is64
            ? new ProgramHeader(U32(h, 0), U64(h, 8), U64(h, 24), U64(h, 32))
            : new ProgramHeader(U32(h, 0), U32(h, 4), U32(h, 12), U32(h, 16));
    }

    private static string Name(ReadOnlySpan<byte> names, uint offset)
    {
        if (offset >= names.Length)
        {
            return string.Empty;
        }

        var rest = names[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? rest : rest[..end]);
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> data, ulong offset, ulong size, string path, string what)
        => data.Slice(CheckRange(data, offset, size, path, what), (int)size);

    private static int CheckRange(ReadOnlySpan<byte> data, ulong offset, ulong size, string path, string what)
    {
        if (offset > (ulong)data.Length || size > (ulong)data.Length - offset)
        {
            throw Invalid(path, $"{what} (0x{size:x} bytes at 0x{offset:x}) lies outside the 0x{data.Length:x}-byte file");
        }

        return (int)offset;
    }

    private static void Need(ReadOnlySpan<byte> data, ulong offset, int size, string path, string what) => CheckRange(data, offset, (ulong)size, path, what);

    private static ushort U16(ReadOnlySpan<byte> d, int at) => BinaryPrimitives.ReadUInt16LittleEndian(d[at..]);

    private static uint U32(ReadOnlySpan<byte> d, int at) => BinaryPrimitives.ReadUInt32LittleEndian(d[at..]);

    private static ulong U64(ReadOnlySpan<byte> d, int at) => BinaryPrimitives.ReadUInt64LittleEndian(d[at..]);

    private static McuBootException Invalid(string path, string why)
        => new(ErrorCodes.ElfInvalid, $"ELF file {path} is corrupt: {why}; rebuild it, or pass the firmware's .bin or .hex instead.", path);

    private static McuBootException Unsupported(string path, string what)
        => new(ErrorCodes.ElfUnsupported, $"ELF file {path} is {what}; only little-endian ELF32/ELF64 is read, so pass the firmware's .bin or .hex instead.", path);

    private readonly record struct SectionHeader(uint NameOffset, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size, uint Link);

    private readonly record struct ProgramHeader(uint Type, ulong Offset, ulong PhysicalAddress, ulong FileSize);
}
