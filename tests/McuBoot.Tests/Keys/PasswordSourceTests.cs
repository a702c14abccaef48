using McuBoot.Diagnostics;
using McuBoot.Tests.Cli;
using McuBoot.Tool;

namespace McuBoot.Tests.Keys;

/// <summary>A wrong or missing key password names the source actually used (option, file, prompt) and never the password.</summary>
public sealed class PasswordSourceTests : IDisposable
{
    private const string Right = "correct horse battery";
    private const string Secret = "Zq9-not-the-password-7Kx";
    private readonly CliWorkspace _ws = new();

    public PasswordSourceTests()
    {
        CliAssert.Succeeded(_ws.Run(new Dictionary<string, string> { ["MCUBOOT_TEST_PW"] = Right }, "keygen", "-k", "protected.pem", "-t", "ed25519", "-p", "--password-env", "MCUBOOT_TEST_PW"));
        _ws.Write("app.bin", CliWorkspace.RandomBytes(500, 3));
    }

    public void Dispose() => _ws.Dispose();

    private static string[] Sign(params string[] extra)
        => ["sign", "-k", "protected.pem", "-v", "1.2.3", "-H", "0x200", "--pad-header", "-S", "0x10000", .. extra, "app.bin", "out.bin"];

    [Fact]
    public void A_wrong_password_from_the_environment_names_the_variable_and_the_option()
    {
        string message = CliAssert.Failed(_ws.Run(new Dictionary<string, string> { ["KEY_PW"] = Secret }, Sign("--password-env", "KEY_PW")), ErrorCodes.KeyWrongPassword, ExitCodes.KeyError);
        Assert.Contains("the password from the environment variable KEY_PW (--password-env)", message);
        Assert.DoesNotContain(Secret, message);
        Assert.False(File.Exists(_ws.File("out.bin")));
    }

    [Fact]
    public void A_wrong_password_from_a_file_names_the_file_and_the_option()
    {
        _ws.Write("pw.txt", System.Text.Encoding.UTF8.GetBytes(Secret + "\n"));
        string message = CliAssert.Failed(_ws.Run(Sign("--password-file", "pw.txt")), ErrorCodes.KeyWrongPassword, ExitCodes.KeyError);
        Assert.Contains($"the password from the password file {_ws.File("pw.txt")} (--password-file)", message);
        Assert.DoesNotContain(Secret, message);
    }

    [Fact]
    public void A_wrong_password_from_the_prompt_names_the_prompt()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var prompts = new List<string>();
        var context = new CliContext(stdout, stderr, _ws.Path, _ => null, interactive: true)
        {
            PromptPassword = prompt =>
            {
                prompts.Add(prompt);
                return Secret;
            },
        };

        int exit = McuBootCli.Run(Sign(), context);
        Assert.Equal(ExitCodes.KeyError, exit);
        Assert.Single(prompts);
        string error = stderr.ToString().Trim();
        Assert.StartsWith($"error {ErrorCodes.KeyWrongPassword}: ", error);
        Assert.Contains("the password from the prompt does not decrypt it", error);
        Assert.DoesNotContain(Secret, error);

        // The right password at the prompt signs.
        var ok = new CliContext(new StringWriter(), new StringWriter(), _ws.Path, _ => null, interactive: true) { PromptPassword = _ => Right };
        Assert.Equal(0, McuBootCli.Run(Sign(), ok));
    }

    [Fact]
    public void A_missing_password_without_a_terminal_says_how_to_give_one()
    {
        string message = CliAssert.Failed(_ws.Run(Sign()), ErrorCodes.KeyPasswordRequired, ExitCodes.KeyError);
        Assert.Contains("set --password-env NAME or --password-file FILE, or run in a terminal to be prompted", message);
    }
}
