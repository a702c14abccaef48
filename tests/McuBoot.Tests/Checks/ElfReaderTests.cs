using System.Buffers.Binary;
using McuBoot.Checks;
using McuBoot.Diagnostics;

namespace McuBoot.Tests.Checks;

/// <summary>The small ELF reader: sections, load addresses, segments, and coded errors for corrupt files.</summary>
public sealed class ElfReaderTests
{
    private static readonly byte[] Text = [.. Enumerable.Range(0, 100).Select(i => (byte)i)];
    private static readonly byte[] Rodata = "key material\0"u8.ToArray();
    private static readonly byte[] Data = [9, 8, 7, 6, 5, 4, 3, 2];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsSectionsAndLoadAddresses(bool is64)
    {
        var elf = ElfReader.Parse(Sample(is64), "fw.elf");
        Assert.Equal(is64, elf.Is64);
        Assert.Equal(40, elf.Machine);
        Assert.Equal([".text", ".rodata", ".data", ".bss", ".comment", ".shstrtab"], elf.Sections.Select(s => s.Name));
        var data = elf.Sections.Single(s => s.Name == ".data");
        Assert.Equal(0x2000_0000ul, data.Address);
        Assert.Equal(0x1100ul, data.LoadAddress);
        Assert.Equal(Data, data.Data.ToArray());
        Assert.False(elf.Sections.Single(s => s.Name == ".bss").IsLoadable);
        Assert.False(elf.Sections.Single(s => s.Name == ".comment").IsLoadable);

        var memory = elf.ToMemoryImage();
        Assert.Equal(0x1000u, memory.MinAddress);
        Assert.Equal(0x1108u, memory.MaxAddressExclusive);
        var flat = memory.Flatten();
        Assert.Equal(Text, flat[..100]);
        Assert.Equal(Rodata, flat[0x80..(0x80 + Rodata.Length)]);
        Assert.Equal(Data, flat[0x100..]);
    }

    [Fact]
    public void UsesProgramHeadersWhenThereAreNoSections()
    {
        var bytes = Sample(false);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(32), 0); // e_shoff
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(48), 0); // e_shnum
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(50), 0); // e_shstrndx
        var elf = ElfReader.Parse(bytes, "stripped.elf");
        Assert.Empty(elf.Sections);
        var memory = elf.ToMemoryImage();
        Assert.Equal(0x1000u, memory.MinAddress);
        Assert.Equal(Data, memory.Flatten()[0x100..]);
    }

    [Fact]
    public void FirmwareFileRecognisesElfByItsMagic()
    {
        var file = FirmwareFile.FromBytes(Sample(true), "mcuboot.bin");
        Assert.Equal(FirmwareFileKind.Elf, file.Kind);
        Assert.Equal(0x1000u, file.BaseAddress);
        Assert.Equal(3, file.Segments.Count);
        Assert.Equal("address 0x00001081", file.DescribeLocation(file.Segments[1].Address, 1));
    }

    [Fact]
    public void SectionTableOutsideTheFileIsACodedError()
    {
        var bytes = Sample(false);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(32), (uint)bytes.Length - 8);
        var e = Assert.Throws<McuBootException>(() => ElfReader.Parse(bytes, "bad.elf"));
        Assert.Equal(ErrorCodes.ElfInvalid, e.Code);
        Assert.Contains("bad.elf", e.Message);
        Assert.Contains("outside the", e.Message);
    }

    [Fact]
    public void SectionDataOutsideTheFileIsACodedError()
    {
        var bytes = Sample(false);
        int shoff = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(32));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(shoff + 40 + 20), 0x10_0000); // .text sh_size
        Assert.Equal(ErrorCodes.ElfInvalid, Assert.Throws<McuBootException>(() => ElfReader.Parse(bytes, "bad.elf")).Code);
    }

    [Fact]
    public void NameTableIndexOutOfRangeIsACodedError()
    {
        var bytes = Sample(false);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(50), 99);
        Assert.Equal(ErrorCodes.ElfInvalid, Assert.Throws<McuBootException>(() => ElfReader.Parse(bytes, "bad.elf")).Code);
    }

    [Theory]
    [InlineData(4, 3, "ELF class 3")]
    [InlineData(5, 2, "big-endian")]
    public void UnsupportedIdentification(int index, byte value, string text)
    {
        var bytes = Sample(false);
        bytes[index] = value;
        var e = Assert.Throws<McuBootException>(() => ElfReader.Parse(bytes, "odd.elf"));
        Assert.Equal(ErrorCodes.ElfUnsupported, e.Code);
        Assert.Contains(text, e.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(20)]
    [InlineData(60)]
    public void TruncatedFilesAreCodedErrors(int length)
    {
        var e = Assert.Throws<McuBootException>(() => ElfReader.Parse(Sample(true)[..length], "short.elf"));
        Assert.Equal(ErrorCodes.ElfInvalid, e.Code);
    }

    [Fact]
    public void ElfWithoutLoadableDataIsEmpty()
    {
        var bytes = TestElfWriter.Write(false, [new(".comment", TestElfWriter.ProgBits, 0, 0, [1, 2, 3])]);
        var e = Assert.Throws<McuBootException>(() => FirmwareFile.FromBytes(bytes, "x.elf", "bootloader"));
        Assert.Equal(ErrorCodes.FirmwareFileEmpty, e.Code);
    }

    private static byte[] Sample(bool is64) => TestElfWriter.Write(is64,
    [
        new(".text", TestElfWriter.ProgBits, TestElfWriter.Alloc | TestElfWriter.Exec, 0x1000, Text),
        new(".rodata", TestElfWriter.ProgBits, TestElfWriter.Alloc, 0x1080, Rodata),
        new(".data", TestElfWriter.ProgBits, TestElfWriter.Alloc | TestElfWriter.Writable, 0x2000_0000, Data, 0x1100),
        new(".bss", TestElfWriter.NoBits, TestElfWriter.Alloc | TestElfWriter.Writable, 0x2000_0008, [], NoBitsSize: 0x100),
        new(".comment", TestElfWriter.ProgBits, 0, 0, "GCC\0"u8.ToArray()),
    ]);
}
