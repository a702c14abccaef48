namespace McuBoot.Keys;

/// <summary>
/// Supplies the password of a password-protected key file. The library never prompts; an interactive
/// terminal prompt is an adapter's (the CLI's) implementation of this interface.
/// </summary>
public interface IPasswordProvider
{
    /// <summary>The password for the key at <paramref name="keyPath"/>, or null when none is available.</summary>
    string? GetPassword(string keyPath);

    /// <summary>
    /// How messages name the source the password for <paramref name="keyPath"/> came from, e.g. <c>the environment
    /// variable KEY_PW (--password-env)</c>, <c>the password file /ci/pw.txt (McuBootKeyPasswordFile)</c> or
    /// <c>the prompt</c>; never the password itself. A wrong password is reported with it.
    /// </summary>
    string DescribeSource(string keyPath) => "the password given";

    /// <summary>How a message tells the user to give a password when <see cref="GetPassword"/> returned none.</summary>
    string HowToProvide => "set --password-env NAME or --password-file FILE";
}
