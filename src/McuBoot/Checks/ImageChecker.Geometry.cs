// Geometry and trailer checks: mcuboot-image-format.md §5.1 (trailer, boot magic per BOOT_MAX_ALIGN),
// §5.4/§5.5 (imgtool's trailer formula; overwrite-only limit is the swap_info offset S − M − 3A), §8 (HEX base address),
// §10.2 steps 4, 7, 8 (size strictly below the slot, ROM_FIXED load address); partition-layouts-and-manifests.md §A.4 (header = mcuboot_pad, slot = mcuboot_primary, hex base =
// primary address, secondary may be smaller), §D #17–#19, #33.
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Layouts;

namespace McuBoot.Checks;

public static partial class ImageChecker
{
    private static void CheckGeometry(Context ctx)
    {
        var parsed = ctx.Parsed!;
        var h = parsed.Header;
        var path = ctx.Image.Path;
        if (ctx.Geometry is not { } g)
        {
            return;
        }

        string layout = ctx.Layout?.SourcePath ?? "the layout";
        if (h.HeaderSize != g.HeaderSize)
        {
            ctx.Error(ErrorCodes.CheckHeaderSizeMismatch,
                $"{path} has a {Hex(h.HeaderSize)}-byte header but {layout} reserves {Hex(g.HeaderSize)} ({g.HeaderPartition ?? "header-size"}) for image {g.ImageIndex}: MCUboot starts the application at slot + {Hex(g.HeaderSize)}, so it jumps into the wrong place; sign with -H {Hex(g.HeaderSize)} and link the application at slot + {Hex(g.HeaderSize)} (CONFIG_ROM_START_OFFSET).");
        }

        var trailer = BootloaderTrailer(ctx, g);
        long trailerSize = TrailerSize(ctx, trailer);
        string trailerNote = $"{Hex(trailerSize)}-byte trailer ({(ctx.Request.OverwriteOnly ? "overwrite-only" : $"--align {trailer.Align}, -M {trailer.MaxSectors}")}, max-align {trailer.EffectiveMaxAlign}{(ctx.Encrypted ? ", encryption key slots" : string.Empty)})";
        if (!ctx.Compressed)
        {
            CheckFit(ctx, ErrorCodes.CheckTooLargeForPrimary, "primary", g.PrimaryPartition, g.SlotSize, trailerSize, trailerNote);
        }

        if (g.SecondarySize is uint secondary && (secondary < g.SlotSize || ctx.Compressed))
        {
            CheckFit(ctx, ErrorCodes.CheckTooLargeForSecondary, "secondary", g.SecondaryPartition ?? "secondary slot", secondary, trailerSize, trailerNote);
        }

        if (ctx.Image.Kind != FirmwareFileKind.Binary && ctx.Image.BaseAddress is uint imageBase && (g.HexBaseAddress ?? g.SecondaryHexAddress) is not null)
        {
            if (imageBase != g.HexBaseAddress && imageBase != g.SecondaryHexAddress)
            {
                string slots = $"the primary slot ({g.PrimaryPartition}) at {(g.HexBaseAddress is uint p ? $"0x{p:x8}" : "an unknown address")}"
                    + (g.SecondaryHexAddress is uint s ? $" or the secondary ({g.SecondaryPartition}) at 0x{s:x8}" : string.Empty);
                ctx.Error(ErrorCodes.CheckHexBaseMismatch,
                    $"{path} starts at 0x{imageBase:x8}, not at {slots} of {layout}: a programmer writes it there and MCUboot finds no image header in the slot; sign with --layout, or relocate with -x/--hex-addr 0x{g.HexBaseAddress ?? g.SecondaryHexAddress:x8}.");
            }
            else if (ctx.Encrypted && imageBase == g.HexBaseAddress && g.HexBaseAddress != g.SecondaryHexAddress)
            {
                ctx.Error(ErrorCodes.CheckEncryptedAtPrimary,
                    $"{path} is encrypted but placed at the primary slot (0x{imageBase:x8}): MCUboot only decrypts while installing from the secondary slot and cannot boot ciphertext; flash the plaintext image (or one signed with --clear) to the primary, and upload this one to the secondary{(g.SecondaryHexAddress is uint sa ? $" (0x{sa:x8}, -x)" : string.Empty)}.");
            }
        }

        if (parsed.Trailer is { MagicValid: true })
        {
            long length = ctx.Image.Data.Length;
            if (length != g.SlotSize && length != g.PrimarySize && length != (g.SecondarySize ?? 0))
            {
                ctx.Error(ErrorCodes.CheckPaddedSizeMismatch,
                    $"{path} is padded with a trailer (boot magic in its last 16 bytes) but is {Hex(length)} bytes long, not the {Hex(g.SlotSize)}-byte slot of {layout}: the magic lands {Hex(Math.Abs(g.SlotSize - length))} bytes {(length < g.SlotSize ? "before" : "after")} the slot end, so MCUboot does not see the upgrade request; sign with -S {Hex(g.SlotSize)}.");
            }
        }

        if ((h.Flags & ImageFlags.RomFixed) != 0)
        {
            uint?[] slots = [g.PrimaryAddress, g.SecondaryAddress, g.HexBaseAddress, g.SecondaryHexAddress];
            if (!slots.Contains(h.LoadAddress))
            {
                // Heuristic unless the mode is known: only direct-XIP reads ROM_FIXED (loader.c boot_rom_address_check).
                ctx.Warning(ErrorCodes.CheckRomFixedAddressMismatch,
                    $"{path} is ROM_FIXED for 0x{h.LoadAddress:x8}, which is not a slot address of image {g.ImageIndex} in {layout} (primary 0x{g.PrimaryAddress:x8}{(g.SecondaryAddress is uint sec ? $", secondary 0x{sec:x8}" : string.Empty)}): a direct-XIP bootloader skips the image (\"has been built for offset ...\"), swap and overwrite bootloaders ignore the flag; sign with -F <the slot address it is linked for>.");
            }
        }
    }

    private static void CheckFit(Context ctx, string code, string which, string partition, long slot, long trailerSize, string trailerNote)
    {
        var parsed = ctx.Parsed!;
        string path = ctx.Image.Path;
        long hashedEnd = parsed.HashedRegionEnd;
        long end = parsed.TlvEnd;
        if (hashedEnd >= slot)
        {
            ctx.Error(code,
                $"{path}: header + image + protected TLVs = {Hex(hashedEnd)} bytes is not below the {Hex(slot)}-byte {which} slot ({partition}): MCUboot rejects the header; make the firmware at least {end + trailerSize - slot} bytes smaller (with its trailer) or the {which} slot larger.");
        }
        else if (end + trailerSize > slot)
        {
            ctx.Error(code,
                $"{path}: the image ({Hex(end)} bytes with TLVs) plus its {trailerNote} is {Hex(end + trailerSize)} bytes, {end + trailerSize - slot} bytes more than the {Hex(slot)}-byte {which} slot ({partition}): MCUboot rejects it (\"TLV beyond image size\") or cannot swap it; make the firmware at least {end + trailerSize - slot} bytes smaller or the {which} slot larger.");
        }
    }

    private static ImageTrailer BootloaderTrailer(Context ctx, ImageGeometry? g)
    {
        var trailer = new ImageTrailer
        {
            Align = ctx.Request.Align ?? g?.WriteAlignment ?? (g is null ? 1 : 4),
            MaxAlign = ctx.Request.MaxAlign,
            MaxSectors = ctx.Request.MaxSectors,
            OverwriteOnly = ctx.Request.OverwriteOnly,
            Encrypted = ctx.Encrypted,
        };
        trailer.Validate();
        return trailer;
    }

    /// <summary>imgtool's trailer size (§5.4), except overwrite-only, where the bootloader's limit is the swap_info offset (M + 3A, §5.5).</summary>
    private static long TrailerSize(Context ctx, ImageTrailer trailer)
        => ctx.Request.OverwriteOnly ? trailer.MagicFieldSize + (3 * trailer.EffectiveMaxAlign) : trailer.Size;

    private static void CheckTrailer(Context ctx)
    {
        var parsed = ctx.Parsed!;
        var path = ctx.Image.Path;
        if (parsed.Trailer is { MagicValid: true } t)
        {
            if (ctx.Request.MaxAlign is int maxAlign && t.MaxAlign != maxAlign)
            {
                ctx.Error(ErrorCodes.CheckTrailerMaxAlignMismatch,
                    $"{path} has the trailer magic for BOOT_MAX_ALIGN {t.MaxAlign} but the bootloader uses {maxAlign}: MCUboot reads a bad magic and silently ignores the update; sign with --max-align {maxAlign}.");
            }

            if (ctx.Request.OverwriteOnly && t.ImageOk != 0x01)
            {
                ctx.Warning(ErrorCodes.CheckUnconfirmedOverwriteOnly,
                    $"{path} requests a test upgrade (trailer magic, image_ok not set), but the bootloader is overwrite-only: it installs the image for good and erases the old one, there is no revert if the new firmware fails; test it before release (the old image cannot come back).");
            }

            return;
        }

        long tail = parsed.FileLength - parsed.TlvEnd;
        if (tail > 0)
        {
            var rest = ctx.Image.Data.AsSpan((int)parsed.TlvEnd);
            if (rest.ContainsAnyExcept((byte)0xff) && rest.ContainsAnyExcept((byte)0x00))
            {
                ctx.Warning(ErrorCodes.CheckDataAfterTlvs,
                    $"{path} has {tail} bytes after its TLVs (at {Hex(parsed.TlvEnd)}) that are neither erased nor a valid trailer: a trailer written for another BOOT_MAX_ALIGN, or data appended after signing; MCUboot ignores them but will not see an upgrade request; re-sign with --pad/--confirm and the bootloader's --max-align, or strip the extra bytes.");
            }
        }
    }
}
