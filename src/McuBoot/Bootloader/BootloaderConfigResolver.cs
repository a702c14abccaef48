// Which bootloader is assumed when nothing says otherwise: MCUboot's Zephyr defaults at v2.4.0
// (mcuboot-acceptance-rules.md §10), with the hash and pure choice taken from the image when the signature type allows it
// (so an image signed --sha 512 for an Ed25519 bootloader verifies without --sha), each assumption recorded.
using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Bootloader;

/// <summary>Builds the <see cref="BootloaderConfig"/> that <c>verify</c>, <c>check</c> and the MSBuild task decide on.</summary>
public static class BootloaderConfigResolver
{
    /// <summary>
    /// Applies <paramref name="options"/> to their <see cref="BootloaderOptions.Base"/> (a build folder's configuration) or,
    /// without one, to MCUboot's Zephyr defaults, recording in <see cref="BootloaderConfig.Assumptions"/> every value that
    /// was assumed. <paramref name="image"/> (optional) lets the hash algorithm and pure mode follow the image when the
    /// bootloader's are not given.
    /// </summary>
    /// <exception cref="McuBootException">Contradicting options (<see cref="ErrorCodes.BootloaderOptionsConflict"/>).</exception>
    public static BootloaderConfig Resolve(BootloaderOptions options, ReadOnlyMemory<byte> image = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.OverwriteOnly && options.Mode is UpgradeMode m && m != UpgradeMode.OverwriteOnly)
        {
            throw Conflict($"--overwrite-only contradicts --mode {UpgradeModeNames.Name(m)}; give one of them.");
        }

        var mode = options.OverwriteOnly ? UpgradeMode.OverwriteOnly : options.Mode;
        var config = options.Base ?? BootloaderConfig.ZephyrDefaults(options.Keys, options.SlotSize);
        var assumed = config.Assumptions.ToList();
        if (options.Base is not null && options.Keys.Count > 0)
        {
            config = config with { Keys = options.Keys, SignatureType = options.Keys[0].SignatureType };
        }

        if (options.Keys.Count > 0 && options.Keys.Any(k => k.SignatureType != options.Keys[0].SignatureType))
        {
            throw Conflict($"The bootloader keys are of different types ({string.Join(", ", options.Keys.Select(k => $"{k.Source}: {k.KeyType}").Distinct())}); an MCUboot build verifies one signature type, so give keys of one type.");
        }

        if (mode is UpgradeMode mo)
        {
            config = config with { Mode = mo };
            assumed.RemoveAll(a => a.StartsWith("upgrade mode", StringComparison.Ordinal));
        }

        if (options.SlotSize is long s)
        {
            config = config with { PrimarySlotSize = s };
            assumed.RemoveAll(a => a.StartsWith("slot size unknown", StringComparison.Ordinal));
        }

        config = config with
        {
            SecondarySlotSize = options.SecondarySlotSize ?? config.SecondarySlotSize,
            SectorSize = options.SectorSize ?? config.SectorSize,
            WriteAlignment = options.WriteAlignment ?? config.WriteAlignment,
            MaxAlign = options.MaxAlign ?? (options.WriteAlignment is int w && w > config.MaxAlign ? w : config.MaxAlign),
            MaxImageSectors = options.MaxImageSectors ?? config.MaxImageSectors,
            UseTlvAllowList = options.UseTlvAllowList ?? config.UseTlvAllowList,
            KeyTlv = options.KeyTlv ?? config.KeyTlv,
        };
        if (options.UseTlvAllowList is not null)
        {
            assumed.RemoveAll(a => a.StartsWith("TLV allow-list", StringComparison.Ordinal));
        }

        if (options.StoredSecurityCounter is uint counter)
        {
            config = config with { HardwareRollbackProtection = true, StoredSecurityCounter = counter };
        }

        bool hashGiven = options.HashAlgorithm is not null || options.Pure is not null || options.Base is not null;
        if (options.HashAlgorithm is { } h)
        {
            config = config with { HashAlgorithm = h };
            assumed.RemoveAll(a => a.StartsWith("image hash", StringComparison.Ordinal));
        }

        if (options.Pure is bool p)
        {
            config = config with { Pure = p, HashAlgorithm = p && options.HashAlgorithm is null ? ImageHashAlgorithm.Sha512 : config.HashAlgorithm };
        }

        if (!hashGiven)
        {
            assumed.RemoveAll(a => a.StartsWith("image hash", StringComparison.Ordinal));
            config = FollowImage(config, image, assumed);
        }

        if (options.KeyTlv is null && options.Base is null && config.SignatureType != BootloaderSignatureType.None && Scan(image) is { PublicKey: true, KeyHash: false })
        {
            assumed.Add("the bootloader reads the full public key (MCUBOOT_HW_KEY, as the image carries a PUBKEY TLV), provisioned with the first key's hash");
            config = config with { KeyTlv = KeyTlvKind.FullPublicKey };
        }

        if (options.Base is null && !config.HmacSha512 && Scan(image).HmacSha512)
        {
            assumed.Add("X25519 encryption with HMAC-SHA512 (MCUBOOT_HMAC_SHA512, as the image carries ENCX25519_SHA512)");
            config = config with { HmacSha512 = true };
        }

        if (config.Pure && config.SignatureType is not (BootloaderSignatureType.Ed25519 or BootloaderSignatureType.None))
        {
            throw Conflict($"A pure-signature bootloader verifies Ed25519 only, but the key is {config.SignatureType}; drop --pure or give the Ed25519 key.");
        }

        if (config.MaxAlign is not (8 or 16 or 32) || config.WriteAlignment is not (1 or 2 or 4 or 8 or 16 or 32) || config.WriteAlignment > config.MaxAlign)
        {
            throw new McuBootException(ErrorCodes.InvalidAlignment,
                $"--align {config.WriteAlignment} / --max-align {config.MaxAlign}: the write size must be 1, 2, 4, 8, 16 or 32 and BOOT_MAX_ALIGN 8, 16 or 32, at least the write size.")
            { ExitCode = ExitCodes.Usage };
        }

        return config with { Assumptions = assumed };
    }

    // No hash configured: take the image's, if the signature type allows it (Zephyr Kconfig BOOT_IMG_HASH_ALG: SHA-512 for
    // Ed25519 and PSA ECDSA; EC384 implies SHA-384), and pure when the image is a pure Ed25519 image.
    private static BootloaderConfig FollowImage(BootloaderConfig config, ReadOnlyMemory<byte> image, List<string> assumed)
    {
        var (hashes, pure, _, _, _) = Scan(image);
        var allowed = config.SignatureType switch
        {
            BootloaderSignatureType.Rsa2048 or BootloaderSignatureType.Rsa3072 => [ImageHashAlgorithm.Sha256],
            BootloaderSignatureType.EcdsaP256 => [ImageHashAlgorithm.Sha256, ImageHashAlgorithm.Sha512],
            BootloaderSignatureType.EcdsaP384 => [ImageHashAlgorithm.Sha384],
            BootloaderSignatureType.Ed25519 => [ImageHashAlgorithm.Sha256, ImageHashAlgorithm.Sha512],
            _ => new[] { ImageHashAlgorithm.Sha256, ImageHashAlgorithm.Sha512, ImageHashAlgorithm.Sha384 },
        };
        bool canPure = config.SignatureType == BootloaderSignatureType.Ed25519;
        if (pure && canPure)
        {
            assumed.Add("pure Ed25519 signatures with SHA512 key hashes (the image is a --pure image; give --sha/--pure for the bootloader's real setting)");
            return config with { Pure = true, HashAlgorithm = ImageHashAlgorithm.Sha512 };
        }

        var chosen = hashes.FirstOrDefault(allowed.Contains, allowed[0]);
        if (hashes.Count > 0 && hashes[0] == chosen && chosen != allowed[0])
        {
            assumed.Add($"image hash {chosen.TlvName()} (taken from the image; a {config.SignatureType} bootloader may use it; give --sha for the bootloader's real setting)");
        }
        else
        {
            assumed.Add($"image hash {chosen.TlvName()} ({(hashes.Contains(chosen) ? "as in the image" : "the Zephyr default")}), not pure, KEYHASH key TLV");
        }

        return config with { HashAlgorithm = chosen };
    }

    private static (List<ImageHashAlgorithm> Hashes, bool Pure, bool PublicKey, bool KeyHash, bool HmacSha512) Scan(ReadOnlyMemory<byte> image)
    {
        var hashes = new List<ImageHashAlgorithm>();
        bool pure = false, publicKey = false, keyHash = false, hmac512 = false;
        if (image.Length < ImageHeader.Size)
        {
            return (hashes, pure, publicKey, keyHash, hmac512);
        }

        var order = BootloaderVerifier.OrderOf(image.Span);
        var area = new FlashArea(image, null, 0xff, order); // only the header and TLVs are read: the image is not copied
        var header = ImageHeader.Read(image.Span, order, out _);
        var it = TlvIterator.Begin(area, header.TlvOffset, header.ProtectedTlvSize, TlvIterator.Any, false, out _);
        while (it is not null && it.Next(out long off, out ushort len, out ushort type) == 0)
        {
            if (TlvType.HashOf(type) is { } h && !hashes.Contains(h) && !it.IsProtected(off))
            {
                hashes.Add(h);
            }

            pure |= type == TlvType.SigPure && len == 1;
            publicKey |= type == TlvType.PublicKey;
            hmac512 |= type == TlvType.EncX25519Sha512;
            keyHash |= type == TlvType.KeyHash;
        }

        return (hashes, pure, publicKey, keyHash, hmac512);
    }

    private static McuBootException Conflict(string message) => new(ErrorCodes.BootloaderOptionsConflict, message) { ExitCode = ExitCodes.Usage };
}
