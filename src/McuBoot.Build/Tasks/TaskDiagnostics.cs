using McuBoot.Diagnostics;
using Microsoft.Build.Utilities;

namespace McuBoot.Build.Tasks;

/// <summary>Maps the core's coded errors and warnings onto MSBuild's logger (code, file, line; no stack traces).</summary>
internal static class TaskDiagnostics
{
    /// <summary>
    /// The project an error with no file of its own is located at: the task's ProjectFile parameter
    /// ($(MSBuildProjectFullPath)); the engine's ProjectFileOfTaskNode names the .targets file that holds the task call.
    /// </summary>
    public static string? ProjectFile(string? projectFile, Microsoft.Build.Framework.IBuildEngine? engine)
        => string.IsNullOrWhiteSpace(projectFile) ? engine?.ProjectFileOfTaskNode : projectFile;

    public static void Error(TaskLoggingHelper log, McuBootException e, string? projectFile)
        => log.LogError(null, e.Code, null, e.File ?? projectFile, e.Line, 0, 0, 0, WithoutLocation(e.Message, e.File, e.Line));

    public static void Warning(TaskLoggingHelper log, McuBootWarning w, string? projectFile)
        => log.LogWarning(null, w.Code, null, w.File ?? projectFile, w.Line, 0, 0, 0, WithoutLocation(w.Message, w.File, w.Line));

    public static void Error(TaskLoggingHelper log, string code, string message, string? file)
        => log.LogError(null, code, null, file, 0, 0, 0, 0, message);

    /// <summary>Layout messages start with <c>file:line: </c>; MSBuild prints the location itself, so drop it.</summary>
    internal static string WithoutLocation(string message, string? file, int line)
    {
        if (string.IsNullOrEmpty(file))
        {
            return message;
        }

        foreach (var prefix in new[] { $"{file}:{line}: ", $"{file}: " })
        {
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                return message[prefix.Length..];
            }
        }

        return message;
    }
}
