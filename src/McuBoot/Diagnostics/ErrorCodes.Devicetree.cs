namespace McuBoot.Diagnostics;

/// <summary>MCUB62xx: Zephyr / NCS build folders (flattened devicetree, Kconfig <c>.config</c> files, derived signing arguments).</summary>
public static partial class ErrorCodes
{
    // ---- devicetree (MCUB620x) ----

    /// <summary>The devicetree file (<c>zephyr.dts</c>) does not exist.</summary>
    public const string DtsNotFound = "MCUB6201";

    /// <summary>Devicetree syntax error (the message gives file:line).</summary>
    public const string DtsSyntax = "MCUB6202";

    /// <summary>The file still has C preprocessor directives: devicetree source, not the build's flattened <c>zephyr.dts</c>.</summary>
    public const string DtsNotPreprocessed = "MCUB6203";

    /// <summary>The devicetree exceeds a limit (file size, nesting depth, node count, expression depth).</summary>
    public const string DtsTooLarge = "MCUB6204";

    /// <summary>A reference (<c>&amp;label</c>, a path, a chosen node) names no node.</summary>
    public const string DtsUnresolvedReference = "MCUB6205";

    // ---- Kconfig (MCUB621x) ----

    /// <summary>A <c>.config</c> line is neither <c>CONFIG_X=value</c>, <c># CONFIG_X is not set</c> nor a comment, or the file is too large.</summary>
    public const string KconfigSyntax = "MCUB6210";

    // ---- build folders (MCUB622x: errors) ----

    /// <summary>The folder is not a Zephyr/NCS build folder (no <c>zephyr/zephyr.dts</c> or <c>.config</c> found).</summary>
    public const string BuildDirNotFound = "MCUB6220";

    /// <summary>A sysbuild folder holds several application images and none was chosen.</summary>
    public const string BuildDirAmbiguousImage = "MCUB6221";

    /// <summary>The devicetree has no MCUboot slot (<c>slot0_partition</c>...) or no slot contains the code partition.</summary>
    public const string BuildDirNoSlot = "MCUB6222";

    /// <summary>The header size the build gives (<c>CONFIG_ROM_START_OFFSET</c> + code offset) is below imgtool's 32 or above 0xffff.</summary>
    public const string BuildDirInvalidHeaderSize = "MCUB6223";

    /// <summary>The <c>write-block-size</c> of the <c>zephyr,flash</c> node is not an <c>--align</c> imgtool accepts (1..32, a power of two).</summary>
    public const string BuildDirUnsupportedAlign = "MCUB6224";

    /// <summary>The signing key the build names cannot be found (relative path searched as the build searches it).</summary>
    public const string BuildDirKeyNotFound = "MCUB6225";

    // ---- build folders (MCUB623x: warnings) ----

    /// <summary>Warning: the application's Kconfig mode (or sysbuild's) and the bootloader's own <c>.config</c> disagree.</summary>
    public const string BuildModeMismatch = "MCUB6230";

    /// <summary>Warning: the devicetree slots and <c>partitions.yml</c> (which the NCS build signs from) disagree.</summary>
    public const string BuildPartitionsDisagree = "MCUB6231";

    /// <summary>Warning: the build's signing key is empty, or resolves to one of MCUboot's public development keys.</summary>
    public const string BuildDevelopmentKey = "MCUB6232";

    /// <summary>Warning: the <c>zephyr,flash</c> node has no <c>write-block-size</c>; 4 is used, as the build does.</summary>
    public const string BuildAlignDefault = "MCUB6233";

    /// <summary>Warning: the code partition is not the start of the slot the build signs for (Zephyr passes no <c>--pad-header</c>).</summary>
    public const string BuildCodePartitionOffset = "MCUB6234";

    /// <summary>Warning: the image is not built for MCUboot (<c>CONFIG_BOOTLOADER_MCUBOOT</c> is not set), or the bootloader's <c>.config</c> is missing.</summary>
    public const string BuildNotForMcuBoot = "MCUB6235";

    /// <summary>Warning: the secondary slot is smaller than the slot the image is signed for.</summary>
    public const string BuildSecondarySmaller = "MCUB6236";

    /// <summary>Warning: the application signs with another key file than the bootloader embeds.</summary>
    public const string BuildKeyMismatch = "MCUB6237";

    /// <summary>Warning: no signing key is set and the build folder's key, taken instead, is one of MCUboot's public development keys.</summary>
    public const string BuildSigningWithDevelopmentKey = "MCUB6238";

    /// <summary>Warning: the build's bootloader encrypts images (MCUBOOT_ENC_IMAGES) but the image is signed without encryption.</summary>
    public const string BuildImageNotEncrypted = "MCUB6239";
}
