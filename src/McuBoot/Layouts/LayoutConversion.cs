namespace McuBoot.Layouts;

/// <summary>The text <see cref="LayoutConverter"/> produced, and what it had to leave out or adjust.</summary>
/// <param name="Format">What <paramref name="Text"/> is.</param>
/// <param name="Text">The converted layout (devicetree overlay or mcuboot-layout YAML), LF line ends.</param>
/// <param name="Diagnostics">Warnings about partitions left out or adjusted (never errors: those throw).</param>
public sealed record LayoutConversion(LayoutConvertFormat Format, string Text, IReadOnlyList<LayoutDiagnostic> Diagnostics);
