using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Bootloader;

/// <summary>
/// The decision of <see cref="BootImageValidator"/>: accepted or the one rule that rejected the image (bootutil stops at
/// the first failure), the warnings gathered on the way, and what was established (hash, key, size limit, swap type).
/// </summary>
public sealed class BootValidation
{
    internal BootValidation(BootloaderConfig config, BootFinding? rejection, IReadOnlyList<BootFinding> warnings)
    {
        Config = config;
        Rejection = rejection;
        Warnings = warnings;
    }

    /// <summary>The configuration the decision was made for (its <see cref="BootloaderConfig.Assumptions"/> say what was assumed).</summary>
    public BootloaderConfig Config { get; }

    /// <summary>True when the bootloader accepts the image.</summary>
    public bool Accepted => Rejection is null;

    /// <summary>The rule that rejected the image; null when accepted.</summary>
    public BootFinding? Rejection { get; }

    /// <summary>Suspicious things bootutil accepts, in the order they were met.</summary>
    public IReadOnlyList<BootFinding> Warnings { get; }

    /// <summary>The header, when it could be read.</summary>
    public ImageHeader? Header { get; internal init; }

    /// <summary>The computed image digest (the bootloader's hash algorithm); null for pure builds or when not computed.</summary>
    public byte[]? Digest { get; internal init; }

    /// <summary>True when a hash TLV of the bootloader's type matched the computed digest.</summary>
    public bool HashVerified { get; internal init; }

    /// <summary>True when the verdict came from a verified signature (last attempted pair verified).</summary>
    public bool SignatureVerified { get; internal init; }

    /// <summary>The signature that decided (the last attempted one), when there was one.</summary>
    public byte[]? Signature { get; internal init; }

    /// <summary>The index in <see cref="BootloaderConfig.Keys"/> of the key that verified the deciding signature.</summary>
    public int? KeyIndex { get; internal init; }

    /// <summary>Every signature TLV the bootloader met, in image order, with what it did with each (the deciding one marked).</summary>
    public IReadOnlyList<BootSignatureResult> Signatures { get; internal init; } = [];

    /// <summary><c>tlv_end</c>: where the bootloader thinks the TLVs end (header + body + both TLV areas).</summary>
    public long? TlvEnd { get; internal init; }

    /// <summary>The size limit for the mode (<c>bootutil_max_image_size</c>); null when the slot size is unknown.</summary>
    public long? MaxImageSize { get; internal init; }

    /// <summary>The swap type the image's trailer requests when it is one slot long (padded); null otherwise.</summary>
    public SwapType? RequestedSwap { get; internal init; }

    /// <summary>The same facts with another verdict and warnings (a rule after validation, e.g. downgrade prevention).</summary>
    internal BootValidation With(BootFinding? rejection, IReadOnlyList<BootFinding> warnings) => new(Config, rejection, warnings)
    {
        Header = Header,
        Digest = Digest,
        HashVerified = HashVerified,
        SignatureVerified = SignatureVerified,
        Signature = Signature,
        KeyIndex = KeyIndex,
        Signatures = Signatures,
        TlvEnd = TlvEnd,
        MaxImageSize = MaxImageSize,
        RequestedSwap = RequestedSwap,
    };

    /// <summary>
    /// Throws the rejection as a coded <see cref="McuBootException"/> (exit code 1); does nothing when accepted. When the
    /// configuration rests on assumptions, the message ends with the bootloader that was assumed.
    /// </summary>
    public void ThrowIfRejected(string? file)
    {
        if (Rejection is { } r)
        {
            throw new McuBootException(r.Code, r.Message + AssumedSuffix(Config), file) { ExitCode = ExitCodes.Failure };
        }
    }

    /// <summary>" (assumed bootloader: ...)" when <paramref name="config"/> has assumptions, else empty.</summary>
    public static string AssumedSuffix(BootloaderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Assumptions.Count == 0 ? string.Empty : $" (assumed bootloader: {config.Describe()}; give its options or --build-dir)";
    }
}
