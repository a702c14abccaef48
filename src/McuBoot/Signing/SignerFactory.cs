using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using McuBoot.Diagnostics;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// Creates signers and verifiers. A key specification is a PEM file path today (optionally written
/// <c>file:PATH</c>); other <c>scheme:</c> prefixes (e.g. <c>pkcs11:</c>, <c>cmd:</c>) are resolved by registered
/// <see cref="IKeySpecResolver"/>s and rejected with a coded error otherwise. Windows drive letters
/// (<c>C:\keys\k.pem</c>) are paths, not schemes: a scheme has at least two characters.
/// </summary>
public static partial class SignerFactory
{
    private static readonly ConcurrentDictionary<string, IKeySpecResolver> Resolvers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers (or replaces) the resolver for <see cref="IKeySpecResolver.Scheme"/>.</summary>
    public static void RegisterScheme(IKeySpecResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        if (!SchemeNameRegex().IsMatch(resolver.Scheme) || resolver.Scheme.Equals("file", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{resolver.Scheme}' is not a valid key-spec scheme name (two or more of [A-Za-z0-9+.-], starting with a letter; 'file' is built in).", nameof(resolver));
        }

        Resolvers[resolver.Scheme] = resolver;
    }

    /// <summary>
    /// Creates the signer for <paramref name="keySpec"/>: a PEM path (relative to <paramref name="baseDirectory"/>
    /// when given, else the current directory) or a registered <c>scheme:</c>. The signer owns the loaded key.
    /// </summary>
    /// <exception cref="McuBootException">
    /// Unknown scheme, key loading errors (<see cref="KeyLoader.Load"/>), a public-only key
    /// (<see cref="ErrorCodes.PublicKeyCannotSign"/>), an X25519 key (<see cref="ErrorCodes.KeyNotForSigning"/>).
    /// </exception>
    /// <param name="keySpec">The key: a PEM path or a registered <c>scheme:</c>.</param>
    /// <param name="passwords">Supplies the password of an encrypted key.</param>
    /// <param name="baseDirectory">What a relative path is relative to.</param>
    /// <param name="deterministic">RFC 6979 deterministic ECDSA (Ed25519 is deterministic anyway; RSA-PSS cannot be).</param>
    public static IImageSigner CreateSigner(string keySpec, IPasswordProvider? passwords, string? baseDirectory = null, bool deterministic = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(keySpec);
        var path = keySpec;
        var scheme = GetScheme(keySpec);
        if (scheme != null)
        {
            if (scheme.Equals("file", StringComparison.OrdinalIgnoreCase))
            {
                path = keySpec[(scheme.Length + 1)..];
            }
            else if (Resolvers.TryGetValue(scheme, out var resolver))
            {
                return resolver.CreateSigner(keySpec, passwords, baseDirectory);
            }
            else
            {
                throw SignerErrors.Create(
                    ErrorCodes.UnknownKeyScheme,
                    $"Key specification '{keySpec}' uses the unsupported scheme '{scheme}:'; give the path of a PEM key file (schemes such as pkcs11: are not available in this version; for a path containing ':' write ./PATH or file:PATH).",
                    null);
            }
        }

        var full = Path.GetFullPath(baseDirectory == null ? path : Path.Combine(baseDirectory, path));
        var key = KeyLoader.Load(full, passwords);
        try
        {
            return CreateSigner(key, ownsKey: true, deterministic);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Creates a signer over <paramref name="key"/>; the caller keeps ownership of the key.</summary>
    /// <exception cref="McuBootException">A public-only key or an X25519 key.</exception>
    public static IImageSigner CreateSigner(McuBootKey key) => CreateSigner(key, ownsKey: false, deterministic: false);

    /// <summary>Creates a verifier over <paramref name="key"/> (public-only keys are fine); the caller keeps ownership.</summary>
    /// <exception cref="McuBootException">An X25519 key (<see cref="ErrorCodes.KeyNotForSigning"/>).</exception>
    public static ISignatureVerifier CreateVerifier(McuBootKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key switch
        {
            RsaKey rsa => new RsaPssSigner(rsa),
            EcdsaKey ec => new EcdsaSigner(ec),
            Ed25519Key ed => new Ed25519Signer(ed),
            _ => throw SignerErrors.NotForSigning(key),
        };
    }

    /// <summary>
    /// The scheme of <paramref name="keySpec"/> (without the colon) when it starts with <c>name:</c> where name has at
    /// least two characters; null for plain paths, including Windows drive-letter paths.
    /// </summary>
    public static string? GetScheme(string keySpec)
    {
        ArgumentNullException.ThrowIfNull(keySpec);
        var m = SchemePrefixRegex().Match(keySpec);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static IImageSigner CreateSigner(McuBootKey key, bool ownsKey, bool deterministic)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Type == KeyType.X25519)
        {
            throw SignerErrors.NotForSigning(key);
        }

        if (!key.HasPrivateKey)
        {
            throw SignerErrors.PublicOnly(key);
        }

        return key switch
        {
            RsaKey when deterministic => throw SignerErrors.Create(
                ErrorCodes.SignatureOperationNotSupported,
                $"Deterministic signatures are not possible with the RSA key {key.SourcePath}: RSA-PSS uses a random salt (MCUboot requires a 32-byte salt); drop --deterministic, or sign with ECDSA or Ed25519.",
                key.SourcePath),
            RsaKey rsa => new RsaPssSigner(rsa, ownsKey),
            EcdsaKey ec => new EcdsaSigner(ec, ownsKey, deterministic),
            Ed25519Key ed => new Ed25519Signer(ed, ownsKey),
            _ => throw SignerErrors.NotForSigning(key),
        };
    }

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]+):", RegexOptions.CultureInvariant)]
    private static partial Regex SchemePrefixRegex();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemeNameRegex();
}
