using McuBoot.Image;

namespace McuBoot.Checks;

/// <summary>The outcome of <see cref="ImageChecker.Check"/>: every finding, and the facts the checks established.</summary>
public sealed class CheckReport
{
    internal CheckReport(string imagePath, IReadOnlyList<CheckFinding> findings)
    {
        ImagePath = imagePath;
        Findings = findings;
    }

    /// <summary>The image that was checked (absolute path).</summary>
    public string ImagePath { get; }

    /// <summary>Every finding, errors and warnings, in the order the checks ran.</summary>
    public IReadOnlyList<CheckFinding> Findings { get; }

    /// <summary>True when no finding is an error: nothing found would make the bootloader reject the image.</summary>
    public bool Passed => !Findings.Any(f => f.IsError);

    /// <summary>The error findings.</summary>
    public IEnumerable<CheckFinding> Errors => Findings.Where(f => f.IsError);

    /// <summary>The warning findings.</summary>
    public IEnumerable<CheckFinding> Warnings => Findings.Where(f => !f.IsError);

    /// <summary>The image's hash algorithm (from its hash TLV), when it could be read.</summary>
    public ImageHashAlgorithm? HashAlgorithm { get; internal init; }

    /// <summary>The key hash the image wants (its KEYHASH TLV, or the hash of its PUBKEY TLV), lower-case hex; null when unsigned.</summary>
    public string? ImageKeyHash { get; internal init; }

    /// <summary>The image's signature TLV name (e.g. <c>ED25519</c>), or null when unsigned.</summary>
    public string? SignatureType { get; internal init; }

    /// <summary>Where the image's key was found in the bootloader, described for humans; null when not found or not looked for.</summary>
    public string? KeyFoundInBootloader { get; internal init; }

    /// <summary>
    /// For images with several KEYHASH/PUBKEY + signature pairs (key rotation): one line per pair saying whether the
    /// bootloader (or --key) holds its key; empty for images with one signature.
    /// </summary>
    public IReadOnlyList<string> SignaturePairs { get; internal init; } = [];

    /// <summary>The public keys found in the bootloader (empty without a bootloader).</summary>
    public IReadOnlyList<EmbeddedKey> BootloaderKeys { get; internal init; } = [];

    /// <summary>The bootloader configuration the model decided with; its <c>Assumptions</c> say what was assumed.</summary>
    public McuBoot.Bootloader.BootloaderConfig? Bootloader { get; internal init; }

    /// <summary>
    /// The bootloader model's decision (<c>boot_validate_slot</c> for <see cref="Bootloader"/>): accepted or the rule that
    /// rejected the image, its warnings and every signature's result. Null when the image could not be read. Its rejection
    /// is also a finding unless another check already found an error.
    /// </summary>
    public McuBoot.Bootloader.BootValidation? Model { get; internal init; }

    /// <summary>The swap type a padded image's trailer requests (null for an unpadded image).</summary>
    public McuBoot.Bootloader.SwapType? RequestedSwap { get; internal init; }
}
