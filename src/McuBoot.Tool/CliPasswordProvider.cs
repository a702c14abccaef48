using McuBoot.Diagnostics;
using McuBoot.Keys;

namespace McuBoot.Tool;

/// <summary>
/// Key passwords for the CLI: <c>--password-env NAME</c>, then <c>--password-file FILE</c>, then a prompt on a
/// terminal. Never a plain command-line argument.
/// </summary>
internal sealed class CliPasswordProvider(CliContext context, string? environmentVariable, string? passwordFile) : IPasswordProvider
{
    public string? GetPassword(string keyPath)
    {
        if (environmentVariable != null)
        {
            var value = context.Environment(environmentVariable);
            if (value == null)
            {
                throw new McuBootException(ErrorCodes.MissingOption,
                    $"--password-env names the environment variable {environmentVariable}, but it is not set; set it to the password of {keyPath}.", keyPath)
                { ExitCode = ExitCodes.KeyError };
            }

            return value;
        }

        if (passwordFile != null)
        {
            return new FilePasswordProvider(context.Resolve(passwordFile)).GetPassword(keyPath);
        }

        return context.Interactive ? context.PromptPassword($"Enter passphrase for {keyPath}: ") : null;
    }
}
