// Key-path rules of partition-layouts-and-manifests.md §E item 6 and §D #3-#7: a relative path is resolved against
// one directory only (the project directory for MSBuild, the working directory for the CLI), never against a tool's
// own folder; "~" and environment variables are expanded first.
using System.Text;

namespace McuBoot.Build;

/// <summary>
/// Expands <c>~</c> and environment variables in a user-given path and resolves it against a base directory.
/// Supported variable forms: <c>$NAME</c>, <c>${NAME}</c> and <c>%NAME%</c>; an unset variable is left as written so the
/// resulting "not found" message shows what was asked for. (MSBuild's own <c>$(NAME)</c> is expanded by MSBuild.)
/// </summary>
public static class PathExpander
{
    /// <summary>Expands <paramref name="path"/> and makes it absolute against <paramref name="baseDirectory"/>.</summary>
    /// <param name="path">The path as the user wrote it.</param>
    /// <param name="baseDirectory">The directory relative paths are resolved against (absolute).</param>
    /// <param name="environment">Reads environment variables; defaults to the process environment.</param>
    public static string Resolve(string path, string baseDirectory, Func<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        return Path.GetFullPath(Expand(path, environment), Path.GetFullPath(baseDirectory));
    }

    /// <summary>Expands a leading <c>~</c> and environment variables without resolving the path.</summary>
    public static string Expand(string path, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        environment ??= Environment.GetEnvironmentVariable;
        var text = ExpandVariables(path.Trim(), environment);
        if (text == "~" || text.StartsWith("~/", StringComparison.Ordinal) || text.StartsWith("~\\", StringComparison.Ordinal))
        {
            var home = environment("HOME") ?? environment("USERPROFILE") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (!string.IsNullOrEmpty(home))
            {
                text = text.Length == 1 ? home : Path.Combine(home, text[2..]);
            }
        }

        return text;
    }

    private static string ExpandVariables(string text, Func<string, string?> environment)
    {
        if (text.IndexOfAny(['$', '%']) < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                int end = text.IndexOf('}', i + 2);
                if (end > i + 2 && TryAppend(result, text[(i + 2)..end], environment))
                {
                    i = end + 1;
                    continue;
                }
            }
            else if (c == '$' && i + 1 < text.Length && IsNameStart(text[i + 1]))
            {
                int end = i + 1;
                while (end < text.Length && IsNameChar(text[end]))
                {
                    end++;
                }

                if (TryAppend(result, text[(i + 1)..end], environment))
                {
                    i = end;
                    continue;
                }
            }
            else if (c == '%')
            {
                int end = text.IndexOf('%', i + 1);
                if (end > i + 1 && text[(i + 1)..end].All(IsNameChar) && TryAppend(result, text[(i + 1)..end], environment))
                {
                    i = end + 1;
                    continue;
                }
            }

            result.Append(c);
            i++;
        }

        return result.ToString();
    }

    private static bool TryAppend(StringBuilder result, string name, Func<string, string?> environment)
    {
        var value = environment(name);
        if (value is null)
        {
            return false;
        }

        result.Append(value);
        return true;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
