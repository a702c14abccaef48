using System.Buffers.Binary;

namespace McuBoot.Image;

/// <summary>The byte order of an image's integers (<c>-e little|big</c>).</summary>
public enum ByteOrder
{
    LittleEndian,
    /// <summary>
    /// Every 16- and 32-bit field big-endian, TLV types included. imgtool 2.4.0 writes predefined TLV types as
    /// <c>type, 0x00</c> in this mode, which a big-endian bootloader reads as <c>type &lt;&lt; 8</c>; we do not copy that defect.
    /// </summary>
    BigEndian,
}

/// <summary>Reads and writes integers in an image's byte order.</summary>
public static class ByteOrderExtensions
{
    public static void WriteUInt16(this ByteOrder order, Span<byte> destination, ushort value)
    {
        if (order == ByteOrder.BigEndian) BinaryPrimitives.WriteUInt16BigEndian(destination, value);
        else BinaryPrimitives.WriteUInt16LittleEndian(destination, value);
    }

    public static void WriteUInt32(this ByteOrder order, Span<byte> destination, uint value)
    {
        if (order == ByteOrder.BigEndian) BinaryPrimitives.WriteUInt32BigEndian(destination, value);
        else BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
    }

    public static ushort ReadUInt16(this ByteOrder order, ReadOnlySpan<byte> source)
        => order == ByteOrder.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(source) : BinaryPrimitives.ReadUInt16LittleEndian(source);

    public static uint ReadUInt32(this ByteOrder order, ReadOnlySpan<byte> source)
        => order == ByteOrder.BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source);
}
