// A factory merged.hex (bootloader + signed image, as NCS's mergehex writes it) given to `check`: the image is what
// lies in the layout's primary slot, the bootloader what lies in the mcuboot partition (or below the slot).
using McuBoot.Diagnostics;
using McuBoot.IO;
using McuBoot.Layouts;

namespace McuBoot.Checks;

/// <summary>Finds the bootloader and the image inside a merged Intel HEX file, using the partition layout.</summary>
internal static class MergedHexSplitter
{
    /// <summary>
    /// When <paramref name="image"/> is an Intel HEX file with data below the layout's primary slot, returns the slot's
    /// contents as the image and (unless a bootloader was given) the data below the slot as the bootloader; otherwise the
    /// inputs unchanged.
    /// </summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.MergedHexPartMissing"/> when the slot or the bootloader area is empty.</exception>
    public static (FirmwareFile Image, FirmwareFile? Bootloader) Split(CheckRequest request, FirmwareFile image, FirmwareFile? bootloader)
    {
        if (image.Kind != FirmwareFileKind.IntelHex || request.LayoutPath is null || !File.Exists(request.LayoutPath))
        {
            return (image, bootloader);
        }

        var read = LayoutReader.Load(request.LayoutPath);
        if (read.Layout is null)
        {
            return (image, bootloader);
        }

        var derived = LayoutGeometry.Derive(read.Layout);
        if (derived.Image(request.ImageIndex) is not { HexBaseAddress: uint slot } geometry || image.BaseAddress is not uint start || start >= slot)
        {
            return (image, bootloader);
        }

        var memory = MemoryImage.FromSegments(image.Segments);
        var inSlot = Slice(memory, slot, (ulong)slot + geometry.SlotSize);
        if (inSlot.IsEmpty || inSlot.MinAddress != slot)
        {
            throw new McuBootException(ErrorCodes.MergedHexPartMissing,
                $"{image.Path} looks like a merged hex (it has data from 0x{start:x8}), but no MCUboot image starts at the primary slot {geometry.PrimaryPartition} (0x{slot:x8}) of {read.Layout.SourcePath}; merge the signed image (NAME.signed.hex) into it, or check the signed image file itself.",
                image.Path)
            { ExitCode = ExitCodes.Rejected };
        }

        var imageFile = FirmwareFile.FromBytes(IntelHexWriter.ToBytes(inSlot), image.Path, "image");
        if (bootloader is null)
        {
            var partition = derived.Bootloader;
            var area = partition is null ? Slice(memory, 0, slot) : Slice(memory, partition.Address, partition.End);
            if (area.IsEmpty)
            {
                throw new McuBootException(ErrorCodes.MergedHexPartMissing,
                    $"{image.Path} has no bootloader data in {(partition is null ? $"0x00000000..0x{slot:x8}" : partition.ToString())}; pass the bootloader with --bootloader, or merge it into the hex.",
                    image.Path)
                { ExitCode = ExitCodes.Rejected };
            }

            bootloader = FirmwareFile.FromBytes(IntelHexWriter.ToBytes(area), image.Path, "bootloader");
        }

        return (imageFile, bootloader);
    }

    private static MemoryImage Slice(MemoryImage memory, ulong from, ulong to)
    {
        var parts = new List<MemorySegment>();
        foreach (var s in memory.Segments)
        {
            ulong a = Math.Max(from, s.Address);
            ulong b = Math.Min(to, s.EndAddress);
            if (a < b)
            {
                parts.Add(new MemorySegment((uint)a, s.Data.Slice((int)(a - s.Address), (int)(b - a))));
            }
        }

        return MemoryImage.FromSegments(parts);
    }
}
