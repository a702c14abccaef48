namespace McuBoot.Build;

/// <summary>
/// Signing geometry given explicitly (build properties, item metadata, CLI options). Every non-null value wins over
/// what a partition layout derives (<see cref="SigningGeometry.Resolve(SigningGeometryOverrides, McuBoot.Layouts.ImageGeometry?, string)"/>).
/// </summary>
public sealed record SigningGeometryOverrides
{
    /// <summary>No overrides.</summary>
    public static SigningGeometryOverrides None { get; } = new();

    /// <summary>imgtool <c>--header-size</c>.</summary>
    public int? HeaderSize { get; init; }

    /// <summary>imgtool <c>--slot-size</c>.</summary>
    public long? SlotSize { get; init; }

    /// <summary>Address of the signed <c>.hex</c> (imgtool <c>--hex-addr</c>).</summary>
    public uint? HexAddress { get; init; }

    /// <summary>Address of the hex moved to the secondary slot (CPU address, XIP base included).</summary>
    public uint? SecondaryHexAddress { get; init; }

    /// <summary>Size of the secondary slot (the moved hex's trailer sits at its end).</summary>
    public long? SecondarySlotSize { get; init; }

    /// <summary>Link address of the image body, for the manifests (NCS <c>load_address</c>).</summary>
    public uint? LoadAddress { get; init; }

    /// <summary>imgtool <c>--align</c> (flash write-block size): 1, 2, 4, 8, 16 or 32.</summary>
    public int? Align { get; init; }

    /// <summary>imgtool <c>--pad-header</c> when given (CLI flag, MSBuild PadHeader); null lets <see cref="SigningGeometry.DecidePadHeader"/> decide.</summary>
    public bool? PadHeader { get; init; }

    /// <summary>imgtool <c>--overwrite-only</c> when given; null takes the build folder's.</summary>
    public bool? OverwriteOnly { get; init; }

    /// <summary>imgtool <c>--sha</c> when given; null takes the build folder's (else the key's default).</summary>
    public McuBoot.Image.ImageHashAlgorithm? Hash { get; init; }

    /// <summary>imgtool <c>--pure</c> when given; null takes the build folder's.</summary>
    public bool? Pure { get; init; }

    /// <summary>imgtool <c>--load-addr</c> (RAM load) when given; null takes the build folder's.</summary>
    public uint? RamLoadAddress { get; init; }

    /// <summary>imgtool <c>--rom-fixed</c> when given; null takes the build folder's.</summary>
    public uint? RomFixed { get; init; }
}
