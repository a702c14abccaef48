// The checks of docs/check.md run after a signing run (the MSBuild task's McuBootBootloader, the CLI's sign --bootloader):
// mcuboot-image-format.md §10, partition-layouts-and-manifests.md §D #3, #8, #9 (application signed with another key than
// the bootloader holds). With a build folder (McuBootZephyrBuildDirectory) the one bootloader model decides with the
// build's bootloader configuration (ZephyrCheckRequest.Apply), exactly as `check --build-dir` does.
using McuBoot.Build;
using McuBoot.Diagnostics;
using McuBoot.Keys;

namespace McuBoot.Checks;

/// <summary>
/// Checks the images a signing run wrote against the project's bootloader build and decides for every adapter: a
/// rejected image fails the run and removes every output of it (<see cref="Enforce"/>). <see cref="SigningJob"/> (the
/// MSBuild task) and the CLI's <c>sign --bootloader</c> both call <see cref="Enforce"/>.
/// </summary>
public static class PostSigningCheck
{
    /// <summary>The images of a <see cref="SigningJobResult"/> to check: each image's signed .hex when one was written, else its signed .bin.</summary>
    public static IReadOnlyList<PostSigningTarget> TargetsOf(SigningJobResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Images.Select(image => new PostSigningTarget(
            (image.Files.FirstOrDefault(f => f.Kind == SignedOutputKind.SignedHex) ?? image.Files.First(f => f.Kind == SignedOutputKind.SignedBinary)).Path,
            image.ImageIndex,
            image.Geometry.Align)).ToList();
    }

    /// <summary>
    /// Checks each signed image of <paramref name="result"/> against <paramref name="bootloaderPath"/> (bin, hex or
    /// ELF), with the layout and image index it was signed for. Returns every finding, errors and warnings, in image order.
    /// </summary>
    /// <exception cref="McuBootException">The bootloader or layout file is missing or unreadable.</exception>
    public static IReadOnlyList<CheckFinding> Run(SigningJobResult result, string bootloaderPath, string? layoutPath = null, IPasswordProvider? passwords = null)
        => Run(TargetsOf(result), bootloaderPath, layoutPath, passwords);

    /// <summary>
    /// Checks each of <paramref name="images"/> against <paramref name="bootloaderPath"/> (its embedded keys) and/or the
    /// bootloader of <paramref name="build"/> (its configuration decides, as <c>check --build-dir</c>); returns every
    /// finding in image order.
    /// </summary>
    /// <exception cref="McuBootException">The bootloader or layout file is missing or unreadable.</exception>
    public static IReadOnlyList<CheckFinding> Run(IReadOnlyList<PostSigningTarget> images, string? bootloaderPath, string? layoutPath = null, IPasswordProvider? passwords = null, McuBoot.Zephyr.ZephyrBuildGeometry? build = null, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (string.IsNullOrEmpty(bootloaderPath) && build is null)
        {
            throw new ArgumentException("A bootloader file or a build folder is needed.", nameof(bootloaderPath));
        }

        var findings = new List<CheckFinding>();
        foreach (var image in images)
        {
            var request = new CheckRequest
            {
                ImagePath = image.ImagePath,
                BootloaderPath = string.IsNullOrEmpty(bootloaderPath) ? null : bootloaderPath,
                LayoutPath = layoutPath,
                ImageIndex = image.ImageIndex,
                Passwords = passwords,
                Align = image.Align,
            };
            if (build is not null && (layoutPath is not null || build.Arguments.ImageIndex == image.ImageIndex))
            {
                try
                {
                    // The trailer align is the one the image was signed with; the bootloader's own write size is the build's.
                    request = McuBoot.Zephyr.ZephyrCheckRequest.Apply(request with { Align = null }, build, image.ImageIndex, null, environment) with { Align = image.Align };
                }
                catch (McuBootException e) when (e.Code == ErrorCodes.BuildDirKeyNotFound)
                {
                    // The key finder's fix ("-k") is check's option; when signing, -k is the signing key, so say what works here.
                    findings.Add(new CheckFinding(e.Code, CheckSeverity.Warning,
                        $"The post-signing check of {image.ImagePath} cannot use the build's bootloader: {e.What}; so the image was not checked against that bootloader: put its key where the build names it, or give the bootloader binary (sign --bootloader, MSBuild McuBootBootloader), or check the image with 'dotnet mcuboot check --build-dir DIR -k KEY'.",
                        e.File));
                    if (request.BootloaderPath is null)
                    {
                        continue;
                    }
                }
            }
            else if (request.BootloaderPath is null)
            {
                continue;
            }

            findings.AddRange(ImageChecker.Check(request).Findings);
        }

        return findings;
    }

    /// <summary>
    /// The post-signing verdict, the same for the CLI and the MSBuild task: checks <paramref name="images"/> against
    /// <paramref name="bootloaderPath"/> and/or the bootloader of <paramref name="build"/> and hands every finding to <paramref name="report"/> (errors and warnings, in
    /// image order). When any finding is an error, or the check itself cannot run, every file of
    /// <paramref name="outputs"/> is deleted and a <see cref="McuBootException"/> is thrown (for a rejection
    /// <see cref="ErrorCodes.PostSigningCheckFailed"/>, exit code <see cref="ExitCodes.Rejected"/>), so nothing stale
    /// can be flashed or uploaded and the next build signs and checks again.
    /// </summary>
    /// <returns>Every finding (all warnings) when the bootloader accepts every image.</returns>
    /// <exception cref="McuBootException">The bootloader would reject an image, or the bootloader or layout is unusable.</exception>
    public static IReadOnlyList<CheckFinding> Enforce(
        IReadOnlyList<PostSigningTarget> images,
        string? bootloaderPath,
        string? layoutPath,
        IPasswordProvider? passwords,
        IReadOnlyCollection<string> outputs,
        Action<CheckFinding>? report,
        McuBoot.Zephyr.ZephyrBuildGeometry? build = null,
        Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        IReadOnlyList<CheckFinding> findings;
        try
        {
            findings = Run(images, bootloaderPath, layoutPath, passwords, build, environment);
        }
        catch
        {
            RemoveOutputs(outputs);
            throw;
        }

        foreach (var finding in findings)
        {
            report?.Invoke(finding);
        }

        var errors = findings.Where(f => f.IsError).ToList();
        if (errors.Count == 0)
        {
            return findings;
        }

        var notRemoved = RemoveOutputs(outputs);
        string codes = string.Join(", ", errors.Select(e => e.Code).Distinct());
        string removed = notRemoved.Count == 0
            ? $"every output of this run was removed ({string.Join(", ", outputs.Select(Path.GetFileName).Distinct())})"
            : $"the outputs of this run were removed except {string.Join(", ", notRemoved)}, which could not be deleted: delete {(notRemoved.Count == 1 ? "it" : "them")} by hand";
        throw new McuBootException(ErrorCodes.PostSigningCheckFailed,
            $"The bootloader {(string.IsNullOrEmpty(bootloaderPath) ? $"of the build folder {build?.Folder.Root}" : Path.GetFullPath(bootloaderPath))} would reject the signed image{(images.Count == 1 ? string.Empty : "s")} ({errors.Count} error{(errors.Count == 1 ? string.Empty : "s")}: {codes}); {removed}, so nothing unbootable can be flashed or uploaded. Fix the errors above (docs/check.md) and sign again.")
        { ExitCode = ExitCodes.Rejected };
    }

    /// <summary>Deletes each file; returns the ones that exist and could not be deleted.</summary>
    private static List<string> RemoveOutputs(IEnumerable<string> outputs)
    {
        var failed = new List<string>();
        foreach (var path in outputs.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct())
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failed.Add(path);
            }
        }

        return failed;
    }
}
