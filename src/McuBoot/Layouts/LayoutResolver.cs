using McuBoot.Diagnostics;

namespace McuBoot.Layouts;

/// <summary>
/// Loads a layout file and returns the signing geometry of one image, or throws the layout's first error as a
/// <see cref="McuBootException"/> (with file and line). Warnings come back for the caller to report.
/// </summary>
public static class LayoutResolver
{
    /// <summary>The write alignment assumed for Partition Manager files, which do not carry it (nRF52/53/91 write-block-size).</summary>
    public const int DefaultPartitionManagerAlignment = 4;

    /// <summary>Resolves image <paramref name="imageIndex"/> of the layout at <paramref name="path"/> (absolute).</summary>
    public static ImageGeometry Resolve(string path, int imageIndex, out IReadOnlyList<LayoutDiagnostic> warnings, LayoutGeometryOptions? options = null)
    {
        var read = LayoutReader.Load(path);
        var diagnostics = new List<LayoutDiagnostic>(read.Diagnostics);
        ThrowOnError(diagnostics);
        var derived = LayoutGeometry.Derive(read.Layout!, options);
        foreach (var d in derived.Diagnostics.Where(d => !diagnostics.Contains(d)))
        {
            diagnostics.Add(d);
        }

        ThrowOnError(diagnostics);
        var image = derived.Image(imageIndex) ?? throw new McuBootException(ErrorCodes.LayoutImageMissing,
            $"{path} has no image {imageIndex} (it has {string.Join(", ", derived.Images.Select(i => i.ImageIndex))}); pass --image with one of those, or add mcuboot_primary_{imageIndex}.",
            path) { ExitCode = ExitCodes.Usage };
        warnings = diagnostics;
        return image;
    }

    private static void ThrowOnError(IEnumerable<LayoutDiagnostic> diagnostics)
    {
        if (diagnostics.FirstOrDefault(d => d.IsError) is { } error)
        {
            throw new McuBootException(error.Code, error.Message, error.File) { Line = error.Line, ExitCode = ExitCodes.Usage };
        }
    }
}
