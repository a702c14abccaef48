using McuBoot.Keys;

namespace McuBoot.Build;

/// <summary>
/// The key password of a build (the MSBuild task): from the environment variable named by
/// <c>McuBootKeyPasswordEnvironmentVariable</c>, else the first line of <c>McuBootKeyPasswordFile</c>, else none. Its
/// messages name the property that gave the password (a wrong password: "the password from the environment variable
/// KEY_PW (McuBootKeyPasswordEnvironmentVariable) does not decrypt it"), never the password itself.
/// </summary>
public sealed class BuildPasswordProvider : IPasswordProvider
{
    /// <summary>The MSBuild property naming the environment variable.</summary>
    public const string VariableProperty = "McuBootKeyPasswordEnvironmentVariable";

    /// <summary>The MSBuild property naming the password file.</summary>
    public const string FileProperty = "McuBootKeyPasswordFile";

    /// <summary>What a build sets to give a key password.</summary>
    public const string Hint = $"set {VariableProperty} (the name of an environment variable holding it, e.g. a CI secret) or {FileProperty} (a file whose first line is the password)";

    private readonly IPasswordProvider? _source;

    /// <summary>Reads the password from <paramref name="variable"/> when set, else from <paramref name="file"/> (absolute), else gives none.</summary>
    /// <exception cref="Diagnostics.McuBootException"><paramref name="variable"/> is not a variable name (MCUB1251; the value is not echoed).</exception>
    public BuildPasswordProvider(string? variable, string? file)
    {
        _source = !string.IsNullOrWhiteSpace(variable) ? new EnvironmentPasswordProvider(variable.Trim(), VariableProperty)
            : !string.IsNullOrWhiteSpace(file) ? new FilePasswordProvider(file, FileProperty)
            : null;
    }

    /// <inheritdoc />
    public string? GetPassword(string keyPath) => _source?.GetPassword(keyPath);

    /// <inheritdoc />
    public string DescribeSource(string keyPath) => _source?.DescribeSource(keyPath) ?? "no password source";

    /// <inheritdoc />
    public string HowToProvide => _source?.HowToProvide ?? Hint;
}
