using McuBoot.Diagnostics;

namespace McuBoot.Build;

/// <summary>The outcome of <see cref="SigningJob.Run"/>: every file written (all verified), per image and overall.</summary>
public sealed record SigningJobResult
{
    /// <summary>Per-image results, by ascending image index.</summary>
    public required IReadOnlyList<SignedImageResult> Images { get; init; }

    /// <summary>The key used, or null for hash-only images.</summary>
    public SigningKeyInfo? Key { get; init; }

    /// <summary>Our JSON manifest, or null when not written.</summary>
    public SignedOutputFile? Manifest { get; init; }

    /// <summary>The NCS-compatible DFU package, or null when not written.</summary>
    public SignedOutputFile? DfuPackage { get; init; }

    /// <summary>The factory <c>merged.hex</c>, or null when not written (no bootloader given).</summary>
    public SignedOutputFile? MergedHex { get; init; }

    /// <summary>The timestamp written into the manifests.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Every warning reported.</summary>
    public required IReadOnlyList<McuBootWarning> Warnings { get; init; }

    /// <summary>All files written: the images' files, the factory image, then the manifest and the package.</summary>
    public IEnumerable<SignedOutputFile> Files =>
        Images.SelectMany(i => i.Files)
            .Concat(MergedHex is null ? [] : [MergedHex])
            .Concat(Manifest is null ? [] : [Manifest])
            .Concat(DfuPackage is null ? [] : [DfuPackage]);
}
