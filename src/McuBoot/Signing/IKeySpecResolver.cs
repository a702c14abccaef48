using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// A signer provider: plugs a key-specification scheme (built in: <c>pkcs11:</c> <see cref="Pkcs11SignerProvider"/>,
/// <c>exec:</c> <see cref="ExecSignerProvider"/>) into <see cref="SignerFactory"/>, so that every command and build
/// property taking a key accepts it. Another scheme is one class implementing this interface, registered with
/// <see cref="SignerFactory.RegisterScheme"/>.
/// </summary>
public interface IKeySpecResolver
{
    /// <summary>The scheme without the colon, e.g. <c>pkcs11</c> (at least two characters; matched case-insensitively).</summary>
    string Scheme { get; }

    /// <summary>Creates a signer for the full key specification (scheme prefix included).</summary>
    IImageSigner CreateSigner(string keySpec, IPasswordProvider? passwords, string? baseDirectory);

    /// <summary>
    /// The public key of the key specification (for <c>getpub</c>, <c>getpubhash</c>, <c>bootloader-config</c>,
    /// <c>verify</c> and <c>check --key</c>); the caller disposes it. The default creates a signer and reads its key.
    /// </summary>
    McuBootKey LoadPublicKey(string keySpec, IPasswordProvider? passwords, string? baseDirectory)
    {
        using var signer = CreateSigner(keySpec, passwords, baseDirectory);
        return SignerFactory.PublicKeyOf(signer, keySpec);
    }
}
