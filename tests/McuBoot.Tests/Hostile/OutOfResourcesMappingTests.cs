using McuBoot.Diagnostics;
using McuBoot.Tests.Cli;
using McuBoot.Tool;

namespace McuBoot.Tests.Hostile;

/// <summary>
/// The tool's mapping of running out of memory or stack (MCUB3203), in-process: the exhaustion is thrown from the real
/// password-reading path (the CLI's prompt, injected through <see cref="CliContext.PromptPassword"/>) in the middle of a
/// real <c>sign</c>; the tool prints one coded line, exits 1 and writes nothing.
/// </summary>
public sealed class OutOfResourcesMappingTests : IDisposable
{
    private readonly CliWorkspace _ws = new();

    public OutOfResourcesMappingTests()
    {
        CliAssert.Succeeded(_ws.Run(new Dictionary<string, string> { ["MCUBOOT_TEST_PW"] = "pw" }, "keygen", "-k", "protected.pem", "-t", "ed25519", "-p", "--password-env", "MCUBOOT_TEST_PW"));
        _ws.Write("app.bin", CliWorkspace.RandomBytes(500, 3));
    }

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("memory")]
    [InlineData("stack")]
    public void Exhaustion_InTheMiddleOfSigning_IsOneCodedLine_AndNothingIsWritten(string kind)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, _ws.Path, _ => null, interactive: true)
        {
            PromptPassword = _ => throw (kind == "memory" ? new OutOfMemoryException() : new InsufficientExecutionStackException()),
        };

        int exit = McuBootCli.Run(["sign", "-k", "protected.pem", "-v", "1.2.3", "-H", "0x200", "--pad-header", "-S", "0x10000", "app.bin", "out.bin"], context);

        Assert.Equal(ExitCodes.Failure, exit);
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string line = Assert.Single(lines);
        Assert.StartsWith($"error {ErrorCodes.OutOfResources}: ", line);
        Assert.Contains(kind == "memory" ? "ran out of memory" : "ran out of stack", line);
        Assert.DoesNotContain("Exception", line);
        Assert.Equal(string.Empty, stdout.ToString());
        CliAssert.DirectoryHolds(_ws.Path, "app.bin", "protected.pem");
    }
}
