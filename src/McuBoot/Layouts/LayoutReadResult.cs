namespace McuBoot.Layouts;

/// <summary>The outcome of reading a layout file: the layout (null when refused) and every finding.</summary>
/// <param name="Layout">The layout, or null when the file was refused (then at least one error is in <paramref name="Diagnostics"/>).</param>
/// <param name="Diagnostics">Errors and warnings, in file order as far as practical.</param>
public sealed record LayoutReadResult(PartitionLayout? Layout, IReadOnlyList<LayoutDiagnostic> Diagnostics)
{
    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
