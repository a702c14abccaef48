// Input formats: mcuboot-image-format.md §8 (.hex by extension, flattened from its lowest address with 0xff gaps);
// ELF by magic (ElfReader: loadable sections at their load addresses).
using McuBoot.Diagnostics;
using McuBoot.IO;

namespace McuBoot.Checks;

/// <summary>
/// A firmware file (a signed image or a bootloader) read for checking: raw binary, Intel HEX or ELF. Gives both the
/// flattened bytes (as imgtool reads a HEX file) and the separate memory segments (for searching without gap fill).
/// </summary>
public sealed class FirmwareFile
{
    private FirmwareFile(string path, FirmwareFileKind kind, byte[] data, uint? baseAddress, IReadOnlyList<MemorySegment> segments)
    {
        Path = path;
        Kind = kind;
        Data = data;
        BaseAddress = baseAddress;
        Segments = segments;
    }

    /// <summary>The absolute path.</summary>
    public string Path { get; }

    /// <summary>The format it was read as.</summary>
    public FirmwareFileKind Kind { get; }

    /// <summary>The bytes from the lowest to the highest address (gaps 0xff); the file itself for a binary.</summary>
    public byte[] Data { get; }

    /// <summary>The address of <c>Data[0]</c> (HEX, ELF), or null for a binary.</summary>
    public uint? BaseAddress { get; }

    /// <summary>The data runs: one per HEX/ELF segment; a binary is one run at address 0 (a file offset).</summary>
    public IReadOnlyList<MemorySegment> Segments { get; }

    /// <summary>
    /// Reads <paramref name="path"/>: ELF when it starts with the ELF magic, Intel HEX when its extension is <c>.hex</c>,
    /// else raw binary. <paramref name="role"/> ("image", "bootloader") names the file in messages.
    /// </summary>
    /// <exception cref="McuBootException">Missing/unreadable file (<see cref="ErrorCodes.InputNotFound"/>, <see cref="ErrorCodes.ReadFailed"/>),
    /// HEX or ELF format errors, or an empty file (<see cref="ErrorCodes.FirmwareFileEmpty"/>).</exception>
    public static FirmwareFile Load(string path, string role = "firmware")
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        var bytes = ImageFileReader.ReadAllBytes(full);
        return FromBytes(bytes, full, role);
    }

    /// <summary>Reads firmware held in memory; <paramref name="path"/> decides HEX by its extension and names the file.</summary>
    /// <exception cref="McuBootException">Format errors or no data.</exception>
    public static FirmwareFile FromBytes(byte[] bytes, string path, string role = "firmware")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(path);
        FirmwareFile result;
        if (ElfReader.IsElf(bytes))
        {
            var memory = ElfReader.Parse(bytes, path).ToMemoryImage();
            result = FromMemory(path, FirmwareFileKind.Elf, memory, role, "has no loadable sections (PROGBITS with SHF_ALLOC) or PT_LOAD segments");
        }
        else if (FileFormat.IsHex(path))
        {
            var memory = IntelHexReader.Parse(bytes, path);
            result = FromMemory(path, FirmwareFileKind.IntelHex, memory, role, "has no data records");
        }
        else
        {
            if (bytes.Length == 0)
            {
                throw Empty(path, role, "is empty");
            }

            result = new FirmwareFile(path, FirmwareFileKind.Binary, bytes, null, [new MemorySegment(0, bytes)]);
        }

        return result;
    }

    /// <summary>How to name a location of this file in messages: a CPU address for HEX/ELF, a file offset for a binary.</summary>
    public string DescribeLocation(uint segmentAddress, long offsetInSegment)
        => Kind == FirmwareFileKind.Binary
            ? $"offset 0x{offsetInSegment:x}"
            : $"address 0x{segmentAddress + (ulong)offsetInSegment:x8}";

    private static FirmwareFile FromMemory(string path, FirmwareFileKind kind, MemoryImage memory, string role, string emptyReason)
    {
        if (memory.IsEmpty)
        {
            throw Empty(path, role, emptyReason);
        }

        if (memory.FlatLength > InputLimits.MaxImageSpan)
        {
            throw new McuBootException(ErrorCodes.ImageTooLarge,
                $"The {role} file {path} spans 0x{memory.MinAddress:x8}..0x{memory.MaxAddressExclusive:x8} ({memory.FlatLength} bytes with gaps), too large to check; pass a file holding only the {role}'s own flash range.",
                path);
        }

        return new FirmwareFile(path, kind, memory.Flatten(), memory.MinAddress, memory.Segments);
    }

    private static McuBootException Empty(string path, string role, string reason)
        => new(ErrorCodes.FirmwareFileEmpty, $"The {role} file {path} {reason}; pass the built {role} (.bin, .hex or .elf).", path) { ExitCode = ExitCodes.Usage };
}
