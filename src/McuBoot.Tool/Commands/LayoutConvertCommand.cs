using System.CommandLine;
using McuBoot.Diagnostics;
using McuBoot.Layouts;

namespace McuBoot.Tool.Commands;

/// <summary><c>layout convert FILE [--format dts-overlay|mcuboot-layout] [-o FILE]</c>: migration off Partition Manager.</summary>
internal static class LayoutConvertCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "pm_static.yml, build/partitions.yml or partitions_CPUNET.yml (mcuboot-layout output also takes an mcuboot-layout file)." };
        var format = new Option<string?>("--format", "-f") { Description = "dts-overlay (default): a devicetree overlay mapped like sdk-nrf's pm_to_dts.py; mcuboot-layout: our layout schema." };
        var output = new Option<string?>("--output", "-o") { Description = "Write to FILE instead of standard output.", HelpName = "FILE" };
        var flashNode = new Option<string?>("--flash-node") { Description = "Internal flash node label (default flash0; cpuapp_rram when the layout reaches beyond 1 MiB, as on nRF54L).", HelpName = "LABEL" };
        var externalNode = new Option<string?>("--external-node") { Description = "External flash node label (default mx25r64, as pm_to_dts.py).", HelpName = "LABEL" };
        var netCore = new Option<bool>("--network-core") { Description = "The file is the nRF5340 network core's layout: write &flash1 (default when the file name contains CPUNET)." };
        var convert = new Command("convert", "Convert a Partition Manager layout to a devicetree overlay or to the mcuboot-layout schema.")
        {
            file, format, output, flashNode, externalNode, netCore,
        };
        convert.SetAction(result =>
        {
            string path = context.Resolve(result.GetValue(file)!);
            string fmt = CommonOptions.Choice(result.GetValue(format), "--format", "dts-overlay", "dts-overlay", "mcuboot-layout");
            var options = new DtsOverlayOptions
            {
                FlashNode = result.GetValue(flashNode),
                ExternalFlashNode = result.GetValue(externalNode) ?? DtsOverlayOptions.Default.ExternalFlashNode,
                NetworkCore = result.GetValue(netCore) ? true : null,
            };
            var conversion = LayoutConverter.Convert(path, fmt == "mcuboot-layout" ? LayoutConvertFormat.McuBootLayout : LayoutConvertFormat.DtsOverlay, options);
            CommonOptions.WriteText(context, result.GetValue(output), conversion.Text);
            foreach (var d in conversion.Diagnostics)
            {
                context.Error.WriteLine(d.ToString());
            }

            return ExitCodes.Success;
        });

        return convert;
    }
}
