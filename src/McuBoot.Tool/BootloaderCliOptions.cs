using System.CommandLine;
using System.Globalization;
using McuBoot.Bootloader;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Tool;

/// <summary>
/// The bootloader's configuration as command-line options, shared by <c>verify</c> and <c>check</c>: keys (several
/// <c>-k</c>), upgrade mode, slot and flash geometry, allow-list, hash and pure, key TLV kind, stored security counter.
/// Turned into <see cref="BootloaderOptions"/> for <see cref="BootloaderConfigResolver"/>.
/// </summary>
internal sealed class BootloaderCliOptions
{
    public Option<string[]> Keys { get; } = new("--key", "-k")
    {
        Description = "A bootloader key (private or public PEM); repeat for a bootloader with several keys. The first decides the signature type.",
        HelpName = "FILE",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> Mode { get; } = new("--mode")
    {
        Description = $"The bootloader's upgrade mode: {string.Join(", ", UpgradeModeNames.Names)} (default swap-move, the sysbuild default).",
        HelpName = "MODE",
    };

    public Option<bool> OverwriteOnly { get; } = new("--overwrite-only") { Description = "The bootloader is overwrite-only (CONFIG_BOOT_UPGRADE_ONLY); the same as --mode overwrite-only." };

    public Option<string?> SlotSize { get; } = new("--slot-size", "-S") { Description = "The slot size: enables the size limit of the upgrade mode (bootutil_max_image_size).", HelpName = "SIZE" };

    public Option<string?> SectorSize { get; } = new("--sector-size") { Description = "The flash erase (sector) size (default 0x1000).", HelpName = "SIZE" };

    public Option<string?> Align { get; } = new("--align") { Description = "The flash write size (1, 2, 4, 8, 16, 32; default: the layout's, else 4).", HelpName = "N" };

    public Option<string?> MaxAlign { get; } = new("--max-align") { Description = "The bootloader's BOOT_MAX_ALIGN (8, 16, 32); also checked against the trailer magic.", HelpName = "N" };

    public Option<string?> MaxSectors { get; } = new("--max-sectors", "-M") { Description = "The bootloader's BOOT_MAX_IMG_SECTORS (default: slot size / sector size, Zephyr's automatic value).", HelpName = "N" };

    public Option<bool> NoAllowList { get; } = new("--no-allow-list") { Description = "The bootloader is built without MCUBOOT_USE_TLV_ALLOW_LIST (on by default in every port)." };

    public Option<string?> Sha { get; } = new("--sha") { Description = "The bootloader's image hash: 256, 384 or 512 (default: the image's, if the key type allows it).", HelpName = "256|384|512" };

    public Option<bool> Pure { get; } = new("--pure") { Description = "The bootloader verifies pure Ed25519 signatures (CONFIG_BOOT_SIGNATURE_TYPE_PURE)." };

    public Option<string?> KeyFormat { get; } = new("--public-key-format") { Description = "How the bootloader finds its key: hash (KEYHASH, default), full (MCUBOOT_HW_KEY: PUBKEY TLV), builtin (MCUBOOT_BUILTIN_KEY).", HelpName = "hash|full|builtin" };

    public Option<string?> SecurityCounter { get; } = new("--security-counter") { Description = "The device's stored security counter: the bootloader has hardware rollback protection and requires SEC_CNT at least this.", HelpName = "N" };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in (Option[])[Keys, Mode, OverwriteOnly, SlotSize, SectorSize, Align, MaxAlign, MaxSectors, NoAllowList, Sha, Pure, KeyFormat, SecurityCounter])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The key specs given (file paths, <c>pkcs11:</c> URIs, <c>exec:</c> signers), as typed.</summary>
    public IReadOnlyList<string> KeySpecs(ParseResult result) => result.GetValue(Keys) ?? [];

    public int? AlignValue(ParseResult result)
        => result.GetValue(Align) is { } a ? int.Parse(CommonOptions.Choice(a, "--align", "1", "1", "2", "4", "8", "16", "32"), CultureInfo.InvariantCulture) : null;

    public int? MaxAlignValue(ParseResult result)
        => result.GetValue(MaxAlign) is { } ma ? int.Parse(CommonOptions.Choice(ma, "--max-align", "8", "8", "16", "32"), CultureInfo.InvariantCulture) : null;

    public int? MaxSectorsValue(ParseResult result)
        => result.GetValue(MaxSectors) is { } ms ? (int)IntegerLiteral.ParseUInt32(ms, "-M/--max-sectors", 1, int.MaxValue) : null;

    /// <summary>Loads the public half of every <c>-k</c> key (the caller disposes them); X25519 keys are refused.</summary>
    public List<McuBootKey> LoadKeys(CliContext context, ParseResult result, IPasswordProvider? passwords)
    {
        var keys = new List<McuBootKey>();
        try
        {
            foreach (var spec in KeySpecs(result))
            {
                var key = SignerFactory.LoadPublicKey(spec, passwords, context.BaseDirectory);
                keys.Add(key);
                if (key.Type == KeyType.X25519)
                {
                    throw new McuBootException(ErrorCodes.KeyTypeMismatch, $"{McuBoot.Keys.KeyTypeNames.Name(key.Type)} keys encrypt, they do not sign; give the signing key (-k).", spec) { ExitCode = ExitCodes.Usage };
                }
            }

            return keys;
        }
        catch
        {
            keys.ForEach(k => k.Dispose());
            throw;
        }
    }

    /// <summary>Reads every option into <see cref="BootloaderOptions"/> with the given bootloader keys.</summary>
    public BootloaderOptions Read(ParseResult result, IReadOnlyList<BootloaderKey> keys)
    {
        return new BootloaderOptions
        {
            Keys = keys,
            Mode = result.GetValue(Mode) is { } m ? UpgradeModeNames.Parse(m) : null,
            OverwriteOnly = result.GetValue(OverwriteOnly),
            SlotSize = result.GetValue(SlotSize) is { } s ? (long)IntegerLiteral.ParseUInt32(s, "-S/--slot-size", 1, uint.MaxValue) : null,
            SectorSize = result.GetValue(SectorSize) is { } e ? (int)IntegerLiteral.ParseUInt32(e, "--sector-size", 1, int.MaxValue) : null,
            WriteAlignment = AlignValue(result),
            MaxAlign = MaxAlignValue(result),
            MaxImageSectors = MaxSectorsValue(result),
            UseTlvAllowList = result.GetValue(NoAllowList) ? false : null,
            HashAlgorithm = result.GetValue(Sha) is { } sha ? CommonOptions.Choice(sha, "--sha", "256", "256", "384", "512") switch
            {
                "256" => ImageHashAlgorithm.Sha256,
                "384" => ImageHashAlgorithm.Sha384,
                _ => ImageHashAlgorithm.Sha512,
            } : null,
            Pure = result.GetValue(Pure) ? true : null,
            KeyTlv = result.GetValue(KeyFormat) is { } f ? CommonOptions.Choice(f, "--public-key-format", "hash", "hash", "full", "builtin") switch
            {
                "full" => KeyTlvKind.FullPublicKey,
                "builtin" => KeyTlvKind.BuiltIn,
                _ => KeyTlvKind.Hash,
            } : null,
            StoredSecurityCounter = CommonOptions.UInt32(result, SecurityCounter, "--security-counter"),
        };
    }

    /// <summary>Prints the assumptions the configuration rests on, one <c>note:</c> line each, to standard error.</summary>
    public static void WriteAssumptions(CliContext context, BootloaderConfig config)
    {
        foreach (var assumption in config.Assumptions)
        {
            context.Error.WriteLine($"note: assumed {assumption}");
        }
    }
}
