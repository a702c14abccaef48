using System.CommandLine;
using System.Reflection;
using McuBoot.Diagnostics;
using McuBoot.Tool.Commands;

namespace McuBoot.Tool;

/// <summary>
/// The command-line entry point: imgtool's commands over the core library. Every failure is one coded line on
/// standard error (<c>error MCUBnnnn: ...</c>) and a non-zero exit code; never a stack trace.
/// </summary>
public static class McuBootCli
{
    /// <summary>The code for a command line System.CommandLine cannot parse.</summary>
    public const string UsageErrorCode = "MCUB1000";

    /// <summary>The code for an unexpected internal failure (a bug: please report it).</summary>
    public const string InternalErrorCode = "MCUB9999";

    /// <summary>Runs the tool with <paramref name="args"/> in <paramref name="context"/>; returns the exit code.</summary>
    public static int Run(string[] args, CliContext context)
    {
        // Only the command being run is built in full (its options cost start-up time); the others are listed by name.
        string? requested = args.FirstOrDefault(a => !a.StartsWith('-'));
        var root = new RootCommand("dotnet mcuboot: sign, verify and inspect MCUboot images; imgtool 2.4.0's commands and options, no Python needed.");
        foreach (var entry in Commands)
        {
            root.Subcommands.Add(entry.Names.Contains(requested) ? entry.Create(context) : entry.Stub());
        }

        ParseResult result;
        try
        {
            result = root.Parse(args);
        }
        catch (Exception e)
        {
            context.Error.WriteLine($"error {UsageErrorCode}: {e.Message}");
            return ExitCodes.Usage;
        }

        // System.CommandLine takes an unknown option for a positional argument (and then reports the real argument
        // after it as the stray one): like imgtool (click), refuse any positional argument that looks like an option.
        var unknownOption = result.CommandResult.Children.OfType<System.CommandLine.Parsing.ArgumentResult>()
            .SelectMany(a => a.Tokens).Select(t => t.Value)
            .FirstOrDefault(v => v.Length > 1 && v[0] == '-' && !char.IsAsciiDigit(v[1]));
        if (unknownOption != null)
        {
            string command = CommandPath(result.CommandResult);
            context.Error.WriteLine($"error {UsageErrorCode}: No such option: {unknownOption} (run 'dotnet mcuboot {command}--help' for the options; write ./{unknownOption} for a file of that name)");
            return ExitCodes.Usage;
        }

        if (result.Errors.Count > 0)
        {
            string command = CommandPath(result.CommandResult);

            // An unknown option also makes the following value look like a stray argument: report the option.
            var first = result.Errors.FirstOrDefault(e => e.Message.Contains("'-", StringComparison.Ordinal)) ?? result.Errors[0];
            context.Error.WriteLine($"error {UsageErrorCode}: {first.Message} (run 'dotnet mcuboot {command}--help' for the options)");
            return ExitCodes.Usage;
        }

        try
        {
            return result.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false });
        }
        catch (McuBootException e)
        {
            context.Error.WriteLine($"error {e.Code}: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is OutOfMemoryException or InsufficientExecutionStackException)
        {
            // The work is abandoned; outputs are written atomically, so nothing half-written is left.
            context.Error.WriteLine(McuBootException.OutOfResources(e).ToString());
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            context.Error.WriteLine($"error {InternalErrorCode}: internal error ({e.GetType().Name}: {e.Message}); please report it with the command line that caused it.");
            if (context.Environment("MCUBOOT_DEBUG") == "1")
            {
                context.Error.WriteLine(e.ToString());
            }

            return ExitCodes.Failure;
        }
    }

    /// <summary>The whole path of a (nested) command below the root, with a trailing space (e.g. <c>layout show </c>); empty for the root.</summary>
    private static string CommandPath(System.CommandLine.Parsing.CommandResult command)
    {
        var names = new List<string>();
        for (var c = command; c.Parent is System.CommandLine.Parsing.CommandResult parent; c = parent)
        {
            names.Insert(0, c.Command.Name);
        }

        return names.Count == 0 ? string.Empty : string.Join(' ', names) + " ";
    }

    /// <summary>The tool's version (from the assembly's informational version).</summary>
    public static string ToolVersion
    {
        get
        {
            var info = typeof(McuBootCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            int plus = info.IndexOf('+', StringComparison.Ordinal);
            return plus >= 0 ? info[..plus] : info;
        }
    }

    private static readonly CommandEntry[] Commands =
    [
        new(["sign", "create"], SignCommand.Description, SignCommand.Create),
        new(["verify"], VerifyCommand.Description, VerifyCommand.Create),
        new(["dumpinfo"], DumpInfoCommand.Description, DumpInfoCommand.Create),
        new(["decrypt"], TransformCommands.DecryptDescription, TransformCommands.Decrypt),
        new(["decompress"], TransformCommands.DecompressDescription, TransformCommands.Decompress),
        new(["keygen"], KeyCommands.KeygenDescription, KeyCommands.Keygen),
        new(["getpub"], KeyCommands.GetPubDescription, KeyCommands.GetPub),
        new(["getpubhash"], KeyCommands.GetPubHashDescription, KeyCommands.GetPubHash),
        new(["getpriv"], KeyCommands.GetPrivDescription, KeyCommands.GetPriv),
        new(["keyinfo"], KeyCommands.KeyInfoDescription, KeyCommands.KeyInfo),
        new(["check"], CheckCommand.Description, CheckCommand.Create),
        new(["bootloader-config"], BootloaderKeyCommand.Description, BootloaderKeyCommand.Create),
        new(["layout"], LayoutCommand.Description, LayoutCommand.Create),
        new(["merge"], MergeCommand.Description, MergeCommand.Create),
        new(["dfu-package"], DfuPackageCommand.Description, DfuPackageCommand.Create),
        new(["version"], VersionDescription, VersionCommand),
    ];

    private const string VersionDescription = "Print the tool version.";

    /// <summary>A subcommand: its names (first is the name, the rest aliases), description and builder.</summary>
    private sealed record CommandEntry(string[] Names, string Description, Func<CliContext, Command> Create)
    {
        public Command Stub()
        {
            var command = new Command(Names[0], Description);
            foreach (var alias in Names.Skip(1))
            {
                command.Aliases.Add(alias);
            }

            return command;
        }
    }

    private static Command VersionCommand(CliContext context)
    {
        var command = new Command("version", VersionDescription);
        command.SetAction(_ =>
        {
            context.Out.WriteLine($"{ToolVersion} (imgtool 2.4.0 compatible)");
            return ExitCodes.Success;
        });
        return command;
    }
}
