using McuBoot.Diagnostics;

namespace McuBoot.Keys;

/// <summary>
/// Reads the key password from the first line of a file (<c>--password-file FILE</c>); the trailing
/// CR/LF is removed, everything else (including spaces) is part of the password.
/// </summary>
public sealed class FilePasswordProvider : IPasswordProvider
{
    /// <summary>Creates a provider reading <paramref name="path"/> when a password is needed.</summary>
    public FilePasswordProvider(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        PasswordFile = Path.GetFullPath(path);
    }

    /// <summary>The absolute path of the password file.</summary>
    public string PasswordFile { get; }

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
                $"Cannot read password file {PasswordFile} (--password-file) for key {keyPath}: {e.Message}; check the path.",
                PasswordFile,
                e);
        }

        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? text : text[..end];
    }
}
