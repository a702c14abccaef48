// check --build-dir and the MSBuild post-signing check with McuBootZephyrBuildDirectory: one CheckRequest filled from the
// build folder, so one bootloader model (BootImageValidator.ValidateSlot in ImageChecker) decides with the build's
// bootloader configuration (ZephyrBootloaderConfig) and the stack-pointer rule knows the devicetree's RAM (DevicetreeRam).
using McuBoot.Bootloader;
using McuBoot.Checks;
using McuBoot.Keys;

namespace McuBoot.Zephyr;

/// <summary>Fills a <see cref="CheckRequest"/> from a Zephyr / NCS build folder (the CLI's <c>check --build-dir</c> and the MSBuild task).</summary>
public static class ZephyrCheckRequest
{
    /// <summary>
    /// Returns <paramref name="request"/> with what the build folder gives and the request does not: its partitions.yml
    /// (NCS signs from it), the image index of its application, imgtool's <c>--align</c>, overwrite-only and
    /// <c>BOOT_MAX_IMG_SECTORS</c> for the trailer checks, the devicetree's RAM (<see cref="CheckRequest.KnownRam"/>), and
    /// the bootloader configuration (<see cref="CheckRequest.Bootloader"/>) with the explicit <see cref="CheckRequest.Align"/>,
    /// <paramref name="maxSectors"/> and <see cref="CheckRequest.OverwriteOnly"/> folded in.
    /// </summary>
    /// <param name="request">The explicit inputs: <see cref="CheckRequest.Align"/> non-null and <see cref="CheckRequest.OverwriteOnly"/> true count as given.</param>
    /// <param name="build">The build folder, read with <see cref="ZephyrBuildReader.Read"/>.</param>
    /// <param name="imageIndex">The image index when given explicitly; null: the build's.</param>
    /// <param name="maxSectors">BOOT_MAX_IMG_SECTORS when given explicitly; null: the bootloader's .config, else automatic.</param>
    /// <param name="environment">Environment lookup for the key search (<c>${VAR}</c> in CONFIG_BOOT_SIGNATURE_KEY_FILE).</param>
    /// <exception cref="Diagnostics.McuBootException">The bootloader's key is not on this machine and neither a key nor a bootloader binary with keys is given (MCUB6225).</exception>
    public static CheckRequest Apply(CheckRequest request, ZephyrBuildGeometry build, int? imageIndex = null, int? maxSectors = null, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(build);
        IReadOnlyList<BootloaderKey>? keys = null;
        if (request.KeyPath is { } keyPath)
        {
            using var key = McuBoot.Signing.SignerFactory.LoadPublicKey(keyPath, request.Passwords);
            keys = [BootloaderKey.FromKey(key)];
        }

        if (keys is null && request.BootloaderPath is { } bootloaderPath)
        {
            // The bootloader binary's embedded keys (check decides with them anyway), so a build whose key file is not on
            // this machine still works with --bootloader.
            var firmware = FirmwareFile.Load(bootloaderPath, "bootloader");
            var embedded = EmbeddedKeyScanner.Scan(firmware).Select(k => new BootloaderKey(k.KeyType, k.PublicKeyBytes, $"{firmware.Path} at {k.Locations[0]}")).ToList();
            keys = embedded.Count > 0 ? embedded : null;
        }

        var config = request.Bootloader ?? ZephyrBootloaderConfig.From(build, keys, environment);
        if (request.Align is int align)
        {
            config = config with { WriteAlignment = align, MaxAlign = Math.Max(config.MaxAlign, align) };
        }

        if (maxSectors is int sectors)
        {
            config = config with { MaxImageSectors = sectors };
        }

        if (request.OverwriteOnly)
        {
            config = config with { Mode = UpgradeMode.OverwriteOnly };
        }

        var ram = request.KnownRam.ToList();
        if (build.Folder.ApplicationDevicetree is { } dts)
        {
            ram.AddRange(DevicetreeRam.From(dts).Where(r => !ram.Any(k => k.Start == r.Start && k.Size == r.Size)));
        }

        return request with
        {
            LayoutPath = request.LayoutPath ?? build.Folder.PartitionsFile,
            ImageIndex = imageIndex ?? build.Arguments.ImageIndex,
            Align = request.Align ?? build.Arguments.Align,
            OverwriteOnly = request.OverwriteOnly || build.Arguments.OverwriteOnly,
            MaxSectors = maxSectors ?? build.Bootloader?.MaxSectors ?? request.MaxSectors,
            Bootloader = config,
            KnownRam = ram,
        };
    }
}
