using McuBoot.Diagnostics;
using McuBoot.Keys;

namespace McuBoot.Tool;

/// <summary>
/// Key passwords for the CLI: <c>--password-env NAME</c>, then <c>--password-file FILE</c>, then a prompt on a
/// terminal. Never a plain command-line argument.
/// </summary>
internal sealed class CliPasswordProvider : IPasswordProvider
{
    private readonly CliContext _context;
    private readonly string? _environmentVariable;
    private readonly string? _passwordFile;

    /// <summary>Checks the <c>--password-env</c> value at once (MCUB1251, never echoed).</summary>
    public CliPasswordProvider(CliContext context, string? environmentVariable, string? passwordFile)
    {
        if (environmentVariable != null)
        {
            EnvironmentPasswordProvider.ValidateName(environmentVariable, "--password-env");
        }

        _context = context;
        _environmentVariable = environmentVariable;
        _passwordFile = passwordFile;
    }

    public string? GetPassword(string keyPath)
    {
        if (_environmentVariable != null)
        {
            var value = _context.Environment(_environmentVariable);
            if (value == null)
            {
                throw new McuBootException(ErrorCodes.MissingOption,
                    $"--password-env names {EnvironmentPasswordProvider.Describe(_environmentVariable)}, but it is not set; set it to the password of {keyPath}.", keyPath)
                { ExitCode = ExitCodes.KeyError };
            }

            return value;
        }

        if (_passwordFile != null)
        {
            return new FilePasswordProvider(_context.Resolve(_passwordFile)).GetPassword(keyPath);
        }

        return _context.Interactive ? _context.PromptPassword($"Enter passphrase for {keyPath}: ") : null;
    }

    public string DescribeSource(string keyPath)
        => _environmentVariable != null ? $"{EnvironmentPasswordProvider.Describe(_environmentVariable)} (--password-env)"
            : _passwordFile != null ? $"the password file {_context.Resolve(_passwordFile)} (--password-file)"
            : "the prompt";

    public string HowToProvide => _environmentVariable != null || _passwordFile != null || _context.Interactive
        ? $"give it through {DescribeSource(string.Empty)}"
        : "set --password-env NAME or --password-file FILE, or run in a terminal to be prompted";
}
