namespace McuBoot.Tool;

/// <summary>
/// What a command runs against: its output streams, the directory relative paths resolve against, and the
/// environment. Tests run the real entry point in-process with their own context.
/// </summary>
public sealed class CliContext
{
    public CliContext(TextWriter stdout, TextWriter stderr, string baseDirectory, Func<string, string?>? environment = null, bool interactive = false)
    {
        Out = stdout;
        Error = stderr;
        BaseDirectory = baseDirectory;
        Environment = environment ?? System.Environment.GetEnvironmentVariable;
        Interactive = interactive;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>The directory relative paths are resolved against (the process's current directory for a real run).</summary>
    public string BaseDirectory { get; }

    public Func<string, string?> Environment { get; }

    /// <summary>Whether a terminal is attached, so a password may be prompted for.</summary>
    public bool Interactive { get; }

    /// <summary>Standard output as a byte stream (for raw key output), or null to write through <see cref="Out"/>.</summary>
    public Stream? RawOut { get; init; }

    /// <summary>Reads a password without echo (only when interactive).</summary>
    public Func<string, string?> PromptPassword { get; init; } = ConsolePrompt.ReadPassword;

    /// <summary>Resolves a user-given path against <see cref="BaseDirectory"/>.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, BaseDirectory);

    /// <summary>Resolves a key specification: paths against <see cref="BaseDirectory"/>; <c>pkcs11:</c>/<c>exec:</c> keys as given.</summary>
    public string ResolveKey(string keySpec) => McuBoot.Signing.SignerFactory.IsSchemeKey(keySpec) ? keySpec : Resolve(keySpec);

    /// <summary>Prints a coded warning to standard error.</summary>
    public void Warn(McuBoot.Diagnostics.McuBootWarning warning) => Error.WriteLine(warning.ToString());
}
