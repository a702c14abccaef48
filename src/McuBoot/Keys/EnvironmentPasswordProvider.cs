using McuBoot.Diagnostics;

namespace McuBoot.Keys;

/// <summary>Reads the key password from an environment variable (<c>--password-env NAME</c>).</summary>
public sealed class EnvironmentPasswordProvider : IPasswordProvider
{
    /// <summary>Creates a provider reading <paramref name="variableName"/> when a password is needed.</summary>
    public EnvironmentPasswordProvider(string variableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variableName);
        VariableName = variableName;
    }

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
                $"Key {keyPath} is password-protected and the environment variable {VariableName} (--password-env) is not set; set it to the key's password.",
                keyPath);
        }

        return value;
    }
}
