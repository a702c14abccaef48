using McuBoot.Image;

namespace McuBoot.Build;

/// <summary>One firmware image of a <see cref="SigningJobRequest"/>: what to sign and how it differs from the job's defaults.</summary>
public sealed record ImageSigningRequest
{
    /// <summary>The firmware: <c>.hex</c> (Intel HEX) or a binary; relative paths resolve against <see cref="SigningJobRequest.BaseDirectory"/>.</summary>
    public required string FirmwarePath { get; init; }

    /// <summary>MCUboot image index (0 = application, 1 = nRF5340 network core, ...): selects the layout's slots.</summary>
    public int ImageIndex { get; init; }

    /// <summary>Base name of the outputs (<c>NAME.signed.bin</c>...); default the firmware file name without extension.</summary>
    public string? Name { get; init; }

    /// <summary>Image version; default <see cref="SigningJobRequest.Version"/>.</summary>
    public ImageVersion? Version { get; init; }

    /// <summary>Security counter; default the job's.</summary>
    public uint? SecurityCounter { get; init; }

    /// <summary>Derive the security counter from the version (imgtool <c>-s auto</c>); default the job's.</summary>
    public bool? SecurityCounterAuto { get; init; }

    /// <summary>Explicit geometry; wins over the layout.</summary>
    public SigningGeometryOverrides Geometry { get; init; } = SigningGeometryOverrides.None;

    /// <summary>
    /// imgtool <c>--pad-header</c> when set; null decides as the CLI does (<see cref="SigningGeometry.DecidePadHeader"/>):
    /// a HEX linked right after the header of the known slot is padded, one starting at the slot is not, else what the
    /// layout (pad) or build folder does.
    /// </summary>
    public bool? PadHeader { get; init; }

    /// <summary>
    /// Direct-XIP: the slot this build of the image is linked for (0 primary, 1 secondary). The image is signed with
    /// <c>--rom-fixed</c> at that slot's flash address, its HEX goes to that slot, and the DFU package lists it with
    /// <c>slot</c> and <c>version_MCUBOOT+XIP</c> as NCS's direct-XIP packages do. Null: a swap/overwrite image.
    /// </summary>
    public int? Slot { get; init; }

    /// <summary>Board for the NCS manifest (e.g. <c>nrf5340dk/nrf5340/cpunet</c>); default the job's.</summary>
    public string? Board { get; init; }

    /// <summary>
    /// This image's own key specification(s) (MSBuild <c>McuBootImage</c> metadata <c>SigningKey</c>: a PEM path, a
    /// <c>pkcs11:</c> URI, an <c>exec:</c> signer, or a <c>;</c>-list of them); null signs with the job's key.
    /// </summary>
    public string? KeySpec { get; init; }

    /// <summary>SoC for the NCS manifest (e.g. <c>nrf5340</c>); default the job's.</summary>
    public string? Soc { get; init; }

    /// <summary>Last say over the imgtool options (dependencies, custom TLVs, hash, ...), applied after the job filled them in.</summary>
    public Func<ImageSignOptions, ImageSignOptions>? CustomizeOptions { get; init; }
}
