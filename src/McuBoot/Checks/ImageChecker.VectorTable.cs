// The vector table MCUboot jumps to: mcu-tools/mcuboot boot/zephyr/main.c do_boot() reads `struct arm_vector_table
// { uint32_t msp; uint32_t reset; }` at the image's execution address + ih_hdr_size (flash slot, the XIP mapping of an
// external slot, or ih_load_addr for RAM-load), sets MSP to the first word and branches to the second. The rules come
// from the architecture, not from MCUboot: Armv7-M ARM (DDI 0403) §B1.5.5 TakeReset (SP_main is loaded from the vector
// table with bits [1:0] forced to 0; EPSR.T is bit 0 of the reset vector, and executing with T = 0 is an INVSTATE
// UsageFault), §B3.1 the system address map (RAM only in the SRAM region 0x20000000-0x3FFFFFFF and the external RAM
// region 0x60000000-0x9FFFFFFF, besides tightly-coupled RAM an implementation may map into the Code region); Armv8-M ARM
// (DDI 0553) §B11, the same map, with Secure and Non-secure aliases inside each region. mcuboot-image-format.md §11
// item 32 (the header-size/link-offset mismatch this catches), mcuboot-acceptance-rules.md §2 row 10
// (MCUBOOT_VERIFY_IMG_ADDRESS also reads the reset vector at ih_hdr_size + 4).
using System.Buffers.Binary;
using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Checks;

public static partial class ImageChecker
{
    private static void CheckVectorTable(Context ctx)
    {
        var parsed = ctx.Parsed!;
        var h = parsed.Header;
        var path = ctx.Image.Path;
        if (ctx.Request.SkipVectorTable || ctx.Encrypted || ctx.Compressed
            || h.ImageSize < 8 || h.HeaderSize + 8L > ctx.Image.Data.Length)
        {
            return;
        }

        var body = ctx.Image.Data.AsSpan(h.HeaderSize);
        uint sp = BinaryPrimitives.ReadUInt32LittleEndian(body);
        uint reset = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        if (!CheckStackPointer(ctx, sp, body))
        {
            return;
        }

        if ((reset & 1) == 0)
        {
            ctx.Error(ErrorCodes.CheckResetVectorImplausible,
                $"{path}: the reset vector 0x{reset:x8} (second word after the header) is not a Thumb address (bit 0 clear): a Cortex-M faults on the jump (INVSTATE); the application's vector table is not at the header offset {Hex(h.HeaderSize)}: link it for slot + {Hex(h.HeaderSize)} (CONFIG_ROM_START_OFFSET), or pass --skip-vector-table for non-Cortex-M targets.");
            return;
        }

        CheckResetTarget(ctx, reset);
    }

    /// <summary>The initial stack pointer: word-aligned, in RAM (known RAM, else the architecture's RAM regions). False when it is an error.</summary>
    private static bool CheckStackPointer(Context ctx, uint sp, ReadOnlySpan<byte> body)
    {
        var h = ctx.Parsed!.Header;
        var path = ctx.Image.Path;
        var known = KnownRam(ctx);
        bool inKnown = known.Any(r => r.HoldsStackPointer(sp));
        bool inRegion = ArmMemoryMap.IsInRamRegion(sp);
        if (!inKnown && !inRegion)
        {
            string hint = sp == 0 && body[..Math.Min(body.Length, 64)].IndexOfAnyExcept((byte)0) < 0
                ? "the body starts with zeros: the input already contained the zeroed header area and was signed with --pad-header, so the code is shifted by one header; sign it without --pad-header"
                : sp == 0xffffffff
                    ? "the body starts with erased bytes (0xff): the input has a gap at its start; pass the firmware built for the slot"
                    : $"the application was not linked to start at slot + {Hex(h.HeaderSize)}: set CONFIG_ROM_START_OFFSET (or the linker's vector-table offset) to {Hex(h.HeaderSize)}, or sign with -H equal to the offset it was linked with (if the stack really is in a tightly-coupled RAM there, pass --ram-start/--ram-size; for non-Cortex-M targets pass --skip-vector-table)";
            string ram = known.Count == 0
                ? "the Cortex-M RAM regions 0x20000000-0x3FFFFFFF and 0x60000000-0x9FFFFFFF"
                : $"{string.Join(", ", known)} nor in the Cortex-M RAM regions 0x20000000-0x3FFFFFFF and 0x60000000-0x9FFFFFFF";
            ctx.Error(ErrorCodes.CheckStackPointerImplausible,
                $"{path}: the first word after the {Hex(h.HeaderSize)}-byte header, 0x{sp:x8}, is the initial stack pointer MCUboot loads, but it is in {ArmMemoryMap.RegionOf(sp)}, not in {ram}: the image would crash right after the jump; {hint}.");
            return false;
        }

        if ((sp & 3) != 0)
        {
            ctx.Error(ErrorCodes.CheckStackPointerMisaligned,
                $"{path}: the first word after the {Hex(h.HeaderSize)}-byte header, 0x{sp:x8}, is not word-aligned, so it is no initial stack pointer (a linker places the stack top on an 8-byte boundary): the vector table is not at the header offset; link the application for slot + {Hex(h.HeaderSize)} (CONFIG_ROM_START_OFFSET) or sign with -H equal to the offset it was linked with (for non-Cortex-M targets pass --skip-vector-table).");
            return false;
        }

        if (known.Count > 0 && !inKnown)
        {
            ctx.Warning(ErrorCodes.CheckStackPointerOutsideKnownRam,
                $"{path}: the initial stack pointer 0x{sp:x8} is in {ArmMemoryMap.RegionOf(sp)} but outside the RAM the build names ({string.Join(", ", known)}): fine if the stack is in another RAM (DTCM, SDRAM, a second SRAM bank), otherwise the application was linked for another device or without the {Hex(h.HeaderSize)} header offset; pass that RAM with --ram-start/--ram-size to silence this.");
        }

        return true;
    }

    /// <summary>The reset handler must be code of the image where it executes: the primary slot, its XIP mapping, or the RAM-load address.</summary>
    private static void CheckResetTarget(Context ctx, uint reset)
    {
        var h = ctx.Parsed!.Header;
        var path = ctx.Image.Path;
        var g = ctx.Geometry;
        long target = reset & ~1u;
        long bodyEnd = h.HeaderSize + (long)h.ImageSize;
        var ranges = new List<(long Lo, long Hi, string Where)>();
        bool confirmed;
        if ((h.Flags & ImageFlags.RamLoad) != 0 && h.LoadAddress != 0)
        {
            // RAM-load: boot_load_image_to_sram copies the slot from offset 0 to ih_load_addr; do_boot jumps to load + header.
            ranges.Add((h.LoadAddress + (long)h.HeaderSize, h.LoadAddress + bodyEnd, $"the RAM-load address 0x{h.LoadAddress:x8} (-L)"));
            confirmed = true;
        }
        else if (g is not null && !g.IsNetworkCore && g.HexBaseAddress is uint primary)
        {
            ranges.Add((primary + (long)h.HeaderSize, primary + (long)g.SlotSize, $"slot {g.PrimaryPartition} of {ctx.Layout?.SourcePath}"));
            if ((h.Flags & ImageFlags.RomFixed) != 0 && g.SecondaryHexAddress is uint secondary && g.SecondarySize is uint secondarySize)
            {
                // Direct-XIP runs the image in whichever slot it was built for.
                ranges.Add((secondary + (long)h.HeaderSize, secondary + (long)secondarySize, $"slot {g.SecondaryPartition}"));
            }

            confirmed = true;
        }
        else if (g is null)
        {
            // No layout: the image's own placement (a .hex/ELF address, or the ROM_FIXED address) is only a guess.
            if (ctx.Image.BaseAddress is uint imageBase)
            {
                ranges.Add((imageBase + (long)h.HeaderSize, imageBase + bodyEnd, $"the image's own range (it starts at 0x{imageBase:x8})"));
            }

            if ((h.Flags & ImageFlags.RomFixed) != 0)
            {
                ranges.Add((h.LoadAddress + (long)h.HeaderSize, h.LoadAddress + bodyEnd, $"its ROM_FIXED address 0x{h.LoadAddress:x8}"));
            }

            confirmed = false;
        }
        else
        {
            return;
        }

        if (ranges.Count == 0 || ranges.Any(r => target >= r.Lo && target < r.Hi))
        {
            return;
        }

        var first = ranges[0];
        string where = string.Join(" or ", ranges.Select(r => $"0x{r.Lo:x8}..0x{r.Hi - 1:x8} of {r.Where}"));
        if (confirmed)
        {
            ctx.Error(ErrorCodes.CheckResetVectorImplausible,
                $"{path}: the reset vector 0x{reset:x8} points outside the code {where}: the application was linked for another address (another slot, or without the {Hex(h.HeaderSize)} header offset); link it for 0x{first.Lo:x8} (the slot address + CONFIG_ROM_START_OFFSET) or fix the layout.");
        }
        else
        {
            ctx.Warning(ErrorCodes.CheckResetVectorOutsideImage,
                $"{path}: the reset vector 0x{reset:x8} points outside the code {where}: fine for an update placed at the secondary slot (it runs from the primary), otherwise the application was linked for another address or without the {Hex(h.HeaderSize)} header offset; pass --layout to check it against the slot it runs from.");
        }
    }

    /// <summary>The RAM the build names: <c>--ram-start/--ram-size</c>, <see cref="CheckRequest.KnownRam"/>, the layout's <c>sram_primary</c>.</summary>
    private static List<RamRange> KnownRam(Context ctx)
    {
        var known = new List<RamRange>();
        if (ctx.Request.RamStart is uint start)
        {
            known.Add(new RamRange(start, ctx.Request.RamSize ?? 0x1000_0000u, "--ram-start/--ram-size"));
        }

        known.AddRange(ctx.Request.KnownRam);
        var sram = ctx.Layout?.Partitions.Where(p => p.Region == "sram_primary").ToList();
        if (sram is { Count: > 0 })
        {
            ulong lo = sram.Min(p => (ulong)p.Address);
            ulong hi = sram.Max(p => p.End);
            known.Add(new RamRange(lo, hi - lo, $"sram_primary of {ctx.Layout!.SourcePath}"));
        }

        return known;
    }
}
