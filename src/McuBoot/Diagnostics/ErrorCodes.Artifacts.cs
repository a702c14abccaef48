namespace McuBoot.Diagnostics;

/// <summary>
/// Release artifacts: the imgtool fork's options (MCUB140x), the image manifest TLV, the factory <c>merged.hex</c> and
/// the DFU package validator (MCUB33xx), NCS artifact names (MCUB735x) and merged-hex checks (MCUB88xx).
/// </summary>
public static partial class ErrorCodes
{
    /// <summary>A <c>--compression-lzma-*</c> value is outside what LZMA2 and liblzma accept.</summary>
    public const string InvalidLzmaSetting = "MCUB1401";

    /// <summary><c>--pad-value</c> is not 0 or 0xff, or contradicts <c>-R</c>.</summary>
    public const string InvalidPadValue = "MCUB1402";

    /// <summary>The <c>--manifest</c> YAML is malformed (format, indices, hash lengths).</summary>
    public const string InvalidImageManifest = "MCUB3301";

    /// <summary>An image a <c>--manifest</c> names by path does not verify.</summary>
    public const string ManifestImageInvalid = "MCUB3302";

    /// <summary>Two parts of a factory <c>merged.hex</c> overlap (the message names both address ranges).</summary>
    public const string FactoryImageOverlap = "MCUB3310";

    /// <summary>A factory-image part is unusable (not found, empty, or a .bin without an address).</summary>
    public const string FactoryImagePartInvalid = "MCUB3311";

    /// <summary>The DFU package is not a readable zip or has no <c>manifest.json</c>.</summary>
    public const string DfuPackageUnreadable = "MCUB3320";

    /// <summary>A field a DFU app requires is missing from <c>manifest.json</c>.</summary>
    public const string DfuManifestFieldMissing = "MCUB3321";

    /// <summary>A <c>manifest.json</c> field has the wrong JSON type for a DFU app (e.g. <c>image_index</c> as a number).</summary>
    public const string DfuManifestFieldType = "MCUB3322";

    /// <summary>A file named by <c>manifest.json</c> is not in the zip.</summary>
    public const string DfuFileMissing = "MCUB3323";

    /// <summary>A file's <c>size</c> in <c>manifest.json</c> differs from its size in the zip.</summary>
    public const string DfuFileSizeMismatch = "MCUB3324";

    /// <summary>One file name contains another, so the iOS library's substring match picks the wrong file.</summary>
    public const string DfuFileNameAmbiguous = "MCUB3325";

    /// <summary>An image in the package has no hash TLV, more than one, or one of the wrong length.</summary>
    public const string DfuImageHashTlv = "MCUB3326";

    /// <summary>An image in the package is not an MCUboot image, or two entries share an image index and slot.</summary>
    public const string DfuImageInvalid = "MCUB3327";

    /// <summary>Warning: SHA-512/384 images, which smpmgr up to 0.18 and older Android readers reject or mis-hash.</summary>
    public const string DfuHashClientCompatibility = "MCUB3351";

    /// <summary>Warning: a <c>manifest.json</c> field DFU apps ignore or misread (unknown <c>format-version</c>, extra entries).</summary>
    public const string DfuManifestNote = "MCUB3352";

    /// <summary><c>McuBootArtifactNaming</c> / <c>--naming</c> is not <c>default</c>, <c>ncs</c>, <c>ncs-sysbuild</c> or <c>ncs-pm</c>.</summary>
    public const string InvalidArtifactNaming = "MCUB7351";

    /// <summary>Warning: the build created a development signing key (McuBootGenerateDevelopmentKey); not for shipping firmware.</summary>
    public const string DevelopmentKeyCreated = "MCUB7352";

    /// <summary>A merged hex given to <c>check</c> holds no MCUboot image at the layout's slot or no bootloader at its partition.</summary>
    public const string MergedHexPartMissing = "MCUB8801";
}
