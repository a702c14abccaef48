using McuBoot.Layouts;

namespace McuBoot.Zephyr;

/// <summary>
/// What a Zephyr / NCS build folder says about signing its application: the imgtool arguments, the slot geometry in
/// the shape <c>layout show</c> prints, where each value came from, and where the build contradicts itself.
/// </summary>
public sealed record ZephyrBuildGeometry
{
    /// <summary>The folder read.</summary>
    public required ZephyrBuildFolder Folder { get; init; }

    /// <summary>Which build flow signs this application.</summary>
    public required ZephyrSigningPath SigningPath { get; init; }

    /// <summary>The imgtool arguments for the application image.</summary>
    public required ZephyrSigningArguments Arguments { get; init; }

    /// <summary>The application image's geometry (header, slot, addresses) as <see cref="LayoutGeometry"/> reports it.</summary>
    public required ImageGeometry Image { get; init; }

    /// <summary>Every image's geometry: the application, plus the other images of <c>partitions.yml</c> under Partition Manager.</summary>
    public required IReadOnlyList<ImageGeometry> Images { get; init; }

    /// <summary>The <c>write-block-size</c> of the <c>zephyr,flash</c> node (the bootloader's <c>BOOT_WRITE_SZ</c>), or null when the devicetree does not say.</summary>
    public int? FlashWriteBlockSize { get; init; }

    /// <summary>The mode the application's Kconfig (or sysbuild) assumes.</summary>
    public ZephyrBootMode ApplicationMode { get; init; }

    /// <summary>The bootloader's own settings, when its <c>.config</c> is in the folder.</summary>
    public McuBootKconfig? Bootloader { get; init; }

    /// <summary>The file and line behind each derived value.</summary>
    public required IReadOnlyList<BuildValueSource> Sources { get; init; }

    /// <summary>Warnings (and errors under Partition Manager) about the build's files.</summary>
    public required IReadOnlyList<LayoutDiagnostic> Diagnostics { get; init; }

    /// <summary>The effective upgrade mode: the bootloader's when known, else the application's.</summary>
    public ZephyrBootMode Mode => Bootloader is { Mode: not ZephyrBootMode.Unknown } b ? b.Mode : ApplicationMode;

    /// <summary>The source of <paramref name="name"/>, or null.</summary>
    public BuildValueSource? Source(string name) => Sources.FirstOrDefault(s => s.Name == name);
}
