// tlv.c at MCUboot v2.4.0: bootutil_tlv_iter_begin (L44-L92), bootutil_tlv_iter_next (L107-L158),
// bootutil_tlv_iter_is_prot (L171); mcuboot-acceptance-rules.md §3. Deliberately as lenient as v2.4.0: a TLV whose
// header starts before tlv_end is returned whole, even when its payload runs past tlv_end (§3.3).
namespace McuBoot.Bootloader;

/// <summary>bootutil's TLV iterator over a <see cref="FlashArea"/>.</summary>
internal sealed class TlvIterator
{
    /// <summary><c>IMAGE_TLV_ANY</c>.</summary>
    public const ushort Any = 0xffff;

    private readonly FlashArea _area;
    private readonly ushort _protectedSize;
    private readonly ushort _type;
    private readonly bool _prot;
    private long _cursor;

    private TlvIterator(FlashArea area, ushort protectedSize, ushort type, bool prot, long protEnd, long tlvEnd, long cursor)
    {
        _area = area;
        _protectedSize = protectedSize;
        _type = type;
        _prot = prot;
        ProtEnd = protEnd;
        TlvEnd = tlvEnd;
        _cursor = cursor;
    }

    /// <summary><c>prot_end</c> = <c>off_ + ih_protect_tlv_size</c>.</summary>
    public long ProtEnd { get; }

    /// <summary><c>tlv_end</c> = <c>prot_end + it_tlv_tot</c> of the unprotected info.</summary>
    public long TlvEnd { get; }

    /// <summary>
    /// <c>bootutil_tlv_iter_begin</c>: null (with the reason) when the info headers are unreadable, the protected info's
    /// total differs from <c>ih_protect_tlv_size</c>, a protected size is announced without a protected info, or the
    /// unprotected magic 0x6907 is missing.
    /// </summary>
    public static TlvIterator? Begin(FlashArea area, long tlvOffset, ushort protectedSize, ushort type, bool prot, out string? why)
    {
        why = null;
        long off = tlvOffset;
        if (!area.TryReadUInt16(off, out ushort magic) || !area.TryReadUInt16(off + 2, out ushort total))
        {
            why = $"the TLV info header at 0x{off:x} lies outside {area.Describe}";
            return null;
        }

        if (magic == Image.TlvType.ProtectedInfoMagic)
        {
            if (protectedSize != total)
            {
                why = $"the protected TLV area says it is {total} bytes but the header's ih_protect_tlv_size is {protectedSize}";
                return null;
            }

            if (!area.TryReadUInt16(off + total, out magic) || !area.TryReadUInt16(off + total + 2, out total))
            {
                why = $"the unprotected TLV info header at 0x{off + protectedSize:x} lies outside {area.Describe}";
                return null;
            }
        }
        else if (protectedSize != 0)
        {
            why = $"the header announces a {protectedSize}-byte protected TLV area but there is no protected info (0x6908) at 0x{off:x}";
            return null;
        }

        if (magic != Image.TlvType.InfoMagic)
        {
            why = $"there is no unprotected TLV info (magic 0x6907) at 0x{off + protectedSize:x} (found 0x{magic:x4})";
            return null;
        }

        return new TlvIterator(area, protectedSize, type, prot, off + protectedSize, off + protectedSize + total, off + 4);
    }

    /// <summary>
    /// <c>bootutil_tlv_iter_next</c>: 0 with the payload offset, length and type of the next matching TLV; 1 when there is
    /// none; -1 when a TLV header cannot be read.
    /// </summary>
    public int Next(out long offset, out ushort length, out ushort type)
    {
        offset = 0;
        length = 0;
        type = 0;
        while (_cursor < TlvEnd)
        {
            if (_protectedSize > 0 && _cursor == ProtEnd)
            {
                _cursor += 4;
            }

            if (!_area.TryReadUInt16(_cursor, out ushort t) || !_area.TryReadUInt16(_cursor + 2, out ushort len))
            {
                offset = _cursor;
                return -1;
            }

            if (_prot && _cursor >= ProtEnd)
            {
                return 1;
            }

            if (_type == Any || t == _type)
            {
                type = t;
                offset = _cursor + 4;
                length = len;
                _cursor += 4 + len;
                return 0;
            }

            _cursor += 4 + len;
        }

        return 1;
    }

    /// <summary><c>bootutil_tlv_iter_is_prot</c>: whether a payload offset lies in the protected area.</summary>
    public bool IsProtected(long payloadOffset) => payloadOffset < ProtEnd;
}
