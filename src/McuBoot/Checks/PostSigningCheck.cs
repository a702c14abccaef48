// The checks of docs/check.md run after a signing job (the MSBuild task's McuBootBootloader): mcuboot-image-format.md §10,
// partition-layouts-and-manifests.md §D #3, #8, #9 (application signed with another key than the bootloader holds).
using McuBoot.Build;
using McuBoot.Keys;

namespace McuBoot.Checks;

/// <summary>Runs <see cref="ImageChecker"/> on every image a <see cref="SigningJob"/> wrote, against the project's bootloader build.</summary>
public static class PostSigningCheck
{
    /// <summary>
    /// Checks each signed image of <paramref name="result"/> (its signed .hex when one was written, so the address checks
    /// run too, else its signed .bin) against <paramref name="bootloaderPath"/> (bin, hex or ELF), with the layout and image
    /// index it was signed for. Returns every finding, errors and warnings, in image order.
    /// </summary>
    /// <exception cref="Diagnostics.McuBootException">The bootloader or layout file is missing or unreadable.</exception>
    public static IReadOnlyList<CheckFinding> Run(SigningJobResult result, string bootloaderPath, string? layoutPath = null, IPasswordProvider? passwords = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(bootloaderPath);
        var findings = new List<CheckFinding>();
        foreach (var image in result.Images)
        {
            var file = image.Files.FirstOrDefault(f => f.Kind == SignedOutputKind.SignedHex)
                ?? image.Files.First(f => f.Kind == SignedOutputKind.SignedBinary);
            var report = ImageChecker.Check(new CheckRequest
            {
                ImagePath = file.Path,
                BootloaderPath = bootloaderPath,
                LayoutPath = layoutPath,
                ImageIndex = image.ImageIndex,
                Passwords = passwords,
                Align = image.Geometry.Align,
            });
            findings.AddRange(report.Findings);
        }

        return findings;
    }
}
