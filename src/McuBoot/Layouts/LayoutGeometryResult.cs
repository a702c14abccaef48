namespace McuBoot.Layouts;

/// <summary>The images derived from a layout, a few layout-wide facts, and the geometry diagnostics.</summary>
/// <param name="Layout">The layout the geometry was derived from.</param>
/// <param name="Images">Per-image geometry, by ascending image index (only images without errors).</param>
/// <param name="Diagnostics">Geometry errors and warnings.</param>
public sealed record LayoutGeometryResult(
    PartitionLayout Layout,
    IReadOnlyList<ImageGeometry> Images,
    IReadOnlyList<LayoutDiagnostic> Diagnostics)
{
    /// <summary>The <c>mcuboot</c> (bootloader) partition, or null.</summary>
    public LayoutPartition? Bootloader => Layout.Find("mcuboot");

    /// <summary>The <c>mcuboot_scratch</c> partition (swap-using-scratch), or null.</summary>
    public LayoutPartition? Scratch => Layout.Find("mcuboot_scratch");

    /// <summary>True when the layout has the NSIB immutable bootloader (<c>b0</c>).</summary>
    public bool HasB0 => Layout.Find("b0") is not null;

    /// <summary>True when the layout has TF-M (<c>tfm</c>): the signed image is the merged TF-M + app hex.</summary>
    public bool HasTfm => Layout.Find("tfm") is not null;

    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>True when at least one image was derived and nothing is an error.</summary>
    public bool Succeeded => Images.Count > 0 && !HasErrors;

    /// <summary>The geometry of image <paramref name="index"/>, or null.</summary>
    public ImageGeometry? Image(int index) => Images.FirstOrDefault(i => i.ImageIndex == index);
}
