using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using McuBoot.Diagnostics;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// Creates signers and verifiers. A key specification is a PEM file path (optionally written <c>file:PATH</c>), a
/// <c>pkcs11:</c> URI (<see cref="Pkcs11SignerProvider"/>), an <c>exec:</c> signing command
/// (<see cref="ExecSignerProvider"/>), or another <c>scheme:</c> resolved by a registered
/// <see cref="IKeySpecResolver"/>; unknown schemes are rejected with a coded error. Windows drive letters
/// (<c>C:\keys\k.pem</c>) are paths, not schemes: a scheme has at least two characters.
/// </summary>
public static partial class SignerFactory
{
    private static readonly ConcurrentDictionary<string, IKeySpecResolver> Resolvers = CreateBuiltIns();

    private static ConcurrentDictionary<string, IKeySpecResolver> CreateBuiltIns()
    {
        var resolvers = new ConcurrentDictionary<string, IKeySpecResolver>(StringComparer.OrdinalIgnoreCase);
        IKeySpecResolver[] builtIn = [new Pkcs11SignerProvider(), new ExecSignerProvider()];
        foreach (var resolver in builtIn)
        {
            resolvers[resolver.Scheme] = resolver;
        }

        return resolvers;
    }

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
                throw UnknownScheme(keySpec, scheme);
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

    /// <summary>
    /// Creates one signer per key specification (<c>sign -k A -k B</c>, a <c>;</c>-list in <c>McuBootSigningKey</c>),
    /// in order; on failure the signers already created are disposed. The caller disposes the signers.
    /// </summary>
    /// <exception cref="McuBootException">As <see cref="CreateSigner(string, IPasswordProvider?, string?, bool)"/>, and
    /// <see cref="ErrorCodes.SigningKeysMixed"/> when the keys are not all of one type.</exception>
    public static IReadOnlyList<IImageSigner> CreateSigners(IEnumerable<string> keySpecs, IPasswordProvider? passwords, string? baseDirectory = null, bool deterministic = false)
    {
        ArgumentNullException.ThrowIfNull(keySpecs);
        var specs = keySpecs.ToList();
        var signers = new List<IImageSigner>();
        try
        {
            foreach (var spec in specs)
            {
                var signer = CreateSigner(spec, passwords, baseDirectory, deterministic);
                signers.Add(signer);
                if (signer.KeyType != signers[0].KeyType)
                {
                    throw SignerErrors.Create(
                        ErrorCodes.SigningKeysMixed,
                        $"The signing keys are of different types: '{specs[0]}' is {signers[0].KeyType}, '{spec}' is {signer.KeyType}; a bootloader verifies one signature type (CONFIG_BOOT_SIGNATURE_TYPE_*), so give keys of one type only.",
                        null);
                }
            }

            return signers;
        }
        catch
        {
            foreach (var s in signers)
            {
                s.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// The public key of <paramref name="keySpec"/> (a PEM path, private or public, or a <c>scheme:</c> key such as a
    /// <c>pkcs11:</c> URI, whose public key comes from the token); the caller disposes it.
    /// </summary>
    /// <exception cref="McuBootException">Unknown scheme, key loading errors.</exception>
    public static McuBootKey LoadPublicKey(string keySpec, IPasswordProvider? passwords, string? baseDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(keySpec);
        var path = keySpec;
        if (GetScheme(keySpec) is { } scheme)
        {
            if (scheme.Equals("file", StringComparison.OrdinalIgnoreCase))
            {
                path = keySpec[(scheme.Length + 1)..];
            }
            else if (Resolvers.TryGetValue(scheme, out var resolver))
            {
                return resolver.LoadPublicKey(keySpec, passwords, baseDirectory);
            }
            else
            {
                throw UnknownScheme(keySpec, scheme);
            }
        }

        return KeyLoader.Load(Path.GetFullPath(baseDirectory == null ? path : Path.Combine(baseDirectory, path)), passwords);
    }

    /// <summary>True when <paramref name="keySpec"/> names a key by a scheme (not a file path).</summary>
    public static bool IsSchemeKey(string keySpec)
        => GetScheme(keySpec) is { } scheme && !scheme.Equals("file", StringComparison.OrdinalIgnoreCase);

    /// <summary>A public-only key with the public key of <paramref name="signer"/>.</summary>
    internal static McuBootKey PublicKeyOf(IImageSigner signer, string displayName)
    {
        if (signer is ExternalSigner external)
        {
            return KeyLoader.LoadPem(external.PublicKey.ExportPublicPem(), displayName);
        }

        var bytes = signer.GetPublicKeyBytes();
        var label = signer.KeyType is KeyType.Rsa2048 or KeyType.Rsa3072 ? "RSA PUBLIC KEY" : "PUBLIC KEY";
        return KeyLoader.LoadPem(PemText.Write(label, bytes), displayName);
    }

    private static McuBootException UnknownScheme(string keySpec, string scheme)
        => SignerErrors.Create(
            ErrorCodes.UnknownKeyScheme,
            $"Key specification '{keySpec}' uses the unsupported scheme '{scheme}:'; give the path of a PEM key file, a pkcs11: URI or an exec: signing command (for a path containing ':' write ./PATH or file:PATH).",
            null);

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
