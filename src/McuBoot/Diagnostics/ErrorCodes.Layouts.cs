namespace McuBoot.Diagnostics;

/// <summary>MCUB6xxx: partition layouts (reading YAML layouts and deriving MCUboot signing geometry).</summary>
public static partial class ErrorCodes
{
    // ---- reading (MCUB600x) ----

    /// <summary>The layout file does not exist (thrown as <see cref="McuBootException"/>).</summary>
    public const string LayoutNotFound = "MCUB6001";

    /// <summary>The file is not valid YAML (syntax error, duplicate key, binary content).</summary>
    public const string LayoutNotYaml = "MCUB6002";

    /// <summary>The file is YAML but holds no partitions at all.</summary>
    public const string LayoutNoPartitions = "MCUB6003";

    /// <summary>The YAML is neither Partition Manager schema nor the <c>mcuboot-layout</c> schema.</summary>
    public const string LayoutUnknownSchema = "MCUB6004";

    /// <summary>A partition (or slot) lacks a required key such as <c>address</c> or <c>size</c>.</summary>
    public const string LayoutMissingField = "MCUB6005";

    /// <summary>A number is neither decimal nor <c>0x</c> hex, or does not fit 32 bits.</summary>
    public const string LayoutInvalidNumber = "MCUB6006";

    /// <summary>A value has the wrong shape or refers to something that does not exist (mcuboot-layout schema).</summary>
    public const string LayoutInvalidValue = "MCUB6007";

    /// <summary>An unknown key in the mcuboot-layout schema (probably a typo); it is ignored.</summary>
    public const string LayoutUnknownKey = "MCUB6008";

    // ---- structural lint (MCUB601x) ----

    /// <summary><c>end_address</c> contradicts <c>address + size</c> (size is used).</summary>
    public const string LayoutEndAddressMismatch = "MCUB6010";

    /// <summary>Two leaf partitions in the same region overlap.</summary>
    public const string LayoutPartitionsOverlap = "MCUB6011";

    /// <summary>A partition listed in a container's <c>span</c> lies outside the container.</summary>
    public const string LayoutSpanOutsideContainer = "MCUB6012";

    /// <summary>Static partitions in an external (start_to_end) region are not packed from offset 0.</summary>
    public const string LayoutExternalNotPacked = "MCUB6013";

    /// <summary>A partition's size differs from the partition its <c>share_size</c> names.</summary>
    public const string LayoutShareSizeMismatch = "MCUB6014";

    // ---- MCUboot geometry (MCUB602x) ----

    /// <summary>No MCUboot geometry: <c>mcuboot_primary</c>/<c>mcuboot_pad</c> (or image N's slots) are missing.</summary>
    public const string LayoutNoMcuBootGeometry = "MCUB6020";

    /// <summary>A primary slot exists but no <c>mcuboot_pad</c>: the header size is unknown.</summary>
    public const string LayoutMissingHeaderPad = "MCUB6021";

    /// <summary>The header (pad) size is below imgtool's minimum of 32 or above the u16 header field.</summary>
    public const string LayoutInvalidHeaderSize = "MCUB6022";

    /// <summary>The secondary slot is smaller than the primary slot.</summary>
    public const string LayoutSecondarySmaller = "MCUB6023";

    /// <summary>A slot's address or size is not a multiple of the erase sector/page size.</summary>
    public const string LayoutSlotNotAligned = "MCUB6024";

    /// <summary>The app (load) address or the pad's address does not agree with primary address + pad.</summary>
    public const string LayoutLoadAddressMismatch = "MCUB6025";

    /// <summary><c>size(mcuboot_primary)</c> differs from <c>size(mcuboot_pad) + size(mcuboot_primary_app)</c>.</summary>
    public const string LayoutPrimarySizeMismatch = "MCUB6026";

    /// <summary>An nRF5340 network-core image (primary in <c>ram_flash</c>) has no secondary slot to take its slot size from.</summary>
    public const string LayoutNetCoreSecondaryMissing = "MCUB6027";

    // ---- hostile YAML and incomplete MCUboot sets (MCUB61xx) ----
    /// <summary>The layout YAML nests deeper than <see cref="McuBoot.Layouts.LayoutReader.MaxDepth"/> levels.</summary>
    public const string LayoutTooDeep = "MCUB6101";

    /// <summary>The layout YAML uses an alias as a mapping key, or its aliases expand to more than <see cref="McuBoot.Layouts.LayoutReader.MaxExpandedNodes"/> nodes.</summary>
    public const string LayoutAliasExpansion = "MCUB6102";

    /// <summary>A Partition Manager layout has part of the MCUboot partition set (e.g. mcuboot_pad or mcuboot_primary_app) but not mcuboot_primary; the message names the missing partition and any near-miss spelling.</summary>
    public const string LayoutIncompleteMcuBootSet = "MCUB6103";
}
