// partition-layouts-and-manifests.md §A.4 "Recommended derivation" and §E items 2-4: explicit values first, then the
// layout (pad size, primary size or the nRF5340 network core's secondary size, primary address, secondary address with
// the XIP base for external flash), then defaults (align 4 as NCS, §0 item 2); never a silent header size of 0.
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Layouts;
using McuBoot.Zephyr;

namespace McuBoot.Build;

/// <summary>
/// The imgtool geometry one image is signed with, after explicit values and the partition layout were combined.
/// <see cref="Sources"/> says where each value came from, for logs.
/// </summary>
public sealed record SigningGeometry
{
    /// <summary>The <c>--align</c> used when neither an explicit value nor the layout gives one (NCS's fallback).</summary>
    public const int DefaultAlign = 4;

    /// <summary>imgtool <c>--header-size</c>.</summary>
    public required int HeaderSize { get; init; }

    /// <summary>imgtool <c>--slot-size</c>.</summary>
    public required long SlotSize { get; init; }

    /// <summary>imgtool <c>--align</c>.</summary>
    public required int Align { get; init; }

    /// <summary>Address of the signed <c>.hex</c>; null when unknown (then the input HEX's own address is used, if any).</summary>
    public uint? HexAddress { get; init; }

    /// <summary>CPU address of the secondary slot for a moved hex; null when unknown or there is no secondary.</summary>
    public uint? SecondaryHexAddress { get; init; }

    /// <summary>Secondary slot size, when known.</summary>
    public long? SecondarySlotSize { get; init; }

    /// <summary>Link address of the image body (NCS manifest <c>load_address</c>); null when unknown.</summary>
    public uint? LoadAddress { get; init; }

    /// <summary>True for an nRF5340 network-core image (primary slot in <c>ram_flash</c>).</summary>
    public bool IsNetworkCore { get; init; }

    /// <summary>The layout geometry the values came from, or null without a layout.</summary>
    public ImageGeometry? Layout { get; init; }

    /// <summary>The Zephyr / NCS build folder the values came from, or null.</summary>
    public ZephyrBuildGeometry? Build { get; init; }

    /// <summary>An explicit <c>--pad-header</c> choice, or null to decide from the input (<see cref="DecidePadHeader"/>).</summary>
    public bool? PadHeader { get; init; }

    /// <summary>What the geometry's source does when the input does not say (NCS pads; Zephyr's cmake does not); null: imgtool's default, no padding.</summary>
    public bool? SourcePadsHeader { get; init; }

    /// <summary>imgtool <c>--overwrite-only</c>.</summary>
    public bool OverwriteOnly { get; init; }

    /// <summary>imgtool <c>--sha</c>, or null for the key's default.</summary>
    public ImageHashAlgorithm? Hash { get; init; }

    /// <summary>imgtool <c>--pure</c>.</summary>
    public bool Pure { get; init; }

    /// <summary>imgtool <c>--load-addr</c> (RAM load), or null.</summary>
    public uint? RamLoadAddress { get; init; }

    /// <summary>imgtool <c>--rom-fixed</c>, or null.</summary>
    public uint? RomFixed { get; init; }

    /// <summary>One line naming the origin of each value, e.g. <c>header 0x200 (mcuboot_pad), slot 0x76000 (mcuboot_primary), ...</c>.</summary>
    public required string Sources { get; init; }

    /// <summary>
    /// Combines <paramref name="overrides"/> (which win) with <paramref name="layout"/> (may be null).
    /// </summary>
    /// <param name="overrides">Explicit values.</param>
    /// <param name="layout">The image's layout geometry, or null.</param>
    /// <param name="imageDescription">Names the image in error messages, e.g. <c>image 0 (/abs/app.hex)</c>.</param>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.SigningGeometryMissing"/> when the header or slot size is unknown.</exception>
    public static SigningGeometry Resolve(SigningGeometryOverrides overrides, ImageGeometry? layout, string imageDescription)
        => Resolve(overrides, layout, null, imageDescription);

    /// <summary>
    /// Combines <paramref name="overrides"/> (which win), a partition layout's geometry (next) and a Zephyr / NCS build
    /// folder's derivation (last): the one place where the CLI's <c>sign</c> and the MSBuild task decide the imgtool
    /// arguments.
    /// </summary>
    /// <param name="overrides">Explicit values.</param>
    /// <param name="layout">The image's layout geometry, or null.</param>
    /// <param name="build">The build folder's derivation (used when it is for this image), or null.</param>
    /// <param name="imageDescription">Names the image in error messages.</param>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.SigningGeometryMissing"/> when the header or slot size is unknown.</exception>
    public static SigningGeometry Resolve(SigningGeometryOverrides overrides, ImageGeometry? layout, ZephyrBuildGeometry? build, string imageDescription)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var buildArgs = build?.Arguments;
        if (layout is null && build is not null)
        {
            // The build folder's slot geometry, with the hex and update addresses of the slot the image is built for.
            layout = build.Images.FirstOrDefault(i => i.ImageIndex == buildArgs!.ImageIndex) ?? build.Image;
            layout = layout with
            {
                HeaderSize = buildArgs!.HeaderSize,
                SlotSize = buildArgs.SlotSize,
                WriteAlignment = buildArgs.Align,
                HexBaseAddress = buildArgs.HexAddress,
                SecondaryHexAddress = buildArgs.UpdateHexAddress,
                SecondarySize = buildArgs.UpdateSlotSize ?? layout.SecondarySize,
                HeaderPartition = build.Source("header_size") is { } hs ? $"{System.IO.Path.GetFileName(hs.File ?? string.Empty)}:{hs.Line} {hs.Rule.Split(' ')[0]}" : layout.HeaderPartition,
            };
        }
        else
        {
            buildArgs = null;
        }

        var sources = new List<string>();
        int header = overrides.HeaderSize ?? layout?.HeaderSize ?? throw Missing(imageDescription, "header size", "mcuboot_pad", "McuBootHeaderSize", "-H");
        sources.Add($"header 0x{header:x} ({Source(overrides.HeaderSize, layout?.HeaderPartition ?? "layout header-size")})");

        long slot = overrides.SlotSize ?? layout?.SlotSize ?? throw Missing(imageDescription, "slot size", "mcuboot_primary", "McuBootSlotSize", "-S");
        string slotSource = layout is { IsNetworkCore: true } ? $"{layout.SecondaryPartition}, nRF5340 network core" : layout?.PrimaryPartition ?? "layout";
        sources.Add($"slot 0x{slot:x} ({Source(overrides.SlotSize, slotSource)})");

        int align = overrides.Align ?? layout?.WriteAlignment ?? DefaultAlign;
        sources.Add($"align {align} ({(overrides.Align.HasValue ? "explicit" : layout?.WriteAlignment.HasValue == true ? "layout write-alignment" : "default")})");

        uint? hex = overrides.HexAddress ?? layout?.HexBaseAddress;
        if (hex.HasValue)
        {
            sources.Add($"hex 0x{hex.Value:x} ({Source(overrides.HexAddress, layout?.PrimaryPartition ?? "layout")})");
        }

        uint? secondaryHex = overrides.SecondaryHexAddress ?? layout?.SecondaryHexAddress;
        long? secondarySize = overrides.SecondarySlotSize ?? layout?.SecondarySize;
        if (secondaryHex.HasValue)
        {
            sources.Add($"secondary 0x{secondaryHex.Value:x} ({Source(overrides.SecondaryHexAddress, layout?.SecondaryPartition ?? "layout")})");
        }

        uint? load = overrides.LoadAddress ?? layout?.LoadAddress;
        if (load.HasValue)
        {
            sources.Add($"load 0x{load.Value:x} ({Source(overrides.LoadAddress, layout?.AppPartition ?? layout?.PrimaryPartition + " + header")})");
        }

        bool overwriteOnly = overrides.OverwriteOnly ?? buildArgs?.OverwriteOnly ?? false;
        var hash = overrides.Hash ?? (buildArgs?.Sha == 512 ? ImageHashAlgorithm.Sha512 : null);
        bool pure = overrides.Pure ?? buildArgs?.Pure ?? false;
        uint? ramLoad = overrides.RamLoadAddress ?? buildArgs?.LoadAddress;
        uint? romFixed = overrides.RomFixed ?? buildArgs?.RomFixed;
        if (overwriteOnly)
        {
            sources.Add($"overwrite-only ({(overrides.OverwriteOnly.HasValue ? "explicit" : "build")})");
        }

        if (hash is not null || pure)
        {
            sources.Add($"{(pure ? "pure" : "sha " + hash)} ({(overrides.Hash.HasValue || overrides.Pure.HasValue ? "explicit" : "build")})");
        }

        if (ramLoad.HasValue)
        {
            sources.Add($"load-addr 0x{ramLoad.Value:x} ({(overrides.RamLoadAddress.HasValue ? "explicit" : "build")})");
        }

        if (romFixed.HasValue)
        {
            sources.Add($"rom-fixed 0x{romFixed.Value:x} ({(overrides.RomFixed.HasValue ? "explicit" : "build")})");
        }

        return new SigningGeometry
        {
            HeaderSize = header,
            SlotSize = slot,
            Align = align,
            HexAddress = hex,
            SecondaryHexAddress = secondaryHex,
            SecondarySlotSize = secondarySize,
            LoadAddress = load,
            IsNetworkCore = layout?.IsNetworkCore ?? false,
            Layout = layout,
            Build = buildArgs is null ? null : build,
            PadHeader = overrides.PadHeader,
            SourcePadsHeader = buildArgs is not null ? buildArgs.PadHeader : layout is not null ? true : null,
            OverwriteOnly = overwriteOnly,
            Hash = hash,
            Pure = pure,
            RamLoadAddress = ramLoad,
            RomFixed = romFixed,
            Sources = string.Join(", ", sources),
        };
    }

    /// <summary>
    /// Whether to add the header in front of the input (imgtool <c>--pad-header</c>), the same way for the CLI and the
    /// MSBuild task: an explicit choice wins; else a HEX linked right after the header of the known slot is padded and
    /// one starting at the slot is not (Zephyr leaves <c>CONFIG_ROM_START_OFFSET</c> zero bytes there); else what the
    /// geometry's source does (NCS: pad; Zephyr's cmake/mcuboot.cmake: not); else the input decides: one that does not
    /// start with header-size zero bytes has no room for the header (imgtool would refuse it unpadded, IMG L459-465).
    /// </summary>
    /// <param name="inputBase">The input HEX's start address, or null for a binary.</param>
    /// <param name="input">The input's bytes (only its first <see cref="HeaderSize"/> bytes are looked at).</param>
    public bool DecidePadHeader(uint? inputBase, ReadOnlySpan<byte> input)
    {
        if (PadHeader is bool explicitChoice)
        {
            return explicitChoice;
        }

        if (HexAddress is uint slot && inputBase is uint start)
        {
            if ((ulong)start == (ulong)slot + (uint)HeaderSize)
            {
                return true;
            }

            if (start == slot)
            {
                return false;
            }
        }

        if (SourcePadsHeader is bool sourceRule)
        {
            return sourceRule;
        }

        var head = input[..Math.Min(HeaderSize, input.Length)];
        return head.Length > 0 && head.IndexOfAnyExcept((byte)0) >= 0;
    }

    /// <summary>
    /// Where the signed <c>.hex</c> goes, the same way for the CLI and the MSBuild task: an explicit address, else the
    /// slot's (layout or build folder), else the input HEX's own (header-adjusted) start; null for a binary without either.
    /// </summary>
    /// <param name="explicitAddress">imgtool <c>--hex-addr</c> / MSBuild HexAddress, or null.</param>
    /// <param name="imageBase">The signed image's own base address (the input HEX's, moved back by a padded header), or null.</param>
    public uint? OutputHexAddress(uint? explicitAddress, uint? imageBase)
        => explicitAddress ?? HexAddress ?? (IsNetworkCore ? null : imageBase);

    /// <summary>Puts the resolved imgtool arguments into <paramref name="options"/> (header, slot, align, overwrite-only, hash, pure, load-addr, rom-fixed).</summary>
    public ImageSignOptions ApplyTo(ImageSignOptions options, uint? inputBase, ReadOnlySpan<byte> input)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            HeaderSize = HeaderSize,
            SlotSize = SlotSize,
            PadHeader = DecidePadHeader(inputBase, input),
            Trailer = options.Trailer with { Align = Align, OverwriteOnly = OverwriteOnly },
            Hash = Hash ?? options.Hash,
            Pure = Pure || options.Pure,
            LoadAddress = RamLoadAddress ?? options.LoadAddress,
            RomFixed = RomFixed ?? options.RomFixed,
        };
    }

    private static string Source<T>(T? explicitValue, string layoutSource)
        where T : struct
        => explicitValue.HasValue ? "explicit" : layoutSource;

    private static McuBootException Missing(string image, string what, string partition, string property, string option)
        => new(ErrorCodes.SigningGeometryMissing,
            $"No {what} for {image}: give a partition layout with {partition} (MSBuild McuBootPartitionLayout, CLI --layout) or set the {what} explicitly (MSBuild {property}, CLI {option}).")
        { ExitCode = ExitCodes.Usage };
}
