namespace McuBoot.Layouts;

/// <summary>
/// One finding about a layout file: a coded (<c>MCUB6xxx</c>, see <see cref="McuBoot.Diagnostics.ErrorCodes"/>)
/// one-line message naming the file, the line and the fix.
/// </summary>
/// <param name="Code">Diagnostic code, e.g. <c>MCUB6010</c>.</param>
/// <param name="Severity">Warning or error.</param>
/// <param name="File">The layout file (as given to the reader; absolute for <see cref="LayoutReader.Load"/>).</param>
/// <param name="Line">1-based line in <paramref name="File"/>, or 0 when the finding is about the whole file.</param>
/// <param name="Message">One line: <c>file:line: what is wrong; fix</c>.</param>
public sealed record LayoutDiagnostic(string Code, LayoutSeverity Severity, string File, int Line, string Message)
{
    /// <summary>True when <see cref="Severity"/> is <see cref="LayoutSeverity.Error"/>.</summary>
    public bool IsError => Severity == LayoutSeverity.Error;

    /// <summary>Builds a diagnostic whose message is prefixed with <c>file:line: </c> and forced onto one line.</summary>
    public static LayoutDiagnostic Create(string code, LayoutSeverity severity, string file, int line, string text)
    {
        var location = line > 0 ? $"{file}:{line}" : file;
        return new LayoutDiagnostic(code, severity, file, line, OneLine($"{location}: {text}"));
    }

    /// <summary>Shorthand for an error.</summary>
    public static LayoutDiagnostic Error(string code, string file, int line, string text) =>
        Create(code, LayoutSeverity.Error, file, line, text);

    /// <summary>Shorthand for a warning.</summary>
    public static LayoutDiagnostic Warning(string code, string file, int line, string text) =>
        Create(code, LayoutSeverity.Warning, file, line, text);

    /// <summary>Formats as an MSBuild-style line: <c>warning MCUB6010: message</c>.</summary>
    public override string ToString() => $"{(IsError ? "error" : "warning")} {Code}: {Message}";

    internal static string OneLine(string text)
    {
        if (text.AsSpan().IndexOfAny('\r', '\n') < 0 && !text.Any(char.IsControl))
        {
            return text;
        }

        return new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
    }
}
