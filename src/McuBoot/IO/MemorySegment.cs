namespace McuBoot.IO;

/// <summary>One contiguous run of bytes at an absolute address (part of a <see cref="MemoryImage"/>).</summary>
/// <param name="Address">Address of the first byte.</param>
/// <param name="Data">The bytes; never empty inside a <see cref="MemoryImage"/>.</param>
public readonly record struct MemorySegment(uint Address, ReadOnlyMemory<byte> Data)
{
    /// <summary>Address just past the last byte (64-bit so a run ending at 0xFFFFFFFF is representable).</summary>
    public ulong EndAddress => (ulong)Address + (ulong)Data.Length;
}
