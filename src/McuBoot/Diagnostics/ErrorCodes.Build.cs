namespace McuBoot.Diagnostics;

/// <summary>
/// MCUB7xxx: build integration — signing jobs (<c>McuBoot.Build.SigningJob</c>), the MSBuild task package and the
/// manifests they write. MCUB70xx are errors, MCUB71xx warnings.
/// </summary>
public static partial class ErrorCodes
{
    // ---- errors (MCUB70xx) ----

    /// <summary>The signing key file does not exist (the message gives the absolute path tried and the keygen command).</summary>
    public const string SigningKeyNotFound = "MCUB7001";

    /// <summary>Signing is on but no signing key is configured.</summary>
    public const string SigningKeyNotSet = "MCUB7002";

    /// <summary>A firmware file to sign does not exist.</summary>
    public const string FirmwareNotFound = "MCUB7003";

    /// <summary>Signing is on but no firmware image is configured.</summary>
    public const string NoFirmwareImages = "MCUB7004";

    /// <summary>The partition layout has no geometry for the requested image index.</summary>
    public const string LayoutImageNotFound = "MCUB7005";

    /// <summary>Neither an explicit value nor a partition layout gives the header size or slot size.</summary>
    public const string SigningGeometryMissing = "MCUB7006";

    /// <summary>Two images share an image index or an output name.</summary>
    public const string DuplicateImage = "MCUB7007";

    /// <summary>A build property or item metadata value is malformed (number, version, switch).</summary>
    public const string InvalidBuildSetting = "MCUB7008";

    /// <summary>A written output did not verify when read back (a bug or a disk problem; nothing is left half-written).</summary>
    public const string OutputVerificationFailed = "MCUB7009";

    // ---- warnings (MCUB71xx) ----

    /// <summary>The project version is not an MCUboot version; prerelease or metadata parts were dropped.</summary>
    public const string VersionAdjusted = "MCUB7101";

    /// <summary>The firmware HEX file's start address disagrees with the layout's load address (linked for another layout?).</summary>
    public const string FirmwareAddressMismatch = "MCUB7102";

    /// <summary>No address is known for an image's <c>.signed.hex</c>, so it is not written.</summary>
    public const string HexAddressUnknown = "MCUB7103";

    /// <summary>The signed image does not fit the (smaller) secondary slot, so it cannot be uploaded as is.</summary>
    public const string ImageExceedsSecondarySlot = "MCUB7104";

    /// <summary>No signing key: the image carries a hash but no signature.</summary>
    public const string ImageUnsigned = "MCUB7105";

    /// <summary>A hex moved to the secondary slot was requested, but the secondary slot's address is unknown.</summary>
    public const string MovedHexUnavailable = "MCUB7106";

    /// <summary>The manifest's load address is unknown (no layout, no HEX input, no explicit value); 0 is written.</summary>
    public const string LoadAddressUnknown = "MCUB7107";

    // ---- post-signing (MCUB72xx) ----

    /// <summary>
    /// The bootloader named for the run (MSBuild McuBootBootloader, CLI <c>sign --bootloader</c>) would reject a signed image:
    /// the check's own errors (MCUB8xxx) come first, then this one; every output of the run was removed.
    /// </summary>
    public const string PostSigningCheckFailed = "MCUB7201";
}
