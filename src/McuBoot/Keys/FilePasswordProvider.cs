using McuBoot.Diagnostics;

namespace McuBoot.Keys;

/// <summary>
/// Reads the key password from the first line of a file (<c>--password-file FILE</c>); the trailing
/// CR/LF is removed, everything else (including spaces) is part of the password.
/// </summary>
public sealed class FilePasswordProvider : IPasswordProvider
{
    /// <summary>Creates a provider reading <paramref name="path"/> when a password is needed.</summary>
    /// <param name="path">The password file.</param>
    /// <param name="setting">How messages name the setting that gave the file: <c>--password-file</c> (CLI) or <c>McuBootKeyPasswordFile</c> (MSBuild).</param>
    public FilePasswordProvider(string path, string setting = "--password-file")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        PasswordFile = Path.GetFullPath(path);
        Setting = setting;
    }

    /// <summary>The absolute path of the password file.</summary>
    public string PasswordFile { get; }

    /// <summary>How messages name the setting that gave the file.</summary>
    public string Setting { get; }

    /// <inheritdoc />
    public string DescribeSource(string keyPath) => $"the password file {PasswordFile} ({Setting})";

    /// <inheritdoc />
    public string HowToProvide => $"write the key's password on the first line of {PasswordFile} ({Setting})";

    /// <inheritdoc />
    /// <exception cref="McuBootException">The file is missing or unreadable (<see cref="ErrorCodes.PasswordFileNotFound"/>).</exception>
    public string? GetPassword(string keyPath)
    {
        string text;
        try
        {
            text = File.ReadAllText(PasswordFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw KeyErrors.Create(
                ErrorCodes.PasswordFileNotFound,
                $"Cannot read password file {PasswordFile} ({Setting}) for key {keyPath}: {e.Message}; check the path.",
                PasswordFile,
                e);
        }

        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? text : text[..end];
    }
}
