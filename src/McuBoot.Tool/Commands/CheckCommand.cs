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
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var buildDir = CommonOptions.BuildDirectory();
        var buildImage = CommonOptions.BuildImage();
        var command = new Command("check", Description)
        {
            buildDir, buildImage,
            image, bootloader, layout, index, key, format, overwriteOnly, align, maxAlign, maxSectors, ramStart, ramSize, skipVectors,
            maxBootRecord, passwordEnv, passwordFile,
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

            McuBoot.Zephyr.ZephyrBuildGeometry? build = null;
            if (result.GetValue(buildDir) is { } dir)
            {
                // The build folder fills in what options do not give: its partitions.yml (NCS signs from it), its --align,
                // overwrite-only and BOOT_MAX_IMG_SECTORS, and the image index of its application.
                build = McuBoot.Zephyr.ZephyrBuildReader.Read(context.Resolve(dir), result.GetValue(buildImage), context.Environment);
                foreach (var d in build.Diagnostics)
                {
                    context.Error.WriteLine(d.ToString());
                }

                request = request with
                {
                    LayoutPath = request.LayoutPath ?? build.Folder.PartitionsFile,
                    ImageIndex = result.GetValue(index) is null ? build.Arguments.ImageIndex : request.ImageIndex,
                    Align = request.Align ?? build.Arguments.Align,
                    OverwriteOnly = request.OverwriteOnly || build.Arguments.OverwriteOnly,
                    MaxSectors = result.GetValue(maxSectors) is null ? build.Bootloader?.MaxSectors ?? request.MaxSectors : request.MaxSectors,
                };
            }

            var report = ImageChecker.Check(request);
            McuBoot.Bootloader.BootValidation? model = null;
            if (build is not null)
            {
                // "Will it boot": boot_validate_slot with the bootloader configuration of the build folder.
                var keys = request.KeyPath is { } modelKey ? new[] { McuBoot.Bootloader.BootloaderKey.FromKey(McuBoot.Keys.KeyLoader.Load(modelKey, request.Passwords)) } : null;
                var config = McuBoot.Zephyr.ZephyrBootloaderConfig.From(build, keys, context.Environment);
                model = McuBoot.Bootloader.BootImageValidator.ValidateSlot(ImageFileReader.ReadInput(request.ImagePath).Data, config, new McuBoot.Bootloader.BootValidationOptions { Name = request.ImagePath, ImageIndex = request.ImageIndex });
            }

            bool passed = report.Passed && (model?.Accepted ?? true);
            if (fmt == "json")
            {
                context.Out.Write(CheckReportJson.Format(report));
                if (model?.Rejection is { } rejected)
                {
                    context.Error.WriteLine(rejected.ToString());
                }
            }
            else
            {
                WriteModel(context, model);
                WriteText(context, report, passed);
            }

            return passed ? ExitCodes.Success : ExitCodes.Rejected;
        });
        return command;
    }

    private static void WriteModel(CliContext context, McuBoot.Bootloader.BootValidation? model)
    {
        if (model is null)
        {
            return;
        }

        var c = model.Config;
        context.Out.WriteLine($"bootloader (build folder): {c.SignatureType}, {McuBoot.Image.ImageHashAlgorithmExtensions.TlvName(c.HashAlgorithm)}{(c.Pure ? ", pure" : string.Empty)}, {c.Mode}, slot 0x{c.PrimarySlotSize ?? 0:x}, sector 0x{c.SectorSize:x}, write size {c.WriteAlignment}, {c.Keys.Count} key(s){(model.MaxImageSize is long max ? $", largest image 0x{max:x}" : string.Empty)}");
        foreach (var assumption in c.Assumptions)
        {
            context.Out.WriteLine($"  assumed: {assumption}");
        }

        foreach (var w in model.Warnings)
        {
            context.Out.WriteLine(w.ToString());
        }

        if (model.Rejection is { } rejection)
        {
            context.Out.WriteLine(rejection.ToString());
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

        int errors = report.Errors.Count() + (passed == report.Passed ? 0 : 1);
        int warnings = report.Warnings.Count();
        o.WriteLine(passed
            ? $"check passed: no reason found for the bootloader to reject the image ({warnings} warning{(warnings == 1 ? string.Empty : "s")})."
            : $"check failed: {errors} error{(errors == 1 ? string.Empty : "s")}, {warnings} warning{(warnings == 1 ? string.Empty : "s")}: the bootloader would reject or mishandle the image.");
    }
}
