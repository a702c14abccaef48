using McuBoot.Checks;

namespace McuBoot.Artifacts;

/// <summary>The outcome of <see cref="DfuPackageValidator.Check"/>: every rule a DFU app would trip over.</summary>
/// <param name="PackagePath">The zip checked (absolute).</param>
/// <param name="Findings">Errors (an app refuses or mis-installs the package) and warnings.</param>
/// <param name="Images">The images the manifest names, as a reader sees them.</param>
public sealed record DfuPackageReport(string PackagePath, IReadOnlyList<CheckFinding> Findings, IReadOnlyList<DfuPackageImage> Images)
{
    /// <summary>True when no finding is an error.</summary>
    public bool Passed => !Findings.Any(f => f.IsError);
}
