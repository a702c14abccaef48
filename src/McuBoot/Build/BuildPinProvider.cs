using McuBoot.Diagnostics;
using McuBoot.Keys;

namespace McuBoot.Build;

/// <summary>
/// The token PIN of a release build: from the environment variable named by <c>McuBootKeyPinEnvironmentVariable</c>,
/// else the first line of <c>McuBootKeyPinFile</c>. Read only when a token asks for it; the PIN itself is never logged
/// and never part of the incremental-build stamp.
/// </summary>
public sealed class BuildPinProvider : IPasswordProvider
{
    /// <summary>Reads the PIN from <paramref name="variable"/> when set, else from <paramref name="file"/> (absolute).</summary>
    public BuildPinProvider(string? variable, string? file)
    {
        Variable = string.IsNullOrWhiteSpace(variable) ? null : variable.Trim();
        File = string.IsNullOrWhiteSpace(file) ? null : file;
    }

    /// <summary>The environment variable, if any.</summary>
    public string? Variable { get; }

    /// <summary>The PIN file, if any.</summary>
    public string? File { get; }

    /// <inheritdoc />
    /// <exception cref="McuBootException"><see cref="ErrorCodes.BuildPinVariableNotSet"/>, <see cref="ErrorCodes.BuildPinFileNotFound"/>.</exception>
    public string? GetPassword(string keyPath)
    {
        if (Variable is { } name)
        {
            return Environment.GetEnvironmentVariable(name) ?? throw new McuBootException(
                ErrorCodes.BuildPinVariableNotSet,
                $"The PIN for {keyPath} comes from the environment variable {name} (McuBootKeyPinEnvironmentVariable), which is not set; set it in the build environment (a CI secret), or use McuBootKeyPinFile.")
            { ExitCode = ExitCodes.KeyError };
        }

        if (File is { } path)
        {
            try
            {
                var text = System.IO.File.ReadAllText(path);
                var end = text.AsSpan().IndexOfAny('\r', '\n');
                return end < 0 ? text : text[..end];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new McuBootException(
                    ErrorCodes.BuildPinFileNotFound,
                    $"The PIN file {path} (McuBootKeyPinFile) for {keyPath} cannot be read ({e.Message}); check the path (relative to the project) and its permissions.",
                    path)
                { ExitCode = ExitCodes.KeyError };
            }
        }

        return null;
    }
}
