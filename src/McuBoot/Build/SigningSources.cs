// Item 6 of issue 9: explicit options, layout files, build folders and bootloader configuration are inputs to one
// resolver, shared by the CLI's sign and the MSBuild task (SigningGeometry.Resolve / DecidePadHeader / OutputHexAddress).
using McuBoot.Diagnostics;
using McuBoot.Layouts;
using McuBoot.Zephyr;

namespace McuBoot.Build;

/// <summary>
/// Where signing geometry comes from besides explicit values: a partition layout file and/or a Zephyr / NCS build
/// folder, loaded once. <see cref="Resolve"/> combines them with the explicit values for one image.
/// </summary>
public sealed class SigningSources
{
    private SigningSources(LayoutGeometryResult? layout, ZephyrBuildGeometry? build)
    {
        Layout = layout;
        Build = build;
    }

    /// <summary>No layout and no build folder: everything must be explicit.</summary>
    public static SigningSources None { get; } = new(null, null);

    /// <summary>The partition layout, or null.</summary>
    public LayoutGeometryResult? Layout { get; }

    /// <summary>The build folder's derivation, or null.</summary>
    public ZephyrBuildGeometry? Build { get; }

    /// <summary>Loads the layout (absolute path) and the build folder (absolute path) that are given; their warnings go to <paramref name="warning"/>.</summary>
    /// <exception cref="McuBootException">A layout or build-folder error, with its code, file and line.</exception>
    public static SigningSources Load(string? layoutPath, LayoutGeometryOptions? layoutOptions, string? buildDirectory, string? buildImage, Func<string, string?>? environment, Action<McuBootWarning>? warning)
    {
        var layout = string.IsNullOrWhiteSpace(layoutPath) ? null : SigningLayout.Load(layoutPath, layoutOptions, warning);
        ZephyrBuildGeometry? build = null;
        if (!string.IsNullOrWhiteSpace(buildDirectory))
        {
            build = ZephyrBuildReader.Read(buildDirectory, string.IsNullOrWhiteSpace(buildImage) ? null : buildImage, environment);
            foreach (var d in build.Diagnostics)
            {
                warning?.Invoke(new McuBootWarning(d.Code, d.Message, d.File, d.Line));
            }
        }

        return new SigningSources(layout, build);
    }

    /// <summary>
    /// The geometry of image <paramref name="imageIndex"/>: explicit values, then the layout, then the build folder (which
    /// only knows its application image).
    /// </summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.LayoutImageNotFound"/>, or <see cref="ErrorCodes.SigningGeometryMissing"/>.</exception>
    public SigningGeometry Resolve(SigningGeometryOverrides overrides, int imageIndex, string imageDescription)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var image = Layout is null ? null : SigningLayout.Image(Layout, imageIndex);
        if (Build is not null && Layout is null && Build.Arguments.ImageIndex != imageIndex)
        {
            throw new McuBootException(ErrorCodes.LayoutImageNotFound,
                $"The build folder {Build.Folder.Root} signs MCUboot image {Build.Arguments.ImageIndex} ({Build.Folder.ApplicationDirectory}), not image {imageIndex}; choose the image folder with --build-image (MSBuild McuBootZephyrImage) or set the image index to {Build.Arguments.ImageIndex}.",
                Build.Folder.Root)
            { ExitCode = ExitCodes.Usage };
        }

        return SigningGeometry.Resolve(overrides, image, Build, imageDescription);
    }
}
