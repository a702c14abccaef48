using McuBoot.Tool;

namespace McuBoot.Tests.Infrastructure;

/// <summary>Runs the real <c>dotnet-mcuboot</c> entry point in-process, capturing its output.</summary>
public static class ToolRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, byte[] RawStdout);

    public static Result Run(string baseDirectory, params string[] args) => Run(baseDirectory, null, args);

    public static Result Run(string baseDirectory, IDictionary<string, string>? environment, params string[] args)
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
}
