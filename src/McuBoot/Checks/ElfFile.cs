using McuBoot.Diagnostics;
using McuBoot.IO;

namespace McuBoot.Checks;

/// <summary>A little-endian ELF32/ELF64 file as <see cref="ElfReader"/> reads it: sections and loadable segments.</summary>
public sealed class ElfFile
{
    internal ElfFile(string path, bool is64, ushort machine, ulong entry, IReadOnlyList<ElfSection> sections, IReadOnlyList<MemorySegment> segments)
    {
        Path = path;
        Is64 = is64;
        Machine = machine;
        Entry = entry;
        Sections = sections;
        LoadSegments = segments;
    }

    /// <summary>The file (as given to the reader).</summary>
    public string Path { get; }

    /// <summary>True for ELF64, false for ELF32.</summary>
    public bool Is64 { get; }

    /// <summary>e_machine (40 = ARM, 243 = RISC-V, 94 = Xtensa, 62 = x86-64).</summary>
    public ushort Machine { get; }

    /// <summary>e_entry.</summary>
    public ulong Entry { get; }

    /// <summary>All sections in file order (the null section 0 excluded).</summary>
    public IReadOnlyList<ElfSection> Sections { get; }

    /// <summary>PT_LOAD segments' file bytes at their physical (load) addresses; used when there are no section headers.</summary>
    public IReadOnlyList<MemorySegment> LoadSegments { get; }

    /// <summary>
    /// The bytes a programmer would write: every loadable section at its load address (LMA), or the PT_LOAD segments
    /// when the file has no section headers.
    /// </summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.ElfInvalid"/> when two sections give different bytes for one address,
    /// <see cref="ErrorCodes.ElfUnsupported"/> when an address is beyond 32 bits.</exception>
    public MemoryImage ToMemoryImage()
    {
        var segments = new List<MemorySegment>();
        var loadable = Sections.Where(s => s.IsLoadable).ToList();
        if (loadable.Count > 0)
        {
            foreach (var s in loadable)
            {
                if (s.LoadAddress + (ulong)s.Data.Length > uint.MaxValue)
                {
                    throw new McuBootException(ErrorCodes.ElfUnsupported,
                        $"ELF section {s.Name} of {Path} is at 0x{s.LoadAddress:x}, beyond 32-bit addresses; pass the .bin or .hex of the firmware instead.", Path);
                }

                segments.Add(new MemorySegment((uint)s.LoadAddress, s.Data));
            }
        }
        else
        {
            segments.AddRange(LoadSegments);
        }

        try
        {
            return MemoryImage.FromSegments(segments);
        }
        catch (ArgumentException e)
        {
            throw new McuBootException(ErrorCodes.ElfInvalid,
                $"ELF file {Path} has sections that overlap with different contents ({e.Message}); pass the .bin or .hex of the firmware instead.", Path, e);
        }
    }
}
