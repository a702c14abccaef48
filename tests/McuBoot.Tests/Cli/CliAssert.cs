using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Cli;

/// <summary>Assertions on a <see cref="ToolRunner.Result"/>: the tool's contract for success and for failure.</summary>
internal static class CliAssert
{
    /// <summary>The command succeeded (exit 0) and wrote nothing to standard error but, optionally, coded warnings.</summary>
    public static ToolRunner.Result Succeeded(ToolRunner.Result result, bool allowWarnings = false)
    {
        Assert.True(result.ExitCode == 0, $"expected success, got exit {result.ExitCode}: {result.Stderr}");
        if (allowWarnings)
        {
            Assert.All(Lines(result.Stderr), l => Assert.Matches(@"^warning MCUB\d{4}: ", l));
        }
        else
        {
            Assert.Equal(string.Empty, result.Stderr);
        }

        return result;
    }

    /// <summary>
    /// The command failed the way every failure must (issue 2): a non-zero exit, exactly one line
    /// <c>error MCUBnnnn: ...</c> on standard error with the <paramref name="code"/> given, no stack trace, and
    /// nothing on standard output. Returns the message after the code.
    /// </summary>
    public static string Failed(ToolRunner.Result result, string code, int? exitCode = null)
    {
        string message = FailedWithAnyCode(result, exitCode);
        Assert.True(result.Stderr.StartsWith($"error {code}: ", StringComparison.Ordinal), $"expected error {code}, got: {result.Stderr}");
        return message;
    }

    /// <summary>Like <see cref="Failed"/>, for any code except the internal-error code MCUB9999.</summary>
    public static string FailedWithAnyCode(ToolRunner.Result result, int? exitCode = null)
    {
        Assert.NotEqual(0, result.ExitCode);
        if (exitCode is int expected)
        {
            Assert.Equal(expected, result.ExitCode);
        }

        var lines = Lines(result.Stderr);
        Assert.True(lines.Count == 1, $"expected exactly one line on stderr, got {lines.Count}:\n{result.Stderr}");
        Assert.Matches(@"^error MCUB\d{4}: \S", lines[0]);
        Assert.False(lines[0].StartsWith("error MCUB9999", StringComparison.Ordinal), $"internal error: {lines[0]}");
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
        return lines[0][(lines[0].IndexOf(": ", StringComparison.Ordinal) + 2)..];
    }

    /// <summary>The code of a one-line coded failure.</summary>
    public static string Code(ToolRunner.Result result) => result.Stderr.Length >= 14 ? result.Stderr.Substring(6, 8) : result.Stderr;

    /// <summary>The directory holds exactly <paramref name="expected"/> (file names), so no output or temporary file was left behind.</summary>
    public static void DirectoryHolds(string directory, params string[] expected)
    {
        var actual = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToArray(), actual);
    }

    private static List<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
}
