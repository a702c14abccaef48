// Which key signs when no key is given but a Zephyr / NCS build folder is (the CLI's sign --build-dir without -k, the
// MSBuild task with McuBootZephyrBuildDirectory and no McuBootSigningKey): one decision for both.
// The bootloader's key comes first (mcuboot boot/zephyr/CMakeLists.txt resolves CONFIG_BOOT_SIGNATURE_KEY_FILE: absolute,
// else the application config dir, else the MCUboot repository), because that is the key the bootloader verifies with;
// else the key the build signs the application with (zephyr cmake/mcuboot.cmake, sysbuild image_signing.cmake).
// MCUboot's published development keys (root-*.pem in the MCUboot repository, the sysbuild default) are taken, as the
// build's bootloader trusts them anyway, but never silently: a coded warning says so (MSBuild: make it an error with
// WarningsAsErrors=MCUB6238 for release builds).
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.Zephyr;

namespace McuBoot.Build;

/// <summary>The signing key a build folder gives when none is set (one decision for the CLI and the MSBuild task).</summary>
public static class BuildSigningKey
{
    /// <summary>
    /// The key file to sign with: the build's bootloader key (<c>CONFIG_BOOT_SIGNATURE_KEY_FILE</c> of its MCUboot image) if
    /// that file exists on this machine, else the key the build signs with, if it exists; null when the build names no key
    /// (the image is then unsigned, as the build would leave it). A development key (<c>root-*.pem</c> by name, or one of
    /// MCUboot's published keys by content) is returned with warning <see cref="ErrorCodes.BuildSigningWithDevelopmentKey"/>.
    /// </summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.BuildDirKeyNotFound"/>: the build names a key, but no named key file is on this machine.</exception>
    public static string? Choose(ZephyrBuildGeometry build, Func<string, string?>? environment, Action<McuBootWarning>? warning)
    {
        ArgumentNullException.ThrowIfNull(build);
        environment ??= Environment.GetEnvironmentVariable;
        string? bootWritten = build.Bootloader?.KeyFile;
        string? chosen = null;
        string origin;
        if (!string.IsNullOrWhiteSpace(bootWritten))
        {
            chosen = BuildKeyLocator.ResolveBootloaderKey(bootWritten, build.Folder.CMakeVariables, environment).Found;
            origin = $"the bootloader's CONFIG_BOOT_SIGNATURE_KEY_FILE ({build.Bootloader!.File.Where("CONFIG_BOOT_SIGNATURE_KEY_FILE")})";
            if (chosen is null && build.Arguments.KeyFile is { } appKey && File.Exists(appKey))
            {
                chosen = appKey;
                origin = $"the key the build signs with ({build.Source("key")?.File}:{build.Source("key")?.Line}); the bootloader's '{bootWritten}' is not on this machine";
            }
        }
        else
        {
            chosen = build.Arguments.KeyFile is { } appKey && File.Exists(appKey) ? appKey : null;
            origin = $"the key the build signs with ({build.Source("key")?.File}:{build.Source("key")?.Line})";
        }

        if (chosen is null)
        {
            string? named = !string.IsNullOrWhiteSpace(bootWritten) ? bootWritten : build.Arguments.KeySetting;
            if (named is null)
            {
                return null;
            }

            throw new McuBootException(ErrorCodes.BuildDirKeyNotFound,
                $"The build folder {build.Folder.Root} signs with '{named}' ({(!string.IsNullOrWhiteSpace(bootWritten) ? build.Bootloader!.File.Where("CONFIG_BOOT_SIGNATURE_KEY_FILE") : $"{build.Source("key")?.File}:{build.Source("key")?.Line}")}), which is not on this machine; give the key (CLI -k, MSBuild McuBootSigningKey).",
                build.Folder.Root)
            { ExitCode = ExitCodes.KeyError };
        }

        chosen = Path.GetFullPath(chosen);
        string? devName = BuildKeyLocator.IsDevelopmentKeyName(chosen) ? Path.GetFileName(chosen) : PublishedKeyName(chosen);
        if (devName is not null)
        {
            warning?.Invoke(new McuBootWarning(ErrorCodes.BuildSigningWithDevelopmentKey,
                $"No signing key is set, so the image is signed with {chosen}, {origin}: it is {devName}, one of MCUboot's public development keys (its private key is published), so anyone can sign images this bootloader accepts; for a release, generate your own key (dotnet mcuboot keygen), build the bootloader with it (SB_CONFIG_BOOT_SIGNATURE_KEY_FILE) and set the signing key explicitly (MSBuild McuBootSigningKey, CLI -k).",
                chosen));
        }

        return chosen;
    }

    private static string? PublishedKeyName(string keyFile)
    {
        try
        {
            using var key = Keys.KeyLoader.Load(keyFile, null);
            return DevelopmentKeys.Find(key.GetPublicKeyBytes())?.Name;
        }
        catch (McuBootException)
        {
            return null; // an encrypted or unreadable key: signing reports it with its own code
        }
    }
}
