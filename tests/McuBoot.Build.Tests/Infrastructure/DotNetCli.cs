using System.Diagnostics;
using System.Text;

namespace McuBoot.Build.Tests.Infrastructure;

/// <summary>
/// Runs the dotnet CLI as a child process with an environment cleaned of what the test host leaks (MSBuild* and
/// DOTNET_HOST_PATH-like variables that would make the child use the test host's MSBuild or SDK settings).
/// </summary>
public static class DotNetCli
{
    /// <summary>The result of a run.</summary>
    public sealed record Result(int ExitCode, string Output, string CommandLine)
    {
        /// <summary>Fails with the whole log when the run failed.</summary>
        public Result EnsureSuccess()
        {
            Assert.True(ExitCode == 0, $"'{CommandLine}' exited with {ExitCode}:\n{Output}");
            return this;
        }
    }

    /// <summary>The dotnet executable: the one running the tests when known, else from PATH.</summary>
    public static string Executable
    {
        get
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host))
            {
                return host;
            }

            return "dotnet";
        }
    }

    /// <summary>Runs <c>dotnet args</c> in <paramref name="workingDirectory"/>.</summary>
    public static Result Run(string workingDirectory, IEnumerable<string> args, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (IsLeaked(name))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish in time:\n{output}");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, output.ToString(), "dotnet " + string.Join(' ', start.ArgumentList));
    }

    private static bool IsLeaked(string name)
    {
        var upper = name.ToUpperInvariant();
        return (upper.StartsWith("MSBUILD", StringComparison.Ordinal) && upper != "MSBUILDDISABLENODEREUSE")
            || upper is "DOTNET_HOST_PATH" or "MSBUILD_EXE_PATH" or "MSBUILDEXTENSIONSPATH" or "MSBUILDSDKSPATH"
            || upper.StartsWith("VSTEST", StringComparison.Ordinal)
            || upper.StartsWith("TESTINGPLATFORM", StringComparison.Ordinal)
            || upper.StartsWith("XUNIT", StringComparison.Ordinal);
    }
}
