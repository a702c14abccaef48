using McuBoot.Image;

namespace McuBoot.Tests.Properties;

/// <summary>
/// One corruption of a <see cref="CorruptionBase"/> image: what kind, where, and with which bytes or value.
/// <see cref="Apply"/> is pure, so a failing case is reproduced from its description.
/// </summary>
internal sealed record Corruption(int Base, CorruptionKind Kind, int Offset, int Width, uint Value, byte[] Bytes)
{
    /// <summary>Header fields (offset, width) of §2.1.</summary>
    public static readonly (int Offset, int Width)[] HeaderFields = [(0, 4), (4, 4), (8, 2), (10, 2), (12, 4), (16, 4), (20, 1), (21, 1), (22, 2), (24, 4), (28, 4)];

    public byte[] Apply(CorruptionBase b)
    {
        var image = (byte[])b.Bytes.Clone();
        var order = b.Parsed.ByteOrder;
        switch (Kind)
        {
            case CorruptionKind.BitFlip:
                image[Offset] ^= (byte)(1 << (int)(Value & 7));
                return image;
            case CorruptionKind.ByteOverwrite:
                image[Offset] = (byte)Value;
                return image;
            case CorruptionKind.RunOverwrite:
            case CorruptionKind.TrailerEdit:
                Bytes.AsSpan(0, Math.Min(Bytes.Length, image.Length - Offset)).CopyTo(image.AsSpan(Offset));
                return image;
            case CorruptionKind.Truncate:
                return image[..Offset];
            case CorruptionKind.Insert:
                return [.. image.AsSpan(0, Offset), .. Bytes, .. image.AsSpan(Offset)];
            case CorruptionKind.Append:
                return [.. image, .. Bytes];
            case CorruptionKind.TlvLengthEdit:
                order.WriteUInt16(image.AsSpan(Offset + 2), (ushort)Value);
                return image;
            case CorruptionKind.TlvTypeEdit:
                order.WriteUInt16(image.AsSpan(Offset), (ushort)Value);
                return image;
            default:
                switch (Width)
                {
                    case 1:
                        image[Offset] = (byte)Value;
                        break;
                    case 2:
                        order.WriteUInt16(image.AsSpan(Offset), (ushort)Value);
                        break;
                    default:
                        order.WriteUInt32(image.AsSpan(Offset), Value);
                        break;
                }

                return image;
        }
    }

    /// <summary>
    /// Whether the corruption leaves the image as valid as before: every byte up to the end of the TLVs unchanged
    /// (a trailer edit, an appended tail, a truncation inside the trailer, or a write of the same value).
    /// </summary>
    public static bool IsHarmless(CorruptionBase b, byte[] corrupted)
        => corrupted.LongLength >= b.TlvEnd && corrupted.AsSpan(0, (int)b.TlvEnd).SequenceEqual(b.Bytes.AsSpan(0, (int)b.TlvEnd));

    public string Describe(CorruptionBase b) => $"{b.Name}: {Kind} at 0x{Offset:x} width {Width} value 0x{Value:x} bytes {Convert.ToHexStringLower(Bytes)} (image 0x{b.Bytes.Length:x} bytes, TLVs end at 0x{b.TlvEnd:x})";
}
