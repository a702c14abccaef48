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

    /// <summary>
    /// What to do about it, when the thrower gives the fix apart from the fact (the message is then
    /// <c>fact; fix</c>), so that an adapter for which that fix is wrong can say the fact with its own.
    /// </summary>
    public string? Fix { get; init; }

    /// <summary>The fact alone: the message without <see cref="Fix"/>.</summary>
    public string What => base.Message;

    /// <inheritdoc/>
    public override string Message => Fix is null ? base.Message : $"{base.Message}; {Fix}";

    /// <summary>The exit code a command-line adapter should use.</summary>
    public int ExitCode { get; init; } = McuBoot.Diagnostics.ExitCodes.Failure;

    public override string ToString() => $"error {Code}: {Message}";

    /// <summary>
    /// The coded error (<see cref="ErrorCodes.OutOfResources"/>) the adapters report for an
    /// <see cref="OutOfMemoryException"/> or <see cref="InsufficientExecutionStackException"/> caught at their boundary.
    /// </summary>
    public static McuBootException OutOfResources(Exception e) => new(
        ErrorCodes.OutOfResources,
        e is InsufficientExecutionStackException
            ? "ran out of stack on this input (it nests too deeply); nothing was written: check that the input is the right file."
            : "ran out of memory on this input; nothing was written: check that the input is the right file (an MCUboot slot is at most a few MiB), or free memory and retry.",
        null,
        e);
}
