using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// The <c>exec:</c> scheme: <c>exec:./sign-with-kms.sh</c> (a command line, split at white space, no shell) or
/// <c>exec:signer.yaml</c> (a signer file, <see cref="ExecSignerSettings"/>). The public key comes from the signer
/// file's <c>publicKey</c> or from the command (<see cref="ExecSigner.FetchPublicKey"/>).
/// </summary>
public sealed class ExecSignerProvider : IKeySpecResolver
{
    /// <inheritdoc />
    public string Scheme => "exec";

    /// <inheritdoc />
    public IImageSigner CreateSigner(string keySpec, IPasswordProvider? passwords, string? baseDirectory)
    {
        var settings = ExecSignerSettings.Parse(keySpec, baseDirectory);
        var publicKey = LoadPublicKey(settings, keySpec);
        try
        {
            if (!SignatureAlgorithms.CanSign(publicKey.Type))
            {
                throw SignerErrors.NotForSigning(publicKey);
            }

            return new ExecSigner(settings, publicKey, keySpec);
        }
        catch
        {
            publicKey.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public McuBootKey LoadPublicKey(string keySpec, IPasswordProvider? passwords, string? baseDirectory)
        => LoadPublicKey(ExecSignerSettings.Parse(keySpec, baseDirectory), keySpec);

    private static McuBootKey LoadPublicKey(ExecSignerSettings settings, string keySpec)
    {
        if (settings.PublicKeyFile is not { } file)
        {
            return ExecSigner.FetchPublicKey(settings, keySpec);
        }

        var key = KeyLoader.Load(file);
        if (!key.HasPrivateKey)
        {
            return key;
        }

        // A private PEM given as publicKey: keep only the public half, the command does the signing.
        using (key)
        {
            return KeyLoader.LoadPem(key.ExportPublicPem(), file);
        }
    }
}
