using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// Plugs a key-specification scheme (e.g. a future <c>pkcs11:</c> or <c>cmd:</c>) into
/// <see cref="SignerFactory.CreateSigner(string, IPasswordProvider?, string?, bool)"/>. Register with
/// <see cref="SignerFactory.RegisterScheme"/>.
/// </summary>
public interface IKeySpecResolver
{
    /// <summary>The scheme without the colon, e.g. <c>pkcs11</c> (at least two characters; matched case-insensitively).</summary>
    string Scheme { get; }

    /// <summary>Creates a signer for the full key specification (scheme prefix included).</summary>
    IImageSigner CreateSigner(string keySpec, IPasswordProvider? passwords, string? baseDirectory);
}
