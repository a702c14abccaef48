using System.Diagnostics;
using McuBoot.Tool;

namespace McuBoot.Tests.Infrastructure;

/// <summary>
/// Runs <c>dotnet-mcuboot</c>: by default the real entry point in-process, capturing its output; when
/// <c>MCUBOOT_TOOL_EXE</c> names an executable (e.g. the Native AOT binary users get), that program as a child
/// process in <c>baseDirectory</c>, with standard input closed and <c>environment</c> added to the inherited one.
/// </summary>
public static class ToolRunner
{
    /// <summary>The executable the CLI tests run instead of the in-process entry point, or null.</summary>
    public static string? Executable { get; } = Environment.GetEnvironmentVariable("MCUBOOT_TOOL_EXE") is { Length: > 0 } exe ? Path.GetFullPath(exe) : null;

    public sealed record Result(int ExitCode, string Stdout, string Stderr, byte[] RawStdout);

    public static Result Run(string baseDirectory, params string[] args) => Run(baseDirectory, null, args);

    public static Result Run(string baseDirectory, IDictionary<string, string>? environment, params string[] args)
        => Executable is { } exe ? RunProcess(exe, baseDirectory, environment, args) : RunInProcess(baseDirectory, environment, args);

    private static Result RunInProcess(string baseDirectory, IDictionary<string, string>? environment, string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var raw = new MemoryStream();
        var context = new CliContext(stdout, stderr, baseDirectory, name => environment != null && environment.TryGetValue(name, out var v) ? v : null)
        {
            RawOut = raw,
            PromptPassword = _ => null,
        };
        int code = McuBootCli.Run(args, context);
        return new Result(code, stdout.ToString(), stderr.ToString(), raw.ToArray());
    }

    private static Result RunProcess(string exe, string baseDirectory, IDictionary<string, string>? environment, string[] args)
    {
        var start = new ProcessStartInfo(exe)
        {
            WorkingDirectory = baseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The in-process runner shows the tool no environment but the test's own: hide the tool's settings here too.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MCUBOOT_", StringComparison.Ordinal) && k != "MCUBOOT_LIBLZMA").ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {exe}.");
        process.StandardInput.Close();
        using var raw = new MemoryStream();
        var stdoutTask = process.StandardOutput.BaseStream.CopyToAsync(raw);
        var stderrTask = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{exe} {string.Join(' ', args)} did not end within 2 minutes.");
        }

        stdoutTask.GetAwaiter().GetResult();
        var stderr = stderrTask.GetAwaiter().GetResult();
        var bytes = raw.ToArray();
        return new Result(process.ExitCode, System.Text.Encoding.UTF8.GetString(bytes), stderr, bytes);
    }
}
