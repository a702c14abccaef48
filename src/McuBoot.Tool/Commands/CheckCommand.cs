using System.CommandLine;
using System.Globalization;
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.IO;

namespace McuBoot.Tool.Commands;

/// <summary>
/// <c>check IMAGE [--bootloader FILE] [--layout FILE] [--image N] [--key FILE] [--format text|json]</c>: every reason the
/// bootloader would reject or mishandle the image (a thin adapter over <see cref="ImageChecker"/>). Exit 0 only without errors.
/// </summary>
internal static class CheckCommand
{
    /// <summary>The one-line description shown in the command list.</summary>
    public const string Description = "Report every reason the bootloader would reject or mishandle an image (exit 0 only when there is none).";

    public static Command Create(CliContext context)
    {
        var image = new Argument<string>("IMAGE") { Description = "Signed image: .bin, .hex or ELF." };
        var bootloader = new Option<string?>("--bootloader", "-b") { Description = "The MCUboot build (.bin, .hex or ELF): check that it holds the image's key.", HelpName = "FILE" };
        var layout = new Option<string?>("--layout") { Description = "Partition layout (pm_static.yml, partitions.yml or mcuboot-layout): header size, slot sizes, addresses.", HelpName = "FILE" };
        var index = new Option<string?>("--image") { Description = "Image index in the layout (default 0, the application).", HelpName = "N" };
        var key = CommonOptions.Key(false, "The key the image should be signed with (private or public PEM): key hash and signature are checked.");
        var format = new Option<string?>("--format") { Description = "Output: text (default) or json.", HelpName = "text|json" };
        var overwriteOnly = new Option<bool>("--overwrite-only") { Description = "The bootloader is overwrite-only (CONFIG_BOOT_UPGRADE_ONLY)." };
        var align = new Option<string?>("--align") { Description = "Flash write size for the trailer (1, 2, 4, 8, 16, 32; default: the layout's, else 4 with --layout, 1 without).", HelpName = "N" };
        var maxAlign = new Option<string?>("--max-align") { Description = "The bootloader's BOOT_MAX_ALIGN (8, 16, 32); also checked against the trailer magic.", HelpName = "N" };
        var maxSectors = new Option<string?>("--max-sectors", "-M") { Description = "The bootloader's BOOT_MAX_IMG_SECTORS (default 128).", HelpName = "N" };
        var ramStart = new Option<string?>("--ram-start") { Description = "Start of the device's RAM for the stack-pointer check (with the layout's sram_primary; without either, any Cortex-M RAM region is accepted).", HelpName = "ADDR" };
        var ramSize = new Option<string?>("--ram-size") { Description = "Size of the RAM at --ram-start (default 0x10000000).", HelpName = "SIZE" };
        var skipVectors = new Option<bool>("--skip-vector-table") { Description = "Skip the Cortex-M vector-table check (other architectures)." };
        var maxBootRecord = new Option<string?>("--max-boot-record") { Description = "Measured-boot record limit in bytes (default 64).", HelpName = "N" };
        var mode = new Option<string?>("--mode") { Description = $"The bootloader's upgrade mode: {string.Join(", ", McuBoot.Bootloader.UpgradeModeNames.Names)} (default swap-move, assumed).", HelpName = "MODE" };
        var slotSize = new Option<string?>("--slot-size", "-S") { Description = "The slot size, when no layout gives it: enables the size limit of the upgrade mode.", HelpName = "SIZE" };
        var sectorSize = new Option<string?>("--sector-size") { Description = "The flash erase (sector) size (default 0x1000).", HelpName = "SIZE" };
        var noAllowList = new Option<bool>("--no-allow-list") { Description = "The bootloader is built without MCUBOOT_USE_TLV_ALLOW_LIST (on by default)." };
        var sha = new Option<string?>("--sha") { Description = "The bootloader's image hash: 256, 384 or 512 (default: the image's, if the key type allows it).", HelpName = "256|384|512" };
        var pure = new Option<bool>("--pure") { Description = "The bootloader verifies pure Ed25519 signatures." };
        var currentVersion = new Option<string?>("--current-version") { Description = "The version installed in the primary slot: the bootloader has downgrade prevention (MCUBOOT_DOWNGRADE_PREVENTION) and refuses an older update.", HelpName = "VERSION" };
        var imageVersions = new Option<string[]>("--image-version") { Description = "The version of another image of a multi-image build, for the image's dependencies (DEPENDENCY TLVs). Repeatable.", HelpName = "ID=VERSION" };
        var cmpBuild = new Option<bool>("--version-cmp-build-number") { Description = "The bootloader compares versions with the build number (MCUBOOT_VERSION_CMP_USE_BUILD_NUMBER)." };
        var explain = new Option<bool>("--explain") { Description = "Print the bootloader configuration the image was checked against and every assumption (to standard error)." };
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var buildDir = CommonOptions.BuildDirectory();
        var buildImage = CommonOptions.BuildImage();
        var command = new Command("check", Description)
        {
            buildDir, buildImage,
            image, bootloader, layout, index, key, format, overwriteOnly, align, maxAlign, maxSectors, ramStart, ramSize, skipVectors,
            maxBootRecord, passwordEnv, passwordFile, mode, slotSize, sectorSize, noAllowList, sha, pure, explain,
            currentVersion, imageVersions, cmpBuild,
        };
        command.SetAction(result =>
        {
            string fmt = CommonOptions.Choice(result.GetValue(format), "--format", "text", "text", "json");
            var request = new CheckRequest
            {
                ImagePath = context.Resolve(result.GetValue(image)!),
                BootloaderPath = result.GetValue(bootloader) is { } b ? context.Resolve(b) : null,
                LayoutPath = result.GetValue(layout) is { } l ? context.Resolve(l) : null,
                ImageIndex = result.GetValue(index) is { } i ? (int)IntegerLiteral.ParseUInt32(i, "--image", 0, 255) : 0,
                KeyPath = result.GetValue(key) is { } k ? context.ResolveKey(k) : null,
                Passwords = CommonOptions.Passwords(context, result, passwordEnv, passwordFile),
                OverwriteOnly = result.GetValue(overwriteOnly),
                Align = result.GetValue(align) is { } a ? int.Parse(CommonOptions.Choice(a, "--align", "1", "1", "2", "4", "8", "16", "32"), CultureInfo.InvariantCulture) : null,
                MaxAlign = result.GetValue(maxAlign) is { } ma ? int.Parse(CommonOptions.Choice(ma, "--max-align", "8", "8", "16", "32"), CultureInfo.InvariantCulture) : null,
                MaxSectors = result.GetValue(maxSectors) is { } ms ? (int)IntegerLiteral.ParseUInt32(ms, "-M/--max-sectors", 0, int.MaxValue) : 128,
                RamStart = CommonOptions.UInt32(result, ramStart, "--ram-start"),
                RamSize = CommonOptions.UInt32(result, ramSize, "--ram-size"),
                SkipVectorTable = result.GetValue(skipVectors),
                MaxBootRecordSize = result.GetValue(maxBootRecord) is { } mb ? (int)IntegerLiteral.ParseUInt32(mb, "--max-boot-record", 0, 65535) : 64,
            };

            request = request with
            {
                Mode = result.GetValue(mode) is { } m ? McuBoot.Bootloader.UpgradeModeNames.Parse(m) : null,
                SlotSize = result.GetValue(slotSize) is { } ss ? IntegerLiteral.ParseUInt32(ss, "-S/--slot-size", 1, uint.MaxValue) : null,
                SectorSize = result.GetValue(sectorSize) is { } se ? (int)IntegerLiteral.ParseUInt32(se, "--sector-size", 1, int.MaxValue) : null,
                UseTlvAllowList = result.GetValue(noAllowList) ? false : null,
                BootloaderHash = result.GetValue(sha) is { } h ? CommonOptions.Choice(h, "--sha", "256", "256", "384", "512") switch
                {
                    "256" => McuBoot.Image.ImageHashAlgorithm.Sha256,
                    "384" => McuBoot.Image.ImageHashAlgorithm.Sha384,
                    _ => McuBoot.Image.ImageHashAlgorithm.Sha512,
                } : null,
                Pure = result.GetValue(pure) ? true : null,
                CurrentVersion = result.GetValue(currentVersion) is { } cv ? McuBoot.Image.ImageVersion.Parse(cv, "--current-version") : null,
                ImageVersions = ParseImageVersions(result.GetValue(imageVersions) ?? []),
                VersionCompareUsesBuildNumber = result.GetValue(cmpBuild),
            };
            bool fromBuild = false;
            if (result.GetValue(buildDir) is { } dir)
            {
                // The build folder fills in what options do not give (its partitions.yml, image index, --align, overwrite-only,
                // BOOT_MAX_IMG_SECTORS, devicetree RAM) and the bootloader configuration the one model decides with.
                var build = McuBoot.Zephyr.ZephyrBuildReader.Read(context.Resolve(dir), result.GetValue(buildImage), context.Environment);
                foreach (var d in build.Diagnostics)
                {
                    context.Error.WriteLine(d.ToString());
                }

                request = McuBoot.Zephyr.ZephyrCheckRequest.Apply(request, build,
                    result.GetValue(index) is null ? null : request.ImageIndex,
                    result.GetValue(maxSectors) is null ? null : request.MaxSectors,
                    context.Environment);
                fromBuild = true;
            }

            var report = ImageChecker.Check(request);
            if (result.GetValue(explain) && report.Bootloader is { } bootloaderConfig)
            {
                context.Error.WriteLine($"note: bootloader: {bootloaderConfig.Describe()}");
                BootloaderCliOptions.WriteAssumptions(context, bootloaderConfig);
            }

            bool passed = report.Passed;
            if (fmt == "json")
            {
                context.Out.Write(CheckReportJson.Format(report));
            }
            else
            {
                if (fromBuild && report.Model is { } model)
                {
                    WriteModel(context, model);
                }

                WriteText(context, report, passed);
            }

            return passed ? ExitCodes.Success : ExitCodes.Rejected;
        });
        return command;
    }

    // --image-version ID=VERSION, repeatable.
    private static Dictionary<int, McuBoot.Image.ImageVersion> ParseImageVersions(string[] values)
    {
        var result = new Dictionary<int, McuBoot.Image.ImageVersion>();
        foreach (var value in values)
        {
            int eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new McuBootException(ErrorCodes.InvalidOptionValue, $"Invalid value for '--image-version': '{value}'; write ID=VERSION, e.g. 1=1.2.0.") { ExitCode = ExitCodes.Usage };
            }

            int id = (int)IntegerLiteral.ParseUInt32(value[..eq], "--image-version", 0, 255);
            result[id] = McuBoot.Image.ImageVersion.Parse(value[(eq + 1)..], "--image-version");
        }

        return result;
    }

    // The bootloader the build folder describes (its findings are among the report's).
    private static void WriteModel(CliContext context, McuBoot.Bootloader.BootValidation model)
    {
        context.Out.WriteLine($"bootloader (build folder): {model.Config.Describe()}{(model.MaxImageSize is long max ? $", largest image 0x{max:x}" : string.Empty)}");
        foreach (var assumption in model.Config.Assumptions)
        {
            context.Out.WriteLine($"  assumed: {assumption}");
        }
    }

    private static void WriteText(CliContext context, CheckReport report, bool passed)
    {
        var o = context.Out;
        if (report.SignatureType is { } sig && report.ImageKeyHash is { } hash && report.HashAlgorithm is { } alg)
        {
            o.WriteLine($"image: {report.ImagePath}: {sig} signature, key hash ({McuBoot.Image.ImageHashAlgorithmExtensions.TlvName(alg)}) {hash}");
        }
        else
        {
            o.WriteLine($"image: {report.ImagePath}");
        }

        foreach (var pair in report.SignaturePairs)
        {
            o.WriteLine(pair);
        }

        if (report.KeyFoundInBootloader is { } found)
        {
            o.WriteLine($"bootloader: holds the image's key ({found})");
        }

        foreach (var finding in report.Findings)
        {
            o.WriteLine(finding.ToString());
        }

        int errors = report.Errors.Count();
        int warnings = report.Warnings.Count();
        o.WriteLine(passed
            ? $"check passed: no reason found for the bootloader to reject the image ({warnings} warning{(warnings == 1 ? string.Empty : "s")})."
            : $"check failed: {errors} error{(errors == 1 ? string.Empty : "s")}, {warnings} warning{(warnings == 1 ? string.Empty : "s")}: the bootloader would reject or mishandle the image.");
    }
}
