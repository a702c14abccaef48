using McuBoot.Diagnostics;
using McuBoot.Encryption;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Layouts;

namespace McuBoot.Build;

/// <summary>
/// Everything a <see cref="SigningJob"/> needs: the images, the key, the layout, the variants to write and where.
/// The MSBuild task and the CLI both fill this in; relative paths resolve against <see cref="BaseDirectory"/> only.
/// </summary>
public sealed record SigningJobRequest
{
    /// <summary>The images to sign (at least one; image indices and output names must be unique).</summary>
    public required IReadOnlyList<ImageSigningRequest> Images { get; init; }

    /// <summary>Folder the outputs are written to (created when missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Directory relative paths are resolved against (the project directory for MSBuild).</summary>
    public string BaseDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Signing key: a PEM path (<c>~</c> and environment variables expanded) or a registered <c>scheme:</c> spec; null signs hash-only (warning <see cref="ErrorCodes.ImageUnsigned"/>).</summary>
    public string? KeySpec { get; init; }

    /// <summary>Passwords for encrypted key files.</summary>
    public IPasswordProvider? Passwords { get; init; }

    /// <summary>Partition layout (Partition Manager YAML or mcuboot-layout), or null to give all geometry explicitly.</summary>
    public string? LayoutPath { get; init; }

    /// <summary>A Zephyr / NCS build folder (west build's <c>build/</c>) to derive the geometry from as the build does; a layout and explicit values win.</summary>
    public string? BuildDirectory { get; init; }

    /// <summary>The application image folder of a sysbuild <see cref="BuildDirectory"/> holding several, or null.</summary>
    public string? BuildImage { get; init; }

    /// <summary>Environment lookup for key paths of the build folder (<c>$ENV{...}</c>, <c>WEST_TOPDIR</c>); null = the process environment.</summary>
    public Func<string, string?>? EnvironmentLookup { get; init; }

    /// <summary>Board facts the layout lacks (XIP base, sector size).</summary>
    public LayoutGeometryOptions? LayoutOptions { get; init; }

    /// <summary>Default image version (images may override); 0.0.0+0 when neither gives one.</summary>
    public ImageVersion? Version { get; init; }

    /// <summary>Default security counter.</summary>
    public uint? SecurityCounter { get; init; }

    /// <summary>Default for deriving the security counter from the version.</summary>
    public bool SecurityCounterAuto { get; init; }

    /// <summary>Encryption key (imgtool <c>-E</c>): a public PEM or an AES-KW key file; adds <c>NAME.signed.encrypted.bin</c>.</summary>
    public string? EncryptionKeyPath { get; init; }

    /// <summary>AES key length in bytes with encryption: 16 or 32.</summary>
    public int EncryptKeyLength { get; init; } = 16;

    /// <summary>HMAC/HKDF hash for ECIES-X25519.</summary>
    public HmacSha Hmac { get; init; } = HmacSha.Auto;

    /// <summary>Also write <c>NAME.signed.confirmed.bin/.hex</c> (padded, image_ok set: a permanent image).</summary>
    public bool WriteConfirmed { get; init; }

    /// <summary>RFC 6979 deterministic ECDSA, so unchanged inputs give byte-identical outputs (Ed25519 always is).</summary>
    public bool DeterministicSignatures { get; init; }

    /// <summary>Also write <c>NAME.signed.moved.hex</c>: padded (pending test) at the secondary slot's CPU address.</summary>
    public bool WriteMovedHex { get; init; }

    /// <summary>File name of our JSON manifest in <see cref="OutputDirectory"/>; null or empty writes none.</summary>
    public string? ManifestFileName { get; init; } = "mcuboot-manifest.json";

    /// <summary>File name of the NCS-compatible DFU package in <see cref="OutputDirectory"/>; null or empty writes none.</summary>
    public string? DfuPackageFileName { get; init; } = "dfu_application.zip";

    /// <summary>The file names written: McuBoot.Build's (default), NCS sysbuild's or NCS Partition Manager's (docs/release-artifacts.md).</summary>
    public McuBoot.Artifacts.ArtifactNaming Naming { get; init; }

    /// <summary>
    /// The bootloader build (.hex or ELF; a .bin goes to the layout's <c>mcuboot</c> partition address, else 0). When set,
    /// <see cref="MergedHexFileName"/> is written: the bootloader and every signed primary-slot HEX in one factory image,
    /// and every signed image is checked against it (<see cref="McuBoot.Checks.PostSigningCheck.Enforce"/>, docs/check.md):
    /// a rejection removes every output of the run and fails it with <see cref="ErrorCodes.PostSigningCheckFailed"/>.
    /// </summary>
    public string? BootloaderPath { get; init; }

    /// <summary>
    /// With <see cref="BuildDirectory"/>: check every signed image against the build folder's bootloader configuration
    /// (<see cref="McuBoot.Checks.PostSigningCheck.Enforce"/> with <c>McuBoot.Zephyr.ZephyrCheckRequest.Apply</c>, the
    /// model <c>check --build-dir</c> runs); a rejection removes every output of the run. The MSBuild task sets it
    /// (<c>McuBootCheckBuildBootloader</c>, default true).
    /// </summary>
    public bool CheckBuildBootloader { get; init; }

    /// <summary>Receives each error of a failing post-signing bootloader check (MCUB8xxx) before the run fails with <see cref="ErrorCodes.PostSigningCheckFailed"/>; its warnings go to <see cref="Warning"/>.</summary>
    public Action<McuBoot.Checks.CheckFinding>? CheckError { get; init; }

    /// <summary>File name of the factory image written when <see cref="BootloaderPath"/> is set; null or empty writes none.</summary>
    public string? MergedHexFileName { get; init; } = McuBoot.Artifacts.FactoryImage.DefaultFileName;

    /// <summary>Application name for the manifests (NCS <c>name</c>); default the first image's name.</summary>
    public string? ApplicationName { get; init; }

    /// <summary>Default board for the NCS manifest (a required field of the iOS app; empty string when unknown).</summary>
    public string? Board { get; init; }

    /// <summary>Default SoC for the NCS manifest (required by the iOS app; empty string when unknown).</summary>
    public string? Soc { get; init; }

    /// <summary>
    /// Time stamped into the manifests (<c>time</c>, <c>modtime</c>); default the newest firmware file's write time, so
    /// equal inputs give equal manifests (pass SOURCE_DATE_EPOCH here for reproducible builds).
    /// </summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Receives coded warnings as they happen (layout lint, version adjustments, image builder warnings).</summary>
    public Action<McuBootWarning>? Warning { get; init; }

    /// <summary>
    /// Stops the job (the MSBuild task's Cancel): when cancelled, the temporary files being written under the output
    /// folder are deleted at once (<see cref="McuBoot.IO.TempFiles.DeleteAll"/>), the job stops at its next step with an
    /// <see cref="OperationCanceledException"/>, and every file it wrote is removed: no partial output.
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Receives one-line progress messages (the key used and its hash, the geometry of each image).</summary>
    public Action<string>? Message { get; init; }
}
