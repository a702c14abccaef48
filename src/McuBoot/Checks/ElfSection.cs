namespace McuBoot.Checks;

/// <summary>A section of an ELF file, with its bytes (empty for SHT_NOBITS) and both of its addresses.</summary>
/// <param name="Name">The section name from the section-name string table (e.g. <c>.rodata</c>).</param>
/// <param name="Type">sh_type (1 = SHT_PROGBITS, 8 = SHT_NOBITS, ...).</param>
/// <param name="Flags">sh_flags (0x2 = SHF_ALLOC, 0x4 = SHF_EXECINSTR).</param>
/// <param name="Address">sh_addr: where the section lives at run time (VMA).</param>
/// <param name="LoadAddress">Where the section's bytes are stored (LMA): from the PT_LOAD segment holding it, else <paramref name="Address"/>.</param>
/// <param name="Data">The section's bytes from the file.</param>
public sealed record ElfSection(string Name, uint Type, ulong Flags, ulong Address, ulong LoadAddress, ReadOnlyMemory<byte> Data)
{
    /// <summary>SHT_PROGBITS.</summary>
    public const uint ProgBits = 1;

    /// <summary>SHT_NOBITS (.bss: no bytes in the file).</summary>
    public const uint NoBits = 8;

    /// <summary>SHF_ALLOC: occupies memory on the target.</summary>
    public const ulong AllocFlag = 0x2;

    /// <summary>True for a section whose bytes end up in the target's memory (allocated, with file contents).</summary>
    public bool IsLoadable => (Flags & AllocFlag) != 0 && Type != NoBits && Data.Length > 0;
}
