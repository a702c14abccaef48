namespace McuBoot.Keys;

/// <summary>
/// Supplies the password of a password-protected key file. The library never prompts; an interactive
/// terminal prompt is an adapter's (the CLI's) implementation of this interface.
/// </summary>
public interface IPasswordProvider
{
    /// <summary>The password for the key at <paramref name="keyPath"/>, or null when none is available.</summary>
    string? GetPassword(string keyPath);
}
