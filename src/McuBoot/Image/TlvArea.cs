using McuBoot.Diagnostics;

namespace McuBoot.Image;

/// <summary>Encodes a TLV area: info header (magic, total size) and back-to-back entries (mcuboot-image-format.md §3.1).</summary>
public static class TlvArea
{
    /// <summary>Total size of an area holding <paramref name="tlvs"/>, including the 4-byte info header.</summary>
    public static int SizeOf(IEnumerable<Tlv> tlvs) => 4 + tlvs.Sum(t => t.EncodedLength);

    /// <summary>Encodes an area; throws a coded error if a value or the area exceeds 65535 bytes.</summary>
    public static byte[] Encode(ushort magic, IReadOnlyList<Tlv> tlvs, ByteOrder order)
    {
        int total = SizeOf(tlvs);
        if (total > ushort.MaxValue)
        {
            throw new McuBootException(ErrorCodes.FieldOverflow,
                $"The {(magic == TlvType.ProtectedInfoMagic ? "protected" : "unprotected")} TLV area would be {total} bytes; MCUboot limits it to 65535. Use fewer or smaller TLVs.");
        }

        var buffer = new byte[total];
        order.WriteUInt16(buffer, magic);
        order.WriteUInt16(buffer.AsSpan(2), (ushort)total);
        int offset = 4;
        foreach (var tlv in tlvs)
        {
            order.WriteUInt16(buffer.AsSpan(offset), tlv.Type);
            order.WriteUInt16(buffer.AsSpan(offset + 2), (ushort)tlv.Value.Length);
            tlv.Value.CopyTo(buffer.AsSpan(offset + 4));
            offset += tlv.EncodedLength;
        }

        return buffer;
    }
}
