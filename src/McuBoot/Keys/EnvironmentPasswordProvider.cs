using McuBoot.Diagnostics;

namespace McuBoot.Keys;

/// <summary>Reads the key password from an environment variable (<c>--password-env NAME</c>).</summary>
public sealed class EnvironmentPasswordProvider : IPasswordProvider
{
    /// <summary>Creates a provider reading <paramref name="variableName"/> when a password is needed.</summary>
    /// <param name="variableName">The environment variable's name.</param>
    /// <param name="setting">How messages name the setting that gave the name: <c>--password-env</c> (CLI) or <c>McuBootKeyPasswordEnvironmentVariable</c> (MSBuild).</param>
    public EnvironmentPasswordProvider(string variableName, string setting = "--password-env")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variableName);
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        ValidateName(variableName, setting);
        VariableName = variableName;
        Setting = setting;
    }

    /// <summary>How messages name the setting that named the variable.</summary>
    public string Setting { get; }

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
    /// <param name="name">The variable's name.</param>
    /// <param name="setting">The setting that named it (<c>--password-env</c>, <c>McuBootKeyPasswordEnvironmentVariable</c>).</param>
    public static string Describe(string name, string setting = "--password-env")
        => name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_')
            ? $"the environment variable {name}"
            : $"the environment variable named by {setting} ({name.Length} characters, not shown in case it is the password)";

    /// <inheritdoc />
    public string DescribeSource(string keyPath) => $"{Describe(VariableName, Setting)} ({Setting})";

    /// <inheritdoc />
    public string HowToProvide => $"set {Describe(VariableName, Setting)} ({Setting}) to the key's password";

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
                $"Key {keyPath} is password-protected and {Describe(VariableName, Setting)} ({Setting}) is not set; set it to the key's password.",
                keyPath);
        }

        return value;
    }
}
