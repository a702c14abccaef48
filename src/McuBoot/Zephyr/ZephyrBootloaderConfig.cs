// The bootloader's acceptance settings read from a build folder: the MCUboot image's .config
// (mcu-tools/mcuboot boot/zephyr/Kconfig symbols, mapped onto boot/zephyr/include/mcuboot_config/mcuboot_config.h
// macros: BOOT_SIGNATURE_TYPE_* -> MCUBOOT_SIGN_*, BOOT_IMG_HASH_ALG_SHA512 -> MCUBOOT_SHA512,
// BOOT_SIGNATURE_TYPE_PURE -> MCUBOOT_SIGN_PURE, BOOT_HW_KEY -> MCUBOOT_HW_KEY, the upgrade-mode choice,
// BOOT_MAX_IMG_SECTORS, BOOT_ENCRYPT_*, MCUBOOT_HW_DOWNGRADE_PREVENTION, MCUBOOT_USE_TLV_ALLOW_LIST) and its slots,
// sector and write sizes from the devicetree (or partitions.yml) of the same build.
using McuBoot.Bootloader;
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Zephyr;

/// <summary>Builds a <see cref="BootloaderConfig"/> from a Zephyr / NCS build folder, recording what had to be assumed.</summary>
public static class ZephyrBootloaderConfig
{
    /// <summary>
    /// The configuration of the build's MCUboot. Keys: <paramref name="keys"/> when given (the bootloader binary's, or
    /// <c>-k</c>), else the bootloader's <c>CONFIG_BOOT_SIGNATURE_KEY_FILE</c> resolved as MCUboot's CMake does
    /// (absolute, else the application config dir, else the MCUboot repository); a missing file named like one of
    /// MCUboot's published <c>root-*.pem</c> keys is that key (its public half is published).
    /// </summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.BuildDirKeyNotFound"/> when the bootloader's key cannot be found and no key is given.</exception>
    public static BootloaderConfig From(ZephyrBuildGeometry build, IReadOnlyList<BootloaderKey>? keys = null, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        var assumed = new List<string>();
        var boot = build.Bootloader;
        var image = build.Image;
        if (boot is null)
        {
            assumed.Add($"no bootloader .config in {build.Folder.Root} (mcuboot/zephyr/.config): MCUboot's Zephyr defaults and the application's assumptions are used");
        }

        keys = keys is { Count: > 0 } ? keys : BootloaderKeys(build, assumed, environment ?? Environment.GetEnvironmentVariable);
        var signature = boot?.SignatureType switch
        {
            "RSA" => boot.RsaLength == 3072 ? BootloaderSignatureType.Rsa3072 : BootloaderSignatureType.Rsa2048,
            "ECDSA_P256" => BootloaderSignatureType.EcdsaP256,
            "ECDSA_P384" => BootloaderSignatureType.EcdsaP384,
            "ED25519" => BootloaderSignatureType.Ed25519,
            "NONE" => BootloaderSignatureType.None,
            _ => keys.Count > 0 ? keys[0].SignatureType : BootloaderSignatureType.None,
        };
        if (boot?.SignatureType is null)
        {
            assumed.Add($"signature type {signature} (the type of the bootloader's key; its .config does not say)");
        }

        bool pure = boot?.Pure ?? build.Arguments.Pure;
        var hash = boot?.HashBits switch
        {
            512 => ImageHashAlgorithm.Sha512,
            384 => ImageHashAlgorithm.Sha384,
            256 => ImageHashAlgorithm.Sha256,
            _ => signature == BootloaderSignatureType.EcdsaP384 ? ImageHashAlgorithm.Sha384 : build.Arguments.Sha == 512 ? ImageHashAlgorithm.Sha512 : ImageHashAlgorithm.Sha256,
        };
        if (boot?.HashBits is null)
        {
            assumed.Add($"image hash {hash.TlvName()} (BOOT_IMG_HASH_ALG not in the bootloader's .config)");
        }

        var zephyrMode = build.Mode;
        var mode = zephyrMode switch
        {
            ZephyrBootMode.SwapScratch => UpgradeMode.SwapScratch,
            ZephyrBootMode.SwapOffset => UpgradeMode.SwapOffset,
            ZephyrBootMode.OverwriteOnly => UpgradeMode.OverwriteOnly,
            ZephyrBootMode.DirectXip or ZephyrBootMode.DirectXipWithRevert => UpgradeMode.DirectXip,
            ZephyrBootMode.RamLoad or ZephyrBootMode.RamLoadWithRevert => UpgradeMode.RamLoad,
            ZephyrBootMode.SingleApp or ZephyrBootMode.SingleAppRamLoad or ZephyrBootMode.FirmwareUpdater => UpgradeMode.SingleApp,
            _ => UpgradeMode.SwapMove,
        };
        if (zephyrMode == ZephyrBootMode.Unknown)
        {
            assumed.Add("upgrade mode swap-move (the sysbuild default; the build folder does not say)");
        }
        else if (boot is null || boot.Mode == ZephyrBootMode.Unknown)
        {
            assumed.Add($"upgrade mode {ZephyrModeSymbols.Name(zephyrMode)} (the application's assumption, not the bootloader's own .config)");
        }

        int write = build.FlashWriteBlockSize ?? build.Arguments.Align;
        if (build.FlashWriteBlockSize is null)
        {
            assumed.Add($"flash write size {write} (no write-block-size on the zephyr,flash node)");
        }

        int maxAlign = (int?)(boot?.File.Number("CONFIG_MCUBOOT_BOOT_MAX_ALIGN") ?? boot?.File.Number("CONFIG_BOOT_MAX_ALIGN")) ?? Math.Max(8, write);
        var encryption = boot?.EncryptionType switch
        {
            "RSA" => EncryptionScheme.Rsa,
            "EC256" => EncryptionScheme.EcdhP256,
            "X25519" => EncryptionScheme.X25519,
            _ => EncryptionScheme.None,
        };
        if (boot is { MaxSectors: null })
        {
            assumed.Add("BOOT_MAX_IMG_SECTORS_AUTO: the larger slot divided by the sector size");
        }

        var (ramStart, ramSize) = mode == UpgradeMode.RamLoad ? ExecutableRam(build, assumed) : (null, null);
        return new BootloaderConfig
        {
            ExecutableRamStart = ramStart,
            ExecutableRamSize = ramSize,
            SignatureType = signature,
            Keys = keys,
            HashAlgorithm = hash,
            Pure = pure,
            KeyTlv = boot?.HardwareKey == true ? KeyTlvKind.FullPublicKey : KeyTlvKind.Hash,
            UseTlvAllowList = boot?.File.IsNotSet("CONFIG_MCUBOOT_USE_TLV_ALLOW_LIST") != true,
            Mode = mode,
            PrimarySlotSize = image.PrimarySize,
            SecondarySlotSize = image.SecondarySize,
            SectorSize = (int)Math.Clamp(image.SectorSize, 1, int.MaxValue),
            MaxImageSectors = boot?.MaxSectors,
            WriteAlignment = write,
            MaxAlign = maxAlign,
            Encryption = encryption,
            Aes256 = boot?.Aes256 ?? false,
            HmacSha512 = boot?.File.IsEnabled("CONFIG_BOOT_HMAC_SHA512") ?? false,
            HardwareRollbackProtection = boot?.HardwareDowngradePrevention ?? false,
            Assumptions = assumed,
        };
    }

    // RAM-load: boot/zephyr/include/mcuboot_config/mcuboot_config.h IMAGE_EXECUTABLE_RAM_START/SIZE =
    // CONFIG_BOOT_IMAGE_EXECUTABLE_RAM_START/SIZE of the bootloader's .config; without them, the region the build loads
    // images to (chosen mcuboot,ram-load-dev, else zephyr,sram), recorded as an assumption.
    private static (long? Start, long? Size) ExecutableRam(ZephyrBuildGeometry build, List<string> assumed)
    {
        var boot = build.Bootloader?.File;
        if (boot?.Number("CONFIG_BOOT_IMAGE_EXECUTABLE_RAM_START") is long start && boot.Number("CONFIG_BOOT_IMAGE_EXECUTABLE_RAM_SIZE") is long size)
        {
            return (start, size);
        }

        foreach (var dts in new[] { build.Folder.BootloaderDevicetree, build.Folder.ApplicationDevicetree })
        {
            var node = dts?.Chosen("mcuboot,ram-load-dev") ?? dts?.Chosen("zephyr,sram");
            if (node is { Reg.Count: > 0 })
            {
                assumed.Add($"executable RAM 0x{node.Reg[0].Address:x}..0x{node.Reg[0].Address + node.Reg[0].Size:x} ({node.Path}, the region the build loads images to; the bootloader's .config has no CONFIG_BOOT_IMAGE_EXECUTABLE_RAM_START/SIZE)");
                return ((long)node.Reg[0].Address, (long)node.Reg[0].Size);
            }
        }

        assumed.Add("executable RAM unknown: the RAM-load window is not checked");
        return (null, null);
    }

    private static List<BootloaderKey> BootloaderKeys(ZephyrBuildGeometry build, List<string> assumed, Func<string, string?> environment)
    {
        var boot = build.Bootloader;
        string? written = boot?.KeyFile;
        var vars = build.Folder.CMakeVariables;
        if (string.IsNullOrWhiteSpace(written))
        {
            // No bootloader .config: the application's key is the best guess (sysbuild gives both the same key).
            if (build.Arguments.KeyFile is { } appKey)
            {
                assumed.Add($"the bootloader holds the application's signing key {appKey} (no bootloader .config names its key)");
                return [BootloaderKey.FromKey(KeyLoader.Load(appKey, null))];
            }

            assumed.Add("no bootloader key known: signatures are not checked; pass -k with the bootloader's key");
            return [];
        }

        var (found, tried) = BuildKeyLocator.ResolveBootloaderKey(written, vars, environment);
        if (found is not null)
        {
            return [BootloaderKey.FromKey(KeyLoader.Load(found, null))];
        }

        string name = written.Replace('\\', '/').Split('/')[^1];
        if (BuildKeyLocator.IsDevelopmentKeyName(written) && DevelopmentKeys.All.FirstOrDefault(k => k.Name == name && !k.IsEncryptionKey) is { } dev)
        {
            assumed.Add($"the bootloader's key {written} is not on this machine; it is MCUboot's published development key {dev.Name} (public key from {dev.Source})");
            return [new BootloaderKey(dev.KeyType, dev.PublicKeyBytes, $"{written} (MCUboot's development key {dev.Name})")];
        }

        throw new McuBootException(ErrorCodes.BuildDirKeyNotFound,
            $"{boot!.File.Where("CONFIG_BOOT_SIGNATURE_KEY_FILE")}: the bootloader's key '{written}' is not on this machine (tried {(tried.Count == 0 ? written : string.Join(", ", tried))})",
            boot.File.SourcePath)
        { ExitCode = ExitCodes.KeyError, Fix = "pass the bootloader's public or private key with -k, or the bootloader binary with --bootloader." };
    }
}
