// The flash area bootutil reads the slot through (flash_area_read / LOAD_IMAGE_DATA): reads beyond the slot fail;
// slot bytes the file does not cover read as erased flash.
using McuBoot.Image;

namespace McuBoot.Bootloader;

/// <summary>An image file seen as the slot it is written to.</summary>
internal sealed class FlashArea(ReadOnlyMemory<byte> data, long? size, byte erased, ByteOrder? order = null)
{
    /// <summary>The byte order of the bootloader's CPU (little-endian unless a big-endian image is verified).</summary>
    public ByteOrder Order { get; } = order ?? ByteOrder.LittleEndian;

    /// <summary>The file (or plaintext) bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; } = data;

    /// <summary>The readable size: the slot size when known, else the file length.</summary>
    public long Size { get; } = size ?? data.Length;

    /// <summary>The erased value for bytes beyond the file.</summary>
    public byte Erased { get; } = erased;

    /// <summary>How messages name the area.</summary>
    public string Describe => SlotSizeKnown ? $"the 0x{Size:x}-byte slot" : $"the 0x{Data.Length:x}-byte file";

    /// <summary>True when the area is a slot of known size (else it is the file).</summary>
    public bool SlotSizeKnown { get; } = size is not null;

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/>; false when that leaves the area.</summary>
    public bool TryRead(long offset, int length, out byte[] bytes)
    {
        bytes = [];
        if (offset < 0 || length < 0 || offset + length > Size)
        {
            return false;
        }

        bytes = new byte[length];
        var span = Data.Span;
        int inFile = (int)Math.Clamp(span.Length - offset, 0, length);
        if (inFile > 0)
        {
            span.Slice((int)offset, inFile).CopyTo(bytes);
        }

        bytes.AsSpan(inFile).Fill(Erased);
        return true;
    }

    /// <summary>
    /// The <paramref name="length"/> bytes at <paramref name="offset"/> as <see cref="TryRead"/> reads them, but without
    /// copying when they lie within the file (a large hashed region is then hashed in place); false when that leaves the area.
    /// </summary>
    public bool TryGetRegion(long offset, int length, out ReadOnlyMemory<byte> bytes)
    {
        if (offset >= 0 && length >= 0 && offset + length <= Size && offset + length <= Data.Length)
        {
            bytes = Data.Slice((int)offset, length);
            return true;
        }

        bool ok = TryRead(offset, length, out var copy);
        bytes = copy;
        return ok;
    }

    /// <summary>Reads a u16 in <see cref="Order"/> (bootutil reads the packed structs in the CPU's byte order).</summary>
    public bool TryReadUInt16(long offset, out ushort value)
    {
        value = 0;
        if (!TryRead(offset, 2, out var b))
        {
            return false;
        }

        value = Order.ReadUInt16(b);
        return true;
    }
}
