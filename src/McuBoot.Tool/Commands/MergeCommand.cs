using System.CommandLine;
using McuBoot.Artifacts;
using McuBoot.Diagnostics;
using McuBoot.IO;

namespace McuBoot.Tool.Commands;

/// <summary><c>merge</c>: the factory image (like NCS's mergehex), refusing overlapping parts.</summary>
internal static class MergeCommand
{
    /// <summary>The one-line description shown in the command list.</summary>
    public const string Description = "Merge the bootloader and signed images into one factory .hex (merged.hex); overlapping parts are refused.";

    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--output", "-o") { Description = "The merged Intel HEX file to write.", Required = true, HelpName = "FILE" };
        var parts = new Argument<string[]>("PART")
        {
            Description = "A .hex or .elf file at its own addresses, or FILE.bin@ADDRESS (e.g. mcuboot.bin@0x0). Give the bootloader first.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("merge", Description) { output, parts };
        command.SetAction(result =>
        {
            var loaded = new List<FactoryImagePart>();
            var names = result.GetValue(parts)!;
            for (int i = 0; i < names.Length; i++)
            {
                var (path, address) = ParsePart(names[i]);
                loaded.Add(FactoryImagePart.Load($"part {i + 1}", context.Resolve(path), address));
            }

            FactoryImage.Write(context.Resolve(result.GetValue(output)!), loaded);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Splits <c>FILE@ADDRESS</c>; a plain name has no address.</summary>
    internal static (string Path, uint? Address) ParsePart(string text)
    {
        int at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1 || text.IndexOfAny(['/', '\\'], at) >= 0)
        {
            return (text, null);
        }

        return (text[..at], IntegerLiteral.ParseUInt32(text[(at + 1)..], $"the address of merge part '{text}'"));
    }
}
