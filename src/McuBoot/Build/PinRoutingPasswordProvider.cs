using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Build;

/// <summary>
/// Sends PIN requests of <c>pkcs11:</c> keys (<see cref="Pkcs11SignerProvider.PinRequestPrefix"/>) to the PIN source
/// (MSBuild <c>McuBootKeyPinEnvironmentVariable</c> / <c>McuBootKeyPinFile</c>) and everything else (passwords of
/// encrypted key files) to the key-password source. Either may be null.
/// </summary>
public sealed class PinRoutingPasswordProvider(IPasswordProvider? keyPasswords, IPasswordProvider? pins) : IPasswordProvider
{
    /// <inheritdoc />
    public string? GetPassword(string keyPath)
        => keyPath.StartsWith(Pkcs11SignerProvider.PinRequestPrefix, StringComparison.Ordinal)
            ? (pins ?? keyPasswords)?.GetPassword(keyPath)
            : keyPasswords?.GetPassword(keyPath);

    /// <inheritdoc />
    public string DescribeSource(string keyPath)
        => (keyPath.StartsWith(Pkcs11SignerProvider.PinRequestPrefix, StringComparison.Ordinal) ? pins ?? keyPasswords : keyPasswords)?.DescribeSource(keyPath)
            ?? "no password source";

    /// <inheritdoc />
    public string HowToProvide => keyPasswords?.HowToProvide ?? BuildPasswordProvider.Hint;
}
