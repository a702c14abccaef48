// partition-layouts-and-manifests.md §A (reading Partition Manager / mcuboot-layout files and deriving the imgtool
// geometry per image) and §C lessons 6-7 (refuse files without MCUboot geometry with a clear, located error).
using McuBoot.Diagnostics;
using McuBoot.Layouts;

namespace McuBoot.Build;

/// <summary>
/// Loads a partition layout for signing: reads it, derives every image's geometry, reports the linter's warnings and
/// turns the first error into a <see cref="McuBootException"/> carrying its MCUB6xxx code, file and line.
/// </summary>
public static class SigningLayout
{
    /// <summary>Reads and derives <paramref name="path"/> (absolute); warnings go to <paramref name="warning"/>.</summary>
    /// <exception cref="McuBootException">The file is missing, unreadable, not a layout, or has no usable MCUboot geometry.</exception>
    public static LayoutGeometryResult Load(string path, LayoutGeometryOptions? options, Action<McuBootWarning>? warning)
    {
        var read = LayoutReader.Load(path);
        Report(read.Diagnostics, warning);
        var derived = LayoutGeometry.Derive(read.Layout!, options);
        Report(derived.Diagnostics, warning);
        return derived;
    }

    /// <summary>The geometry of image <paramref name="index"/>.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.LayoutImageNotFound"/> naming the images the layout has.</exception>
    public static ImageGeometry Image(LayoutGeometryResult layout, int index)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return layout.Image(index) ?? throw new McuBootException(ErrorCodes.LayoutImageNotFound,
            $"The partition layout {layout.Layout.SourcePath} has no MCUboot image {index} (it has image{(layout.Images.Count == 1 ? string.Empty : "s")} {string.Join(", ", layout.Images.Select(i => i.ImageIndex))}); image {index} needs mcuboot_primary_{index} (and mcuboot_secondary_{index}), or set the image index to one the layout has.",
            layout.Layout.SourcePath)
        { ExitCode = ExitCodes.Usage };
    }

    private static void Report(IReadOnlyList<LayoutDiagnostic> diagnostics, Action<McuBootWarning>? warning)
    {
        foreach (var d in diagnostics.Where(d => !d.IsError))
        {
            warning?.Invoke(new McuBootWarning(d.Code, d.Message, d.File, d.Line));
        }

        var errors = diagnostics.Where(d => d.IsError).ToList();
        if (errors.Count > 0)
        {
            var first = errors[0];
            var more = errors.Count > 1 ? $" (and {errors.Count - 1} more layout error{(errors.Count > 2 ? "s" : string.Empty)}: {string.Join("; ", errors.Skip(1).Select(e => e.Code))})" : string.Empty;
            throw new McuBootException(first.Code, first.Message + more, first.File) { Line = first.Line, ExitCode = ExitCodes.Usage };
        }
    }
}
