// Trailer sizes and the largest image per upgrade mode, as bootutil computes them at v2.4.0
// (mcuboot-acceptance-rules.md §7): bootutil_area.c:boot_trailer_info_sz / boot_status_entry_sz / boot_trailer_sz /
// boot_scratch_trailer_sz, bootutil_area.h BOOT_STATUS_STATE_COUNT, bootutil_misc.h boot_image_ok_off /
// boot_copy_done_off, bootutil_public.c:boot_swap_info_off, bootutil_misc.c:bootutil_max_image_size,
// swap_move.c:app_max_size, swap_offset.c:app_max_size, swap_scratch.c:app_max_size / app_max_size_adjust_to_trailer.
namespace McuBoot.Bootloader;

/// <summary>The trailer geometry and the image-size limit of a <see cref="BootloaderConfig"/>.</summary>
public static class SlotLimits
{
    /// <summary><c>BOOT_MAGIC_ALIGN_SIZE</c> = <c>align_up(16, BOOT_MAX_ALIGN)</c>.</summary>
    public static int MagicAlignSize(BootloaderConfig config) => AlignUp(16, Checked(config).MaxAlign);

    /// <summary>
    /// <c>BOOT_STATUS_STATE_COUNT</c> (<c>bootutil_area.h</c>): 3 for swap-scratch and swap-move, 2 for swap-offset, 0 for a
    /// single application slot (<c>boot_status_entry_sz</c>), 3 otherwise (not used by those modes' limits).
    /// </summary>
    public static int StatusStates(UpgradeMode mode) => mode switch
    {
        UpgradeMode.SwapOffset => 2,
        UpgradeMode.SingleApp => 0,
        _ => 3,
    };

    /// <summary>
    /// <c>boot_trailer_info_sz</c>: the two encryption key slots (<c>BOOT_ENC_KEY_ALIGN_SIZE</c>, or the whole encryption TLV
    /// with <c>MCUBOOT_SWAP_SAVE_ENCTLV</c>), swap_type + copy_done + image_ok + swap_size (4·MA), swap-offset's TLV-size
    /// field (MA) and the magic (M).
    /// </summary>
    public static int TrailerInfoSize(BootloaderConfig config)
    {
        Checked(config);
        int ma = config.MaxAlign;
        int keys = 0;
        if (config.Encryption != EncryptionScheme.None)
        {
            int one = config.SaveEncTlv ? EncryptionTlvSize(config) : (config.Aes256 ? 32 : 16);
            keys = 2 * AlignUp(one, ma);
        }

        return keys + (4 * ma) + (config.Mode == UpgradeMode.SwapOffset ? ma : 0) + MagicAlignSize(config);
    }

    /// <summary><c>boot_trailer_sz(BOOT_WRITE_SZ)</c> = N · states · W + <see cref="TrailerInfoSize"/>.</summary>
    public static long TrailerSize(BootloaderConfig config)
        => ((long)config.EffectiveMaxImageSectors * StatusStates(config.Mode) * Checked(config).WriteAlignment) + TrailerInfoSize(config);

    /// <summary><c>boot_scratch_trailer_sz</c> = states · W + <see cref="TrailerInfoSize"/> (swap-scratch).</summary>
    public static long ScratchTrailerSize(BootloaderConfig config)
        => ((long)StatusStates(config.Mode) * Checked(config).WriteAlignment) + TrailerInfoSize(config);

    /// <summary><c>bootutil_public.c:boot_swap_info_off</c> for a slot of <paramref name="slotSize"/> bytes: <c>S − M − 3·MA</c> (MA ≤ 16).</summary>
    public static long SwapInfoOffset(BootloaderConfig config, long slotSize) => CopyDoneOffset(config, slotSize) - config.MaxAlign;

    /// <summary><c>bootutil_misc.h:boot_image_ok_off</c> = <c>align_down(S − 16 − MA, MA)</c>.</summary>
    public static long ImageOkOffset(BootloaderConfig config, long slotSize)
    {
        int ma = Checked(config).MaxAlign;
        return (slotSize - 16 - ma) & ~(long)(ma - 1);
    }

    /// <summary><c>bootutil_misc.h:boot_copy_done_off</c> = image_ok − MA.</summary>
    public static long CopyDoneOffset(BootloaderConfig config, long slotSize) => ImageOkOffset(config, slotSize) - config.MaxAlign;

    /// <summary>
    /// <c>bootutil_misc.c:bootutil_max_image_size</c>: the largest <c>tlv_end</c> (header + body + both TLV areas) the
    /// bootloader accepts; the check in <c>bootutil_img_validate</c> is <c>img_sz &gt; limit</c>, so the limit itself passes.
    /// Null when the slot size is unknown. 0 means no image fits (swap-scratch with sectors larger than the scratch area).
    /// </summary>
    public static long? MaxImageSize(BootloaderConfig config)
    {
        Checked(config);
        if (config.PrimarySlotSize is not long primary)
        {
            return null;
        }

        long secondary = config.EffectiveSecondarySlotSize ?? primary;
        long e = config.SectorSize;
        switch (config.Mode)
        {
            case UpgradeMode.SingleApp:
                // boot_status_off(fap) = S − boot_trailer_sz, with no status entries in single-slot modes.
                return primary - TrailerInfoSize(config);
            case UpgradeMode.OverwriteOnly:
            case UpgradeMode.DirectXip:
            case UpgradeMode.RamLoad:
                return SwapInfoOffset(config, Math.Min(primary, secondary));
            case UpgradeMode.SwapMove:
            {
                // swap_move.c:app_max_size: the primary keeps one spare sector for the move.
                long trailer = AlignUp(TrailerSize(config), e);
                long pri = (primary / e * e) - trailer - e;
                long sec = (secondary / e * e) - trailer;
                return Math.Max(0, Math.Min(pri, sec));
            }

            case UpgradeMode.SwapOffset:
            {
                // swap_offset.c:app_max_size: the secondary image starts one sector in.
                long trailer = AlignUp(TrailerSize(config), e);
                long pri = (primary / e * e) - trailer;
                long sec = (secondary / e * e) - trailer - e;
                return Math.Max(0, Math.Min(pri, sec));
            }

            default:
            {
                // swap_scratch.c:app_max_size (uniform sectors: every pair is compatible; each must fit the scratch area),
                // then app_max_size_adjust_to_trailer.
                long scratch = config.ScratchSize ?? e;
                if (e > scratch)
                {
                    return 0;
                }

                long slot = Math.Min(primary, secondary) / e * e;
                long trailerSize = TrailerSize(config);
                long trailerOff = slot - trailerSize;
                long sectorsWithTrailer = (trailerSize + e - 1) / e;
                long firstTrailerSectorEnd = slot - ((sectorsWithTrailer - 1) * e);
                long inFirst = firstTrailerSectorEnd - trailerOff;
                long padding = Math.Max(0, ScratchTrailerSize(config) - inFirst);
                return Math.Max(0, trailerOff - padding);
            }
        }
    }

    /// <summary><c>BOOT_ENC_TLV_SIZE</c> (<c>include/bootutil/enc_key_public.h</c>) for the configured scheme and AES size; 0 without encryption.</summary>
    public static int EncryptionTlvSize(BootloaderConfig config) => config.Encryption switch
    {
        EncryptionScheme.Rsa => 256,
        EncryptionScheme.AesKeyWrap => config.Aes256 ? 40 : 24,
        EncryptionScheme.EcdhP256 => config.Aes256 ? 129 : 113,
        EncryptionScheme.X25519 => (config.Aes256 ? 96 : 80) + (config.HmacSha512 ? 32 : 0),
        _ => 0,
    };

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;

    private static int AlignUp(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static BootloaderConfig Checked(BootloaderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.MaxAlign is not (8 or 16 or 32))
        {
            throw new ArgumentException($"BOOT_MAX_ALIGN must be 8, 16 or 32, not {config.MaxAlign}.", nameof(config));
        }

        if (config.WriteAlignment is < 1 or > 32 || (config.WriteAlignment & (config.WriteAlignment - 1)) != 0)
        {
            throw new ArgumentException($"The write size must be a power of two from 1 to 32, not {config.WriteAlignment}.", nameof(config));
        }

        if (config.SectorSize <= 0)
        {
            throw new ArgumentException($"The sector size must be positive, not {config.SectorSize}.", nameof(config));
        }

        return config;
    }
}
