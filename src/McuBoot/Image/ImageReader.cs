using McuBoot.Diagnostics;

namespace McuBoot.Image;

/// <summary>
/// Reads MCUboot images defensively: every length is bounds-checked, and any truncated or corrupt file ends in a
/// coded <see cref="McuBootException"/>, never another exception (mcuboot-image-format.md §2, §3.1, §5.1).
/// Big-endian images (written with <c>-e big</c>) are recognised by their magic.
/// </summary>
public static class ImageReader
{
    /// <summary>Parses an image held in memory.</summary>
    public static ParsedImage Read(ReadOnlySpan<byte> image, string name = "image")
    {
        if (image.Length < ImageHeader.Size)
        {
            throw Corrupt(ErrorCodes.TruncatedImage, $"{name} is {image.Length} bytes, shorter than a 32-byte MCUboot header; is this an MCUboot image?", name);
        }

        ByteOrder order;
        if (ByteOrder.LittleEndian.ReadUInt32(image) == ImageHeader.Magic)
        {
            order = ByteOrder.LittleEndian;
        }
        else if (ByteOrder.BigEndian.ReadUInt32(image) == ImageHeader.Magic)
        {
            order = ByteOrder.BigEndian;
        }
        else
        {
            uint found = ByteOrder.LittleEndian.ReadUInt32(image);
            string hint = found == ImageHeader.MagicV1 ? " (the legacy v1 magic, which MCUboot rejects)" : found == 0xffffffff ? " (erased flash)" : string.Empty;
            throw Corrupt(ErrorCodes.BadImageMagic, $"Invalid image magic 0x{found:x8}{hint} in {name}; is this an MCUboot image (signed output, not the raw firmware)?", name);
        }

        var header = ImageHeader.Read(image, order, out _);
        if (header.HeaderSize < ImageHeader.Size)
        {
            throw Corrupt(ErrorCodes.BadHeader, $"{name} has a header size of {header.HeaderSize}, less than 32 bytes; the header is corrupt.", name);
        }

        long tlvOffset = header.TlvOffset;
        if (tlvOffset + 4 > image.Length)
        {
            throw Corrupt(ErrorCodes.TruncatedImage,
                $"{name} is truncated: header size 0x{header.HeaderSize:x} + image size 0x{header.ImageSize:x} puts the TLVs at 0x{tlvOffset:x}, but the file is 0x{image.Length:x} bytes.", name);
        }

        long offset = tlvOffset;
        long protectedOffset = -1;
        int protectedSize = 0;
        IReadOnlyList<ParsedTlv> protectedTlvs = [];
        ushort magic = order.ReadUInt16(image[(int)offset..]);
        if (magic == TlvType.ProtectedInfoMagic)
        {
            protectedSize = order.ReadUInt16(image[(int)(offset + 2)..]);
            if (protectedSize != header.ProtectedTlvSize)
            {
                throw Corrupt(ErrorCodes.ProtectedSizeMismatch,
                    $"{name}: the protected TLV area says it is {protectedSize} bytes but the header says {header.ProtectedTlvSize}; the bootloader rejects this image.", name);
            }

            protectedOffset = offset;
            protectedTlvs = ReadEntries(image, offset, protectedSize, order, isProtected: true, name);
            offset += protectedSize;
        }
        else if (header.ProtectedTlvSize != 0)
        {
            throw Corrupt(ErrorCodes.ProtectedSizeMismatch,
                $"{name}: the header announces a {header.ProtectedTlvSize}-byte protected TLV area but there is none at 0x{offset:x}; the bootloader rejects this image.", name);
        }

        if (offset + 4 > image.Length)
        {
            throw Corrupt(ErrorCodes.TruncatedImage, $"{name} is truncated: no room for the TLV info header at 0x{offset:x}.", name);
        }

        magic = order.ReadUInt16(image[(int)offset..]);
        if (magic != TlvType.InfoMagic)
        {
            throw Corrupt(ErrorCodes.BadTlvInfo, $"Invalid TLV info magic 0x{magic:x4} at 0x{offset:x} in {name} (expected 0x6907); is this an MCUboot image?", name);
        }

        int unprotectedSize = order.ReadUInt16(image[(int)(offset + 2)..]);
        var unprotectedTlvs = ReadEntries(image, offset, unprotectedSize, order, isProtected: false, name);
        long tlvEnd = offset + unprotectedSize;

        ParsedTrailer? trailer = null;
        if (image.Length - tlvEnd >= 16)
        {
            trailer = ReadTrailer(image, order);
        }

        return new ParsedImage
        {
            Header = header,
            ByteOrder = order,
            ProtectedAreaOffset = protectedOffset,
            ProtectedAreaSize = protectedSize,
            ProtectedTlvs = protectedTlvs,
            UnprotectedAreaOffset = offset,
            UnprotectedAreaSize = unprotectedSize,
            UnprotectedTlvs = unprotectedTlvs,
            FileLength = image.Length,
            Trailer = trailer,
        };
    }

    private static List<ParsedTlv> ReadEntries(ReadOnlySpan<byte> image, long areaOffset, int areaSize, ByteOrder order, bool isProtected, string name)
    {
        string area = isProtected ? "protected" : "unprotected";
        if (areaSize < 4)
        {
            throw Corrupt(ErrorCodes.BadTlvInfo, $"{name}: the {area} TLV area at 0x{areaOffset:x} claims {areaSize} bytes, less than its own 4-byte header.", name);
        }

        if (areaOffset + areaSize > image.Length)
        {
            throw Corrupt(ErrorCodes.TruncatedImage,
                $"{name} is truncated: the {area} TLV area at 0x{areaOffset:x} needs {areaSize} bytes but the file ends at 0x{image.Length:x}.", name);
        }

        var result = new List<ParsedTlv>();
        long offset = areaOffset + 4;
        long end = areaOffset + areaSize;
        while (offset < end)
        {
            if (offset + 4 > end)
            {
                throw Corrupt(ErrorCodes.BadTlv, $"{name}: a TLV header at 0x{offset:x} runs past the end of the {area} area (0x{end:x}).", name);
            }

            ushort type = order.ReadUInt16(image[(int)offset..]);
            int length = order.ReadUInt16(image[(int)(offset + 2)..]);
            if (offset + 4 + length > end)
            {
                throw Corrupt(ErrorCodes.BadTlv,
                    $"{name}: TLV {TlvType.NameOf(type)} (0x{type:x2}) at 0x{offset:x} is {length} bytes long and runs past the end of the {area} area (0x{end:x}).", name);
            }

            result.Add(new ParsedTlv(type, offset + 4, image.Slice((int)(offset + 4), length).ToArray(), isProtected));
            offset += 4 + length;
        }

        return result;
    }

    private static ParsedTrailer ReadTrailer(ReadOnlySpan<byte> image, ByteOrder order)
    {
        long size = image.Length;
        var magic = image[^16..].ToArray();
        int maxAlign;
        bool valid;
        if (magic.AsSpan().SequenceEqual(ImageTrailer.StandardMagic))
        {
            maxAlign = 8;
            valid = true;
        }
        else
        {
            int a = order.ReadUInt16(magic);
            valid = a is 16 or 32 && magic.AsSpan(2).SequenceEqual(ImageTrailer.AlignedMagicTail);
            maxAlign = valid ? a : 8;
        }

        var geometry = new ImageTrailer { MaxAlign = maxAlign, Align = 1 };
        long swapSizeOffset = geometry.SwapSizeOffset(size);
        uint swapSize = swapSizeOffset >= 0 && swapSizeOffset + 4 <= size ? order.ReadUInt32(image[(int)swapSizeOffset..]) : 0xffffffff;
        return new ParsedTrailer(
            magic,
            valid,
            maxAlign,
            ByteAt(image, geometry.ImageOkOffset(size)),
            ByteAt(image, geometry.CopyDoneOffset(size)),
            ByteAt(image, geometry.SwapInfoOffset(size)),
            swapSize,
            size - 16);
    }

    private static byte ByteAt(ReadOnlySpan<byte> image, long at) => at >= 0 && at < image.Length ? image[(int)at] : (byte)0xff;

    private static McuBootException Corrupt(string code, string message, string name)
        => new(code, message, name) { ExitCode = ExitCodes.Failure };
}
