using System.Globalization;
using McuBoot.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace McuBoot.Signing;

/// <summary>
/// How to run an <c>exec:</c> signing command: either the command line after <c>exec:</c> itself, or a signer file
/// (<c>exec:signer.yaml</c> / <c>.yml</c> / <c>.json</c>; JSON is read as YAML) with these fields:
/// <c>command</c> (required; relative paths are relative to the signer file), <c>args</c> (list; <c>{input}</c>,
/// <c>{output}</c>, <c>{hash}</c>, <c>{algorithm}</c> are replaced), <c>publicKey</c> (PEM file; without it the command
/// is asked with MCUBOOT_SIGN_OPERATION=public-key), <c>input</c> (<c>digest</c>, the default, or <c>payload</c> for
/// services that hash the signed region themselves), <c>output</c> (<c>auto</c>, <c>base64</c>, <c>binary</c>),
/// <c>timeoutSeconds</c> (default 120), <c>environment</c> (a mapping of variables for the command, e.g. AWS_PROFILE;
/// no secrets: the file is part of the project).
/// </summary>
public sealed record ExecSignerSettings
{
    /// <summary>The default time a signing command may take.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    /// <summary>The program: a path (relative to <see cref="BaseDirectory"/>) or a name looked up on PATH.</summary>
    public required string Command { get; init; }

    /// <summary>The arguments, with placeholders.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The public key PEM file (absolute), or null to ask the command.</summary>
    public string? PublicKeyFile { get; init; }

    /// <summary>Whether the command signs the payload (the signed region) instead of its digest.</summary>
    public bool SignsPayload { get; init; }

    /// <summary><c>auto</c>, <c>base64</c> or <c>binary</c>.</summary>
    public string OutputFormat { get; init; } = "auto";

    /// <summary>How long the command may run before it is stopped.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Extra environment variables for the command.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>What relative paths are relative to.</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>The signer file, if the settings came from one.</summary>
    public string? SignerFile { get; init; }

    /// <summary>
    /// Reads the specification after <c>exec:</c>: a signer file (<c>.json</c>, <c>.yaml</c>, <c>.yml</c>) or a command
    /// line split at white space (no shell; quote nothing).
    /// </summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.SignerFileInvalid"/>.</exception>
    public static ExecSignerSettings Parse(string keySpec, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(keySpec);
        var body = keySpec.StartsWith("exec:", StringComparison.OrdinalIgnoreCase) ? keySpec[5..] : keySpec;
        var baseDir = Path.GetFullPath(baseDirectory ?? Directory.GetCurrentDirectory());
        var parts = body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw Invalid($"The key specification '{keySpec}' names no command; write exec:COMMAND [ARGS] or exec:signer.yaml.", null);
        }

        var first = parts[0];
        if (parts.Length == 1 && (first.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || first.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || first.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
        {
            return FromFile(Path.GetFullPath(Path.Combine(baseDir, first)));
        }

        return new ExecSignerSettings { Command = first, Arguments = parts[1..], BaseDirectory = baseDir };
    }

    /// <summary>Reads a signer file.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.SignerFileInvalid"/>.</exception>
    public static ExecSignerSettings FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw Invalid($"Signer file not found: {path}; check the exec: path (relative to the project or the current directory).", path);
        }

        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }

            root = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode m
                ? m
                : throw Invalid($"Signer file {path} must hold one mapping (command, args, publicKey, ...).", path);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw Invalid($"Signer file {path} is not valid JSON/YAML (line {e.Start.Line}): {e.Message}", path);
        }

        var dir = Path.GetDirectoryName(path)!;
        string? command = null;
        var args = new List<string>();
        string? publicKey = null;
        bool payload = false;
        string output = "auto";
        var timeout = DefaultTimeout;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            switch (key)
            {
                case "command":
                    command = Scalar(valueNode, key, path);
                    break;
                case "args":
                    if (valueNode is not YamlSequenceNode seq)
                    {
                        throw Invalid($"Signer file {path}: 'args' must be a list of strings.", path);
                    }

                    args.AddRange(seq.Children.Select(c => Scalar(c, key, path)));
                    break;
                case "publicKey":
                    publicKey = Path.GetFullPath(Path.Combine(dir, Scalar(valueNode, key, path)));
                    break;
                case "input":
                    payload = Scalar(valueNode, key, path) switch
                    {
                        "digest" => false,
                        "payload" => true,
                        var other => throw Invalid($"Signer file {path}: input '{other}' is not 'digest' or 'payload'.", path),
                    };
                    break;
                case "output":
                    output = Scalar(valueNode, key, path);
                    if (output is not ("auto" or "base64" or "binary"))
                    {
                        throw Invalid($"Signer file {path}: output '{output}' is not 'auto', 'base64' or 'binary'.", path);
                    }

                    break;
                case "timeoutSeconds":
                    var text = Scalar(valueNode, key, path);
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 86400)
                    {
                        throw Invalid($"Signer file {path}: timeoutSeconds '{text}' is not a number of seconds between 0 and 86400.", path);
                    }

                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                case "environment":
                    if (valueNode is not YamlMappingNode envMap)
                    {
                        throw Invalid($"Signer file {path}: 'environment' must be a mapping of variable names to values.", path);
                    }

                    foreach (var (name, value) in envMap.Children)
                    {
                        environment[Scalar(name, key, path)] = Scalar(value, key, path);
                    }

                    break;
                default:
                    throw Invalid($"Signer file {path}: unknown field '{key}'; known: command, args, publicKey, input, output, timeoutSeconds, environment.", path);
            }
        }

        if (string.IsNullOrWhiteSpace(command))
        {
            throw Invalid($"Signer file {path} has no 'command'; name the program that signs.", path);
        }

        return new ExecSignerSettings
        {
            Command = command,
            Arguments = args,
            PublicKeyFile = publicKey,
            SignsPayload = payload,
            OutputFormat = output,
            Timeout = timeout,
            Environment = environment,
            BaseDirectory = dir,
            SignerFile = path,
        };
    }

    /// <summary>The program to start: a path containing a directory separator is resolved against <see cref="BaseDirectory"/>.</summary>
    public string ResolveCommand()
        => Command.Contains('/', StringComparison.Ordinal) || Command.Contains('\\', StringComparison.Ordinal)
            ? Path.GetFullPath(Path.Combine(BaseDirectory, Command))
            : Command;

    private static string Scalar(YamlNode node, string key, string path)
        => node is YamlScalarNode { Value: { } v }
            ? v
            : throw Invalid($"Signer file {path}: '{key}' must be a string.", path);

    private static McuBootException Invalid(string message, string? file)
        => SignerErrors.Create(ErrorCodes.SignerFileInvalid, message, file);
}
