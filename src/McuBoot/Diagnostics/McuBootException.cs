namespace McuBoot.Diagnostics;

/// <summary>
/// The one exception type the core library throws for bad input: a coded, one-line message that names
/// the file involved and, where there is one, the fix. Adapters (the CLI, the MSBuild task) print
/// <c>error MCUBnnnn: message</c> and never a stack trace.
/// </summary>
public sealed class McuBootException : Exception
{
    public McuBootException(string code, string message, string? file = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        File = file;
    }

    /// <summary>The diagnostic code, e.g. <c>MCUB2001</c>. See <see cref="ErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>The file the error is about, if any (absolute where the library resolved it).</summary>
    public string? File { get; }

    /// <summary>Line within <see cref="File"/> (1-based), or 0 when not known.</summary>
    public int Line { get; init; }

    /// <summary>The exit code a command-line adapter should use.</summary>
    public int ExitCode { get; init; } = McuBoot.Diagnostics.ExitCodes.Failure;

    public override string ToString() => $"error {Code}: {Message}";
}
