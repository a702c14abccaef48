using McuBoot.Diagnostics;

namespace McuBoot.Keys;

/// <summary>Reads the key password from an environment variable (<c>--password-env NAME</c>).</summary>
public sealed class EnvironmentPasswordProvider : IPasswordProvider
{
    /// <summary>Creates a provider reading <paramref name="variableName"/> when a password is needed.</summary>
    public EnvironmentPasswordProvider(string variableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variableName);
        ValidateName(variableName, "--password-env");
        VariableName = variableName;
    }

    /// <summary>
    /// Refuses (<see cref="ErrorCodes.InvalidVariableName"/>) a value that is not an environment variable name
    /// (<c>[A-Za-z_][A-Za-z0-9_]*</c>), without echoing it: it may be the password itself.
    /// </summary>
    /// <param name="name">The value given.</param>
    /// <param name="setting">How the caller names the setting, e.g. <c>--password-env</c>.</param>
    public static void ValidateName(string name, string setting)
    {
        ArgumentNullException.ThrowIfNull(name);
        bool valid = name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        if (!valid)
        {
            throw new McuBootException(ErrorCodes.InvalidVariableName,
                $"{setting} takes the NAME of an environment variable (letters, digits and '_', not starting with a digit); the {name.Length}-character value given is not one and is not shown, in case it is the password itself: put the password in a variable and pass its name.")
            { ExitCode = ExitCodes.Usage };
        }
    }

    /// <summary>How messages name the variable: its name when it looks like one (upper case, digits, '_'), else only its length (it may be a password).</summary>
    public static string Describe(string name)
        => name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_')
            ? $"the environment variable {name}"
            : $"the environment variable named by --password-env ({name.Length} characters, not shown in case it is the password)";

    /// <summary>The environment variable's name.</summary>
    public string VariableName { get; }

    /// <inheritdoc />
    /// <exception cref="McuBootException">The variable is not set (<see cref="ErrorCodes.PasswordVariableNotSet"/>).</exception>
    public string? GetPassword(string keyPath)
    {
        var value = Environment.GetEnvironmentVariable(VariableName);
        if (value is null)
        {
            throw KeyErrors.Create(
                ErrorCodes.PasswordVariableNotSet,
                $"Key {keyPath} is password-protected and {Describe(VariableName)} (--password-env) is not set; set it to the key's password.",
                keyPath);
        }

        return value;
    }
}
