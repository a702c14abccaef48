namespace McuBoot.Image;

/// <summary>The 32-byte MCUboot image header (mcuboot-image-format.md §2.1).</summary>
public readonly record struct ImageHeader(
    uint LoadAddress,
    ushort HeaderSize,
    ushort ProtectedTlvSize,
    uint ImageSize,
    ImageFlags Flags,
    ImageVersion Version)
{
    /// <summary><c>IMAGE_MAGIC</c>.</summary>
    public const uint Magic = 0x96f3b83d;

    /// <summary><c>IMAGE_MAGIC_V1</c>, legacy, rejected by bootutil.</summary>
    public const uint MagicV1 = 0x96f3b83c;

    /// <summary>Size of the header structure itself.</summary>
    public const int Size = 32;

    /// <summary>Offset of the TLV areas: <c>hdr_size + img_size</c>.</summary>
    public long TlvOffset => (long)HeaderSize + ImageSize;

    /// <summary>Writes the header into the first 32 bytes of <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination, ByteOrder order)
    {
        order.WriteUInt32(destination[0..], Magic);
        order.WriteUInt32(destination[4..], LoadAddress);
        order.WriteUInt16(destination[8..], HeaderSize);
        order.WriteUInt16(destination[10..], ProtectedTlvSize);
        order.WriteUInt32(destination[12..], ImageSize);
        order.WriteUInt32(destination[16..], (uint)Flags);
        destination[20] = Version.Major;
        destination[21] = Version.Minor;
        order.WriteUInt16(destination[22..], Version.Revision);
        order.WriteUInt32(destination[24..], Version.Build);
        order.WriteUInt32(destination[28..], 0);
    }

    /// <summary>Reads a header; the magic is returned, not checked.</summary>
    public static ImageHeader Read(ReadOnlySpan<byte> source, ByteOrder order, out uint magic)
    {
        magic = order.ReadUInt32(source);
        return new ImageHeader(
            order.ReadUInt32(source[4..]),
            order.ReadUInt16(source[8..]),
            order.ReadUInt16(source[10..]),
            order.ReadUInt32(source[12..]),
            (ImageFlags)order.ReadUInt32(source[16..]),
            new ImageVersion(source[20], source[21], order.ReadUInt16(source[22..]), order.ReadUInt32(source[24..])));
    }
}
