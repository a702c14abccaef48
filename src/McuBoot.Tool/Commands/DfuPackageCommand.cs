using System.CommandLine;
using McuBoot.Artifacts;
using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Tool.Commands;

/// <summary><c>dfu-package check ZIP</c>: the rules of the DFU apps' package readers (docs/release-artifacts.md).</summary>
internal static class DfuPackageCommand
{
    /// <summary>The one-line description shown in the command list.</summary>
    public const string Description = "Check a dfu_application.zip the way the nRF Connect Device Manager apps (iOS, Android) and SMP clients read it.";

    public static Command Create(CliContext context)
    {
        var zip = new Argument<string>("ZIP") { Description = "The DFU package (dfu_application.zip)." };
        var deviceSha = new Option<string?>("--device-sha") { Description = "The hash the device's MCUboot checks: 256, 384 or 512 (each image must carry that hash TLV)." };
        var check = new Command("check", "Check a DFU package: manifest fields and JSON types, files and sizes, names, one hash TLV per image.") { zip, deviceSha };
        check.SetAction(result =>
        {
            ImageHashAlgorithm? hash = CommonOptions.Choice(result.GetValue(deviceSha), "--device-sha", "any", "256", "384", "512") switch
            {
                "256" => ImageHashAlgorithm.Sha256,
                "384" => ImageHashAlgorithm.Sha384,
                "512" => ImageHashAlgorithm.Sha512,
                _ => null,
            };
            var report = DfuPackageValidator.Check(context.Resolve(result.GetValue(zip)!), hash);
            var o = context.Out;
            o.WriteLine($"package: {report.PackagePath}");
            foreach (var image in report.Images)
            {
                o.WriteLine($"image {image.ImageIndex}{(image.Slot is int s ? $" slot {s}" : string.Empty)}: {image.File} ({(image.Size < 0 ? "missing" : $"{image.Size} bytes")}{(image.HashTlv is null ? string.Empty : $", {image.HashTlv} {image.Hash}")})");
            }

            foreach (var finding in report.Findings)
            {
                o.WriteLine(finding.ToString());
            }

            int errors = report.Findings.Count(f => f.IsError);
            int warnings = report.Findings.Count - errors;
            o.WriteLine(report.Passed
                ? $"dfu-package check passed: the iOS and Android DFU readers accept it ({warnings} warning{(warnings == 1 ? string.Empty : "s")})."
                : $"dfu-package check failed: {errors} error{(errors == 1 ? string.Empty : "s")}, {warnings} warning{(warnings == 1 ? string.Empty : "s")}.");
            return report.Passed ? ExitCodes.Success : ExitCodes.Rejected;
        });

        return new Command("dfu-package", Description) { check };
    }
}
