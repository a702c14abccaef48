using McuBoot.Diagnostics;

namespace McuBoot.IO;

/// <summary>
/// Refuses an output that is one of the command's inputs before anything is written (<see cref="ErrorCodes.OutputIsInput"/>):
/// same full path, same file through a symbolic link, or, where both exist, the same file through a hard link
/// (detected by taking an exclusive lock on the input and trying another on the output).
/// </summary>
public static class OutputPaths
{
    /// <summary>Throws when <paramref name="output"/> names one of <paramref name="inputs"/> (null entries are ignored).</summary>
    /// <param name="output">The output file (absolute, or relative to the current directory).</param>
    /// <param name="outputRole">How the command names the output, e.g. "OUTFILE" or "-o".</param>
    /// <param name="inputs">Each input with how the command names it, e.g. ("INFILE", path).</param>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.OutputIsInput"/>.</exception>
    public static void RefuseInputs(string? output, string outputRole, params (string Role, string? Path)[] inputs)
    {
        if (string.IsNullOrEmpty(output))
        {
            return;
        }

        string outFull = Canonical(output);
        foreach (var (role, path) in inputs)
        {
            if (string.IsNullOrEmpty(path))
            {
                continue;
            }

            string inFull = Canonical(path);
            if (string.Equals(outFull, inFull, PathComparison) || SameExistingFile(outFull, inFull))
            {
                throw new McuBootException(ErrorCodes.OutputIsInput,
                    $"The output {outputRole} '{Path.GetFullPath(output)}' is the input {role} '{Path.GetFullPath(path)}'; writing it would destroy the input, so nothing was written: choose another output file.",
                    Path.GetFullPath(output))
                { ExitCode = ExitCodes.Usage };
            }
        }
    }

    private static StringComparison PathComparison => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
        ? StringComparison.OrdinalIgnoreCase
        : StringComparison.Ordinal;

    /// <summary>The full path with symbolic links resolved (the file's, and its directory's).</summary>
    private static string Canonical(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            if (new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                full = target.FullName;
            }

            string? dir = Path.GetDirectoryName(full);
            if (dir is not null && new DirectoryInfo(dir).ResolveLinkTarget(returnFinalTarget: true) is { } dirTarget)
            {
                full = Path.Combine(dirTarget.FullName, Path.GetFileName(full));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable link: compare the path as given.
        }

        return full;
    }

    /// <summary>Whether two existing paths are the same file (hard links): an exclusive lock on one blocks the other.</summary>
    private static bool SameExistingFile(string a, string b)
    {
        if (!File.Exists(a) || !File.Exists(b))
        {
            return false;
        }

        try
        {
            using var first = new FileStream(b, FileMode.Open, FileAccess.Read, FileShare.None);
            try
            {
                using var second = new FileStream(a, FileMode.Open, FileAccess.Read, FileShare.None);
                return false;
            }
            catch (IOException)
            {
                return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the input is unreadable or locked elsewhere: reading it reports that
        }
    }
}
