// "Will it boot": the image decided by the bootloader model (McuBoot.Bootloader.BootImageValidator.ValidateSlot, i.e.
// MCUboot 2.4.0's boot_validate_slot with bootutil_img_validate; mcuboot-acceptance-rules.md §2-§8) for the bootloader
// the request, the layout, the key and the bootloader binary describe, MCUboot's Zephyr defaults assumed for the rest.
using McuBoot.Bootloader;
using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Checks;

public static partial class ImageChecker
{
    /// <summary>Findings about the signature, key and hash that the model decides better than the per-TLV checks (they look at the first TLV of a kind only).</summary>
    private static readonly HashSet<string> DecidedByModel =
    [
        ErrorCodes.CheckImageUnreadable, ErrorCodes.CheckNoKeyTlv, ErrorCodes.CheckSignedWithOtherKey, ErrorCodes.CheckSignatureInvalid,
        ErrorCodes.CheckSignatureLengthInvalid,
    ];

    /// <summary>Model warnings that other checks already report, or that would only repeat an assumption.</summary>
    private static readonly HashSet<string> ReportedElsewhere = [ErrorCodes.BootDataAfterTlvs, ErrorCodes.BootEncryptedHashUnchecked];

    private static BootValidation? CheckWithModel(Context ctx)
    {
        var r = ctx.Request;
        var data = ctx.Image.Data;
        if (data.Length < ImageHeader.Size)
        {
            return null;
        }

        var keys = new List<BootloaderKey>();
        if (ctx.Key is { } key)
        {
            keys.Add(BootloaderKey.FromKey(key));
        }
        else
        {
            keys.AddRange(ctx.BootloaderKeys.Select(k => new BootloaderKey(k.KeyType, k.PublicKeyBytes, $"{ctx.Bootloader?.Path} at {k.Locations[0]}")));
            keys = keys.Where(k => k.SignatureType == keys[0].SignatureType).ToList();
        }

        BootloaderConfig config;
        try
        {
            config = BootloaderConfigResolver.Resolve(new BootloaderOptions
            {
                Base = r.Bootloader,
                Keys = keys,
                Mode = r.Mode,
                OverwriteOnly = r.OverwriteOnly && r.Bootloader is null,
                SlotSize = r.SlotSize ?? ctx.Geometry?.SlotSize,
                SecondarySlotSize = ctx.Geometry?.SecondarySize,
                SectorSize = r.SectorSize,
                // With a build's configuration, Align, MaxSectors and OverwriteOnly describe the trailer imgtool wrote (the
                // geometry checks); the bootloader's own write size, sector count and mode are in r.Bootloader (a caller
                // folds explicit options into it, as ZephyrCheckRequest.Apply does).
                WriteAlignment = r.Bootloader is null ? r.Align ?? ctx.Geometry?.WriteAlignment : null,
                MaxAlign = r.MaxAlign,
                MaxImageSectors = r.Bootloader is null && r.MaxSectors != 128 ? r.MaxSectors : null,
                UseTlvAllowList = r.UseTlvAllowList,
                HashAlgorithm = r.BootloaderHash,
                Pure = r.Pure,
            }, data);
        }
        catch (McuBootException e)
        {
            ctx.Error(e.Code, e.Message);
            return null;
        }

        config = FollowImageFlags(config, data, r.Bootloader is null);
        config = config with
        {
            PrimaryVersion = r.CurrentVersion ?? config.PrimaryVersion,
            ImageVersions = r.ImageVersions.Count > 0 ? r.ImageVersions : config.ImageVersions,
            VersionCompareUsesBuildNumber = r.VersionCompareUsesBuildNumber || config.VersionCompareUsesBuildNumber,
        };
        var v = BootImageValidator.ValidateSlot(data, config, new BootValidationOptions { Name = ctx.Image.Path, ImageIndex = r.ImageIndex });
        if (v.Accepted)
        {
            ctx.Findings.RemoveAll(f => f.IsError && DecidedByModel.Contains(f.Code) && (f.Code == ErrorCodes.CheckImageUnreadable || v.SignatureVerified));
        }
        else if (!ctx.Findings.Any(f => f.IsError))
        {
            ctx.Error(v.Rejection!.Code, $"MCUboot rejects the image ({v.Rejection.Rule}): {v.Rejection.Message}{BootValidation.AssumedSuffix(config)}");
        }
        else
        {
            return v; // another check already names the reason; the model's warnings would only repeat it
        }

        foreach (var w in v.Warnings.Where(w => !ReportedElsewhere.Contains(w.Code)))
        {
            if (w.Code == ErrorCodes.BootFlagWithoutEffect && config.Assumptions.Count > 0)
            {
                continue; // the mode is assumed: a flag for another mode is no evidence of a mistake
            }

            ctx.Warning(w.Code, w.Message);
        }

        return v;
    }

    // Without a build folder, an encrypted or compressed image makes the model assume a bootloader that supports it:
    // the header-flag checks (MCUB8107-MCUB8110) already say which bootloaders do.
    private static BootloaderConfig FollowImageFlags(BootloaderConfig config, byte[] data, bool assumed)
    {
        if (!assumed)
        {
            return config;
        }

        var header = ImageHeader.Read(data, ByteOrder.LittleEndian, out _);
        var list = config.Assumptions.ToList();
        if ((header.Flags & (ImageFlags.EncryptedAes128 | ImageFlags.EncryptedAes256)) != 0 && config.Encryption == EncryptionScheme.None)
        {
            var scheme = EncryptionOf(data);
            if (scheme is not null)
            {
                list.Add($"image encryption {scheme} with AES-{((header.Flags & ImageFlags.EncryptedAes256) != 0 ? 256 : 128)} (as the image is encrypted)");
                config = config with { Encryption = scheme.Value, Aes256 = (header.Flags & ImageFlags.EncryptedAes256) != 0 };
            }
        }

        if ((header.Flags & (ImageFlags.CompressedLzma1 | ImageFlags.CompressedLzma2)) != 0 && !config.DecompressImages)
        {
            list.Add("decompression support (MCUBOOT_DECOMPRESS_IMAGES, nRF Connect SDK only; as the image is compressed)");
            config = config with { DecompressImages = true };
        }

        return config with { Assumptions = list };
    }

    private static EncryptionScheme? EncryptionOf(byte[] data)
    {
        try
        {
            var parsed = ImageReader.Read(data);
            return parsed.AllTlvs.Select(t => t.Type).FirstOrDefault(t => t is >= TlvType.EncRsa2048 and <= TlvType.EncX25519Sha512) switch
            {
                TlvType.EncRsa2048 => EncryptionScheme.Rsa,
                TlvType.EncKw => EncryptionScheme.AesKeyWrap,
                TlvType.EncEc256 => EncryptionScheme.EcdhP256,
                TlvType.EncX25519 or TlvType.EncX25519Sha512 => EncryptionScheme.X25519,
                _ => null,
            };
        }
        catch (McuBootException)
        {
            return null;
        }
    }
}
