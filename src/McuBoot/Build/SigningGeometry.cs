// partition-layouts-and-manifests.md §A.4 "Recommended derivation" and §E items 2-4: explicit values first, then the
// layout (pad size, primary size or the nRF5340 network core's secondary size, primary address, secondary address with
// the XIP base for external flash), then defaults (align 4 as NCS, §0 item 2); never a silent header size of 0.
using McuBoot.Diagnostics;
using McuBoot.Layouts;

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
    {
        ArgumentNullException.ThrowIfNull(overrides);
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
            Sources = string.Join(", ", sources),
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
