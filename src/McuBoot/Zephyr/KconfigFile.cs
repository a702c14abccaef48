// Reads the .config files Kconfig writes (zephyr scripts/kconfig/kconfiglib.py, Kconfig.write_config):
// `CONFIG_X=y`, `CONFIG_X=0x200`, `CONFIG_X="string"` (with \" and \\ escapes), `# CONFIG_X is not set`, comments.
// Sysbuild's file uses the SB_CONFIG_ prefix.
using System.Globalization;
using System.Text;
using McuBoot.Diagnostics;

namespace McuBoot.Zephyr;

/// <summary>A parsed Kconfig <c>.config</c> file: every symbol with its value and line.</summary>
public sealed class KconfigFile
{
    /// <summary>Largest <c>.config</c> accepted (real ones are 20-200 KB).</summary>
    public const long MaxFileBytes = 8 * 1024 * 1024;

    private readonly Dictionary<string, KconfigEntry> _entries;
    private readonly HashSet<string> _notSet;

    private KconfigFile(string path, Dictionary<string, KconfigEntry> entries, HashSet<string> notSet)
    {
        SourcePath = path;
        _entries = entries;
        _notSet = notSet;
    }

    /// <summary>The file read.</summary>
    public string SourcePath { get; }

    /// <summary>Every symbol that has a value (symbols written as "is not set" are absent).</summary>
    public IEnumerable<KconfigEntry> Entries => _entries.Values;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.BuildDirNotFound"/> when missing; <see cref="ErrorCodes.KconfigSyntax"/> with file:line.</exception>
    public static KconfigFile Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new McuBootException(ErrorCodes.BuildDirNotFound, $"Kconfig file not found: {full}; pass a configured Zephyr build folder.", full) { ExitCode = ExitCodes.Usage };
        }

        if (new FileInfo(full).Length > MaxFileBytes)
        {
            throw new McuBootException(ErrorCodes.KconfigSyntax, $"{full} is larger than {MaxFileBytes} bytes: not a Kconfig .config file; pass the build's zephyr/.config.", full);
        }

        try
        {
            return Parse(File.ReadAllText(full), full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new McuBootException(ErrorCodes.ReadFailed, $"cannot read {full}: {ex.Message}; check its permissions.", full, ex);
        }
    }

    /// <summary>Reads <paramref name="path"/> when it exists and parses, else null (for probing folders).</summary>
    public static KconfigFile? TryLoad(string path)
    {
        try
        {
            return File.Exists(path) ? Load(path) : null;
        }
        catch (McuBootException)
        {
            return null;
        }
    }

    /// <summary>Parses <c>.config</c> text; <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.KconfigSyntax"/> with file:line.</exception>
    public static KconfigFile Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new Dictionary<string, KconfigEntry>(StringComparer.Ordinal);
        var notSet = new HashSet<string>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                if (line.StartsWith("# ", StringComparison.Ordinal) && line.EndsWith(" is not set", StringComparison.Ordinal))
                {
                    notSet.Add(line[2..^" is not set".Length]);
                }

                continue;
            }

            int eq = line.IndexOf('=', StringComparison.Ordinal);
            string name = eq > 0 ? line[..eq] : string.Empty;
            if (eq <= 0 || !name.Contains("CONFIG_", StringComparison.Ordinal) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new McuBootException(ErrorCodes.KconfigSyntax,
                    $"{path}:{lineNumber}: '{(line.Length > 60 ? line[..60] + "..." : line)}' is not a Kconfig line (CONFIG_NAME=value); pass the .config the build wrote.",
                    path)
                { Line = lineNumber, ExitCode = ExitCodes.Usage };
            }

            entries[name] = new KconfigEntry(name, line[(eq + 1)..], lineNumber);
        }

        return new KconfigFile(path, entries, notSet);
    }

    /// <summary>The entry of <paramref name="name"/>, or null when unset.</summary>
    public KconfigEntry? Entry(string name) => _entries.GetValueOrDefault(name);

    /// <summary>True when the file says <c># NAME is not set</c> (a bool symbol explicitly off, not merely absent).</summary>
    public bool IsNotSet(string name) => _notSet.Contains(name);

    /// <summary>True when the symbol is <c>y</c>.</summary>
    public bool IsEnabled(string name) => Entry(name)?.RawValue == "y";

    /// <summary>The string value (quotes removed, escapes resolved), the raw value of a non-string symbol, or null when unset.</summary>
    public string? String(string name)
    {
        var raw = Entry(name)?.RawValue;
        if (raw is null || raw.Length < 2 || raw[0] != '"' || raw[^1] != '"')
        {
            return raw;
        }

        var sb = new StringBuilder();
        for (int i = 1; i < raw.Length - 1; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length - 1)
            {
                i++;
            }

            sb.Append(raw[i]);
        }

        return sb.ToString();
    }

    /// <summary>The number of an int/hex symbol, or null when unset or not a number.</summary>
    public long? Number(string name)
    {
        var raw = String(name);
        if (raw is null)
        {
            return null;
        }

        if (raw.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(raw.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null;
        }

        return long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var dec) ? dec : null;
    }

    /// <summary><c>file:line</c> of the symbol, or the file alone when unset.</summary>
    public string Where(string name) => Entry(name) is { } e ? $"{SourcePath}:{e.Line}" : SourcePath;
}
