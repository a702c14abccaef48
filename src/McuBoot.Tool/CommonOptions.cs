using System.CommandLine;
using McuBoot.Diagnostics;
using McuBoot.IO;

namespace McuBoot.Tool;

/// <summary>Options and value parsing shared by several commands.</summary>
internal static class CommonOptions
{
    /// <summary>
    /// Refuses (MCUB3204) an output that names one of the command's inputs, before anything is read or written.
    /// Null outputs (standard output) and inputs are ignored; paths resolve against the context's directory.
    /// </summary>
    public static void RefuseOutputOverInput(CliContext context, string? output, string outputRole, params (string Role, string? Path)[] inputs)
    {
        if (output is null)
        {
            return;
        }

        OutputPaths.RefuseInputs(context.Resolve(output), outputRole,
            inputs.Where(i => !string.IsNullOrEmpty(i.Path)).Select(i => (i.Role, (string?)context.Resolve(i.Path!))).ToArray());
    }

    public static Option<string?> PasswordEnv() => new("--password-env")
    {
        Description = "Read the key password from this environment variable.",
        HelpName = "NAME",
    };

    public static Option<string?> PasswordFile() => new("--password-file")
    {
        Description = "Read the key password from the first line of this file.",
        HelpName = "FILE",
    };

    /// <summary><c>--build-dir DIR</c>: a Zephyr / NCS build folder to take geometry, mode and keys from.</summary>
    public static Option<string?> BuildDirectory() => new("--build-dir")
    {
        Description = "Zephyr/NCS build folder (west build's build/): header size, slots, alignment, mode and key as the build derives them; explicit options win.",
        HelpName = "DIR",
    };

    /// <summary><c>--build-image NAME</c>: the application image of a sysbuild folder with several.</summary>
    public static Option<string?> BuildImage() => new("--build-image")
    {
        Description = "With --build-dir: the application image folder of a sysbuild build that holds several (e.g. the one named in domains.yaml).",
        HelpName = "NAME",
    };

    public static Option<string?> Key(bool required, string description) => new("--key", "-k")
    {
        Description = description,
        HelpName = "FILE",
        Required = required,
    };

    public static CliPasswordProvider Passwords(CliContext context, ParseResult result, Option<string?> env, Option<string?> file)
        => new(context, result.GetValue(env), result.GetValue(file));

    /// <summary>Parses a Python-style integer literal option into a uint.</summary>
    public static uint? UInt32(ParseResult result, Option<string?> option, string display)
    {
        var text = result.GetValue(option);
        if (text == null)
        {
            return null;
        }

        ulong value = IntegerLiteral.ParseUInt64(text, $"'{display}'");
        if (value > uint.MaxValue)
        {
            throw new McuBootException(ErrorCodes.InvalidNumber, $"Invalid value for '{display}': {text} is above 0xffffffff.") { ExitCode = ExitCodes.Usage };
        }

        return (uint)value;
    }

    /// <summary>Parses a choice case-sensitively, with a coded error listing the choices.</summary>
    public static string Choice(string? value, string display, string fallback, params string[] choices)
    {
        if (value == null)
        {
            return fallback;
        }

        if (!choices.Contains(value))
        {
            throw new McuBootException(ErrorCodes.InvalidOptionValue,
                $"Invalid value for '{display}': '{value}' is not one of {string.Join(", ", choices.Select(c => $"'{c}'"))}.") { ExitCode = ExitCodes.Usage };
        }

        return value;
    }

    /// <summary>Writes text to a file atomically, or to standard output.</summary>
    public static void WriteText(CliContext context, string? outputPath, string text, bool secret = false)
    {
        if (outputPath == null)
        {
            context.Out.Write(text);
        }
        else if (secret)
        {
            // Private key material: 0600 from the first byte (AtomicFile.WriteSecret).
            AtomicFile.WriteSecret(context.Resolve(outputPath), System.Text.Encoding.UTF8.GetBytes(text));
        }
        else
        {
            AtomicFile.WriteAllBytes(context.Resolve(outputPath), System.Text.Encoding.UTF8.GetBytes(text));
        }
    }

    /// <summary>Writes bytes to a file atomically, or to standard output.</summary>
    public static void WriteBytes(CliContext context, string? outputPath, byte[] data, Stream? stdout)
    {
        if (outputPath == null)
        {
            if (stdout != null)
            {
                stdout.Write(data);
                stdout.Flush();
            }
            else
            {
                context.Out.Write(System.Text.Encoding.Latin1.GetString(data));
            }
        }
        else
        {
            AtomicFile.WriteAllBytes(context.Resolve(outputPath), data);
        }
    }
}
