using System.CommandLine;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;

namespace McuBoot.Tool.Commands;

/// <summary><c>dumpinfo [-o OUT] [-f human|json|yaml] IMAGE</c>.</summary>
internal static class DumpInfoCommand
{
    /// <summary>The one-line description shown in the command list.</summary>
    public const string Description = "Print the header, TLVs and trailer of an image.";

    public static Command Create(CliContext context)
    {
        var output = new Option<string?>("--outfile", "-o") { Description = "Write to this file (default format then yaml, as imgtool).", HelpName = "FILE" };
        var format = new Option<string?>("--format", "-f") { Description = "human, json or yaml." };
        var silent = new Option<bool>("--silent", "-s") { Description = "Accepted for imgtool compatibility." };
        var image = new Argument<string>("IMAGE") { Description = "Image (.bin or .hex)." };
        var command = new Command("dumpinfo", Description) { output, format, silent, image };
        command.SetAction(result =>
        {
            string path = context.Resolve(result.GetValue(image)!);
            string? outPath = result.GetValue(output);
            CommonOptions.RefuseOutputOverInput(context, outPath, "-o", ("IMAGE", path));
            string fmt = CommonOptions.Choice(result.GetValue(format), "-f' / '--format", outPath == null ? "human" : "yaml", "human", "json", "yaml");
            var bytes = ImageFileReader.ReadInput(path).Data;
            var parsed = ImageReader.Read(bytes, path);
            string name = Path.GetFileName(path);
            string text = fmt switch
            {
                "json" => ImageInfoFormatter.ToJson(parsed, name),
                "yaml" => ImageInfoFormatter.ToYaml(parsed, name),
                _ => ImageInfoFormatter.ToHuman(parsed, name),
            };
            CommonOptions.WriteText(context, outPath, text);
            return ExitCodes.Success;
        });
        return command;
    }
}
