// bootutil_public.c:boot_read_swap_state (magic via bootutil_misc.h:boot_magic_decode, flags via boot_read_flag /
// boot_flag_decode), the swap table boot_swap_tables applied by boot_swap_type_multi (mcuboot-acceptance-rules.md §8).
using McuBoot.Image;

namespace McuBoot.Bootloader;

/// <summary>The decoded trailer of one slot: magic, image_ok and copy_done, read as bootutil reads them.</summary>
/// <param name="Magic">The boot magic at <c>S − 16</c>.</param>
/// <param name="ImageOk">image_ok at <c>align_down(S − 16 − MA, MA)</c>.</param>
/// <param name="CopyDone">copy_done one MA below image_ok.</param>
public sealed record SlotTrailerState(TrailerFlag Magic, TrailerFlag ImageOk, TrailerFlag CopyDone)
{
    /// <summary>An erased slot trailer (what a primary slot without a pending operation usually holds).</summary>
    public static SlotTrailerState Erased { get; } = new(TrailerFlag.Unset, TrailerFlag.Unset, TrailerFlag.Unset);

    /// <summary>
    /// Reads the trailer of a slot whose content is <paramref name="slot"/> (exactly one slot long, e.g. an image padded
    /// with <c>--pad</c>/<c>--confirm</c>, or a flash dump). Bytes beyond the data count as erased.
    /// </summary>
    public static SlotTrailerState Read(ReadOnlySpan<byte> slot, long slotSize, BootloaderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        byte erased = config.ErasedValue;
        var magic = new byte[16];
        for (int i = 0; i < 16; i++)
        {
            magic[i] = ByteAt(slot, slotSize - 16 + i, erased);
        }

        TrailerFlag magicState;
        if (Array.TrueForAll(magic, b => b == erased))
        {
            magicState = TrailerFlag.Unset;
        }
        else
        {
            var expected = new ImageTrailer { MaxAlign = config.MaxAlign, Align = 1 }.MagicBytes(ByteOrder.LittleEndian);
            magicState = magic.AsSpan().SequenceEqual(expected) ? TrailerFlag.Set : TrailerFlag.Bad;
        }

        return new SlotTrailerState(
            magicState,
            Flag(ByteAt(slot, SlotLimits.ImageOkOffset(config, slotSize), erased), erased),
            Flag(ByteAt(slot, SlotLimits.CopyDoneOffset(config, slotSize), erased), erased));
    }

    /// <summary>
    /// <c>boot_swap_type_multi</c>: the first row of <c>boot_swap_tables</c> that matches this (secondary) trailer and
    /// <paramref name="primary"/> (erased when not given). Swap-offset has an extra first row (REVERT on a secondary
    /// with copy_done set).
    /// </summary>
    public SwapType SwapTypeWith(SlotTrailerState? primary, UpgradeMode mode)
    {
        primary ??= Erased;
        if (mode == UpgradeMode.SwapOffset && Magic == TrailerFlag.Set && ImageOk == TrailerFlag.Unset && CopyDone == TrailerFlag.Set)
        {
            return SwapType.Revert;
        }

        if (Magic == TrailerFlag.Set && ImageOk == TrailerFlag.Unset)
        {
            return SwapType.Test;
        }

        if (Magic == TrailerFlag.Set && ImageOk == TrailerFlag.Set)
        {
            return SwapType.Perm;
        }

        if (primary.Magic == TrailerFlag.Set && primary.ImageOk == TrailerFlag.Unset && primary.CopyDone == TrailerFlag.Set)
        {
            return SwapType.Revert;
        }

        return SwapType.None;
    }

    // boot_read_flag: erased → UNSET; boot_flag_decode: 0x01 → SET, anything else → BAD.
    private static TrailerFlag Flag(byte value, byte erased) => value == erased ? TrailerFlag.Unset : value == 0x01 ? TrailerFlag.Set : TrailerFlag.Bad;

    private static byte ByteAt(ReadOnlySpan<byte> data, long at, byte erased) => at >= 0 && at < data.Length ? data[(int)at] : erased;
}
