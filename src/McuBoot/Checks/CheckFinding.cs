namespace McuBoot.Checks;

/// <summary>One reason the bootloader would reject or mishandle an image: a code (MCUB8xxx), a severity and one line with the fix.</summary>
/// <param name="Code">The diagnostic code (see <see cref="McuBoot.Diagnostics.ErrorCodes"/>, MCUB8xxx).</param>
/// <param name="Severity">Error (the check fails) or warning.</param>
/// <param name="Message">One line: what is wrong, the file, the fix.</param>
/// <param name="File">The file the finding is about (absolute), if any.</param>
public sealed record CheckFinding(string Code, CheckSeverity Severity, string Message, string? File = null)
{
    /// <summary>True for <see cref="CheckSeverity.Error"/>.</summary>
    public bool IsError => Severity == CheckSeverity.Error;

    /// <summary>The MSBuild-style line: <c>error MCUB8201: message</c> or <c>warning MCUB8211: message</c>.</summary>
    public override string ToString() => $"{(IsError ? "error" : "warning")} {Code}: {Message}";
}
