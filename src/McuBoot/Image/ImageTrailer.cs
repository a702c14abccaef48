using McuBoot.Diagnostics;

namespace McuBoot.Image;

/// <summary>
/// The image trailer at the end of a slot (mcuboot-image-format.md §5): boot magic, image_ok, copy_done, swap_info,
/// swap_size, encryption key slots and the swap status area, and imgtool's size formula (§5.4).
/// </summary>
public sealed record ImageTrailer
{
    /// <summary>The boot magic when max-align is 8.</summary>
    public static ReadOnlySpan<byte> StandardMagic =>
        [0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f, 0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80];

    /// <summary>The 14 bytes that follow the u16 max-align in the boot magic when max-align is not 8.</summary>
    public static ReadOnlySpan<byte> AlignedMagicTail =>
        [0x2d, 0xe1, 0x5d, 0x29, 0x41, 0x0b, 0x8d, 0x77, 0x67, 0x9c, 0x11, 0x0f, 0x1f, 0x8a];

    /// <summary>Flash write size used for the status area (<c>--align</c>: 1, 2, 4, 8, 16 or 32).</summary>
    public int Align { get; init; } = 1;

    /// <summary><c>BOOT_MAX_ALIGN</c> (<c>--max-align</c>: 8, 16 or 32); null means max(8, Align).</summary>
    public int? MaxAlign { get; init; }

    /// <summary><c>BOOT_MAX_IMG_SECTORS</c> (<c>-M</c>, default 128).</summary>
    public int MaxSectors { get; init; } = 128;

    /// <summary>Overwrite-only bootloader (no swap status).</summary>
    public bool OverwriteOnly { get; init; }

    /// <summary>Whether the image is encrypted (adds the two key slots).</summary>
    public bool Encrypted { get; init; }

    /// <summary>With <c>--save-enctlv</c>: the encryption TLV value length stored in each key slot.</summary>
    public int? SavedEncTlvLength { get; init; }

    /// <summary>The effective max-align.</summary>
    public int EffectiveMaxAlign => MaxAlign ?? Math.Max(8, Align);

    /// <summary><c>M = align_up(16, A)</c>: the magic field including padding.</summary>
    public int MagicFieldSize => AlignUp(16, EffectiveMaxAlign);

    /// <summary>Throws a coded error for unsupported align values.</summary>
    public void Validate()
    {
        if (Align is not (1 or 2 or 4 or 8 or 16 or 32))
        {
            throw new McuBootException(ErrorCodes.InvalidAlignment, $"Invalid value for '--align': {Align}; use 1, 2, 4, 8, 16 or 32 (the flash write size).") { ExitCode = ExitCodes.Usage };
        }

        if (EffectiveMaxAlign is not (8 or 16 or 32))
        {
            throw new McuBootException(ErrorCodes.InvalidAlignment, $"Invalid value for '--max-align': {EffectiveMaxAlign}; use 8, 16 or 32 (the bootloader's BOOT_MAX_ALIGN).") { ExitCode = ExitCodes.Usage };
        }

        if (EffectiveMaxAlign < Align)
        {
            throw new McuBootException(ErrorCodes.InvalidAlignment,
                $"--max-align {EffectiveMaxAlign} is smaller than --align {Align}; the bootloader's BOOT_MAX_ALIGN is at least the flash write size, so raise --max-align.")
            { ExitCode = ExitCodes.Usage };
        }

        if (MaxSectors < 0)
        {
            throw new McuBootException(ErrorCodes.InvalidOptionValue, $"Invalid value for '-M' / '--max-sectors': {MaxSectors}; use a sector count of 0 or more.") { ExitCode = ExitCodes.Usage };
        }
    }

    /// <summary>imgtool's trailer size <c>T</c> (§5.4), which the slot-size check adds to the image length.</summary>
    public int Size
    {
        get
        {
            int a = EffectiveMaxAlign;
            int m = MagicFieldSize;
            if (OverwriteOnly)
            {
                return (2 * a) + m;
            }

            int t = MaxSectors * 3 * Align;
            if (Encrypted)
            {
                t += SavedEncTlvLength is int tlvLength ? 2 * AlignUp(tlvLength, a) : 2 * AlignUp(16, a);
            }

            return t + (4 * a) + m;
        }
    }

    /// <summary>The 16 bytes of boot magic for this trailer's max-align, in the given byte order.</summary>
    public byte[] MagicBytes(ByteOrder order)
    {
        var magic = new byte[16];
        if (EffectiveMaxAlign == 8)
        {
            StandardMagic.CopyTo(magic);
        }
        else
        {
            order.WriteUInt16(magic, (ushort)EffectiveMaxAlign);
            AlignedMagicTail.CopyTo(magic.AsSpan(2));
        }

        return magic;
    }

    /// <summary>Offset of the image_ok field from the start of a slot of size <paramref name="slotSize"/>.</summary>
    public long ImageOkOffset(long slotSize) => slotSize - MagicFieldSize - EffectiveMaxAlign;

    /// <summary>Offset of copy_done.</summary>
    public long CopyDoneOffset(long slotSize) => slotSize - MagicFieldSize - (2 * EffectiveMaxAlign);

    /// <summary>Offset of swap_info.</summary>
    public long SwapInfoOffset(long slotSize) => slotSize - MagicFieldSize - (3 * EffectiveMaxAlign);

    /// <summary>Offset of swap_size.</summary>
    public long SwapSizeOffset(long slotSize) => slotSize - MagicFieldSize - (4 * EffectiveMaxAlign);

    /// <summary>Rounds <paramref name="value"/> up to a multiple of the power of two <paramref name="alignment"/>.</summary>
    public static int AlignUp(int value, int alignment) => (value + alignment - 1) & ~(alignment - 1);
}
