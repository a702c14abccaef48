using System.Buffers.Binary;
using System.Text;

namespace McuBoot.Tests.Checks;

/// <summary>
/// Writes small little-endian ELF32/ELF64 files for the tests (System V ABI layout: ELF header, program headers, section
/// contents, section-name table, section headers), independent of the library's reader.
/// </summary>
internal static class TestElfWriter
{
    public const uint ProgBits = 1;
    public const uint StrTab = 3;
    public const uint NoBits = 8;
    public const ulong Alloc = 0x2;
    public const ulong Writable = 0x1;
    public const ulong Exec = 0x4;

    /// <summary>One section; <paramref name="LoadAddress"/> (LMA) differs from <paramref name="Address"/> for .data-like sections.</summary>
    public sealed record Section(string Name, uint Type, ulong Flags, ulong Address, byte[] Data, ulong? LoadAddress = null, int NoBitsSize = 0);

    public static byte[] Write(bool is64, IReadOnlyList<Section> sections, ushort machine = 40)
    {
        int ehSize = is64 ? 64 : 52;
        int phEntry = is64 ? 56 : 32;
        int shEntry = is64 ? 64 : 40;
        var loads = sections.Where(s => (s.Flags & Alloc) != 0 && s.Type == ProgBits).ToList();

        // Section-name table.
        var names = new MemoryStream();
        names.WriteByte(0);
        var nameOffsets = new List<int>();
        foreach (var s in sections.Append(new Section(".shstrtab", StrTab, 0, 0, [])))
        {
            nameOffsets.Add((int)names.Length);
            names.Write(Encoding.ASCII.GetBytes(s.Name));
            names.WriteByte(0);
        }

        var all = sections.Append(new Section(".shstrtab", StrTab, 0, 0, names.ToArray())).ToList();
        int offset = ehSize + (loads.Count * phEntry);
        var fileOffsets = new List<int>();
        foreach (var s in all)
        {
            offset = (offset + 3) & ~3;
            fileOffsets.Add(offset);
            offset += s.Type == NoBits ? 0 : s.Data.Length;
        }

        int shOff = (offset + 7) & ~7;
        int total = shOff + ((all.Count + 1) * shEntry);
        var f = new byte[total];
        f[0] = 0x7f;
        f[1] = (byte)'E';
        f[2] = (byte)'L';
        f[3] = (byte)'F';
        f[4] = (byte)(is64 ? 2 : 1);
        f[5] = 1;
        f[6] = 1;
        U16(f, 16, 2); // ET_EXEC
        U16(f, 18, machine);
        U32(f, 20, 1);
        if (is64)
        {
            U64(f, 24, loads.Count > 0 ? loads[0].Address : 0);
            U64(f, 32, loads.Count > 0 ? (ulong)ehSize : 0);
            U64(f, 40, (ulong)shOff);
            U16(f, 52, (ushort)ehSize);
            U16(f, 54, (ushort)phEntry);
            U16(f, 56, (ushort)loads.Count);
            U16(f, 58, (ushort)shEntry);
            U16(f, 60, (ushort)(all.Count + 1));
            U16(f, 62, (ushort)all.Count);
        }
        else
        {
            U32(f, 24, (uint)(loads.Count > 0 ? loads[0].Address : 0));
            U32(f, 28, loads.Count > 0 ? (uint)ehSize : 0);
            U32(f, 32, (uint)shOff);
            U16(f, 40, (ushort)ehSize);
            U16(f, 42, (ushort)phEntry);
            U16(f, 44, (ushort)loads.Count);
            U16(f, 46, (ushort)shEntry);
            U16(f, 48, (ushort)(all.Count + 1));
            U16(f, 50, (ushort)all.Count);
        }

        for (int i = 0; i < all.Count; i++)
        {
            if (all[i].Type != NoBits)
            {
                all[i].Data.CopyTo(f, fileOffsets[i]);
            }
        }

        int ph = ehSize;
        foreach (var s in loads)
        {
            int i = all.IndexOf(s);
            ulong lma = s.LoadAddress ?? s.Address;
            if (is64)
            {
                U32(f, ph, 1);
                U32(f, ph + 4, 5);
                U64(f, ph + 8, (ulong)fileOffsets[i]);
                U64(f, ph + 16, s.Address);
                U64(f, ph + 24, lma);
                U64(f, ph + 32, (ulong)s.Data.Length);
                U64(f, ph + 40, (ulong)s.Data.Length);
                U64(f, ph + 48, 4);
            }
            else
            {
                U32(f, ph, 1);
                U32(f, ph + 4, (uint)fileOffsets[i]);
                U32(f, ph + 8, (uint)s.Address);
                U32(f, ph + 12, (uint)lma);
                U32(f, ph + 16, (uint)s.Data.Length);
                U32(f, ph + 20, (uint)s.Data.Length);
                U32(f, ph + 24, 5);
                U32(f, ph + 28, 4);
            }

            ph += phEntry;
        }

        // Section header 0 is the null section.
        for (int i = 0; i < all.Count; i++)
        {
            var s = all[i];
            int at = shOff + ((i + 1) * shEntry);
            ulong size = s.Type == NoBits ? (ulong)s.NoBitsSize : (ulong)s.Data.Length;
            U32(f, at, (uint)nameOffsets[i]);
            U32(f, at + 4, s.Type);
            if (is64)
            {
                U64(f, at + 8, s.Flags);
                U64(f, at + 16, s.Address);
                U64(f, at + 24, (ulong)fileOffsets[i]);
                U64(f, at + 32, size);
                U64(f, at + 48, 4);
            }
            else
            {
                U32(f, at + 8, (uint)s.Flags);
                U32(f, at + 12, (uint)s.Address);
                U32(f, at + 16, (uint)fileOffsets[i]);
                U32(f, at + 20, (uint)size);
                U32(f, at + 32, 4);
            }
        }

        return f;
    }

    private static void U16(byte[] b, int at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), v);

    private static void U32(byte[] b, int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v);

    private static void U64(byte[] b, int at, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), v);
}
