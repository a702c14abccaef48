namespace McuBoot.Manifests;

/// <summary>
/// One image in an NCS <c>dfu_application.zip</c> (partition-layouts-and-manifests.md §B.1 per-file fields).
/// </summary>
public sealed record DfuPackageEntry
{
    /// <summary>The image file to put into the zip.</summary>
    public required string SourcePath { get; init; }

    /// <summary>Its name inside the zip (<c>file</c>); default the source file name.</summary>
    public string? FileName { get; init; }

    /// <summary>MCUboot image index (<c>image_index</c>, written as a string as NCS does).</summary>
    public required int ImageIndex { get; init; }

    /// <summary>Link address of the image body (<c>load_address</c>, an integer).</summary>
    public required uint LoadAddress { get; init; }

    /// <summary><c>board</c> (required by the iOS app; empty when unknown).</summary>
    public string Board { get; init; } = string.Empty;

    /// <summary><c>soc</c> (required by the iOS app; empty when unknown).</summary>
    public string Soc { get; init; } = string.Empty;

    /// <summary><c>version_MCUBOOT</c>: the image version as imgtool prints it (<c>1.2.3+0</c>).</summary>
    public required string Version { get; init; }

    /// <summary>
    /// Direct-XIP: the slot the image is linked for (<c>slot</c>, a string), written with <c>version_MCUBOOT+XIP</c>
    /// instead of <c>slot_index_*</c> and <c>version_MCUBOOT</c> (sdk-nrf cmake/sysbuild/zip.cmake). Null otherwise.
    /// </summary>
    public int? Slot { get; init; }

    /// <summary><c>type</c>: <c>application</c> (or <c>mcuboot</c> for bootloader updates).</summary>
    public string Type { get; init; } = "application";

    /// <summary>The name inside the zip.</summary>
    public string ZipName => FileName ?? Path.GetFileName(SourcePath);
}
