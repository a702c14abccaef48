using System.Security.Cryptography;
using McuBoot.Diagnostics;

namespace McuBoot.Keys;

/// <summary>
/// A key as imgtool handles it: one of <see cref="KeyType"/>, private or public-only. Produces the public-key
/// bytes of mcuboot-image-format.md §4.5, the PEM forms of §9.1/§9.2 and the <c>getpriv</c> bytes of §9.4.
/// Load keys with <see cref="KeyLoader"/> or make new ones with <see cref="Generate"/>.
/// </summary>
public abstract class McuBootKey : IDisposable
{
    private protected McuBootKey(KeyType type, string? sourcePath)
    {
        Type = type;
        SourcePath = sourcePath;
    }

    /// <summary>The key type.</summary>
    public KeyType Type { get; }

    /// <summary>True when the private half is present (signing, decryption, <c>getpriv</c>).</summary>
    public abstract bool HasPrivateKey { get; }

    /// <summary>The absolute path (or display name) of the file the key was loaded from; null for generated keys.</summary>
    public string? SourcePath { get; }

    /// <summary>
    /// imgtool's short name used in <c>getpub</c> identifiers: <c>rsa</c> (both sizes), <c>ecdsa</c> (P-256),
    /// <c>ecdsap384</c>, <c>ed25519</c>, <c>x25519</c> (§9.2).
    /// </summary>
    public string ShortName => Type switch
    {
        KeyType.Rsa2048 or KeyType.Rsa3072 => "rsa",
        KeyType.EcdsaP256 => "ecdsa",
        KeyType.EcdsaP384 => "ecdsap384",
        KeyType.Ed25519 => "ed25519",
        KeyType.X25519 => "x25519",
        _ => throw new InvalidOperationException("Unknown key type."),
    };

    /// <summary>How the key is named in messages: its file, or a description for in-memory keys.</summary>
    internal string DisplayName => SourcePath ?? $"the in-memory {ShortName} key";

    /// <summary>
    /// The public-key bytes of §4.5 (KEYHASH/PUBKEY TLVs, getpub C/Rust/raw): PKCS#1 <c>RSAPublicKey</c> DER for RSA,
    /// SubjectPublicKeyInfo DER for EC, Ed25519 and X25519.
    /// </summary>
    public abstract byte[] GetPublicKeyBytes();

    /// <summary>The SubjectPublicKeyInfo DER (for RSA this differs from <see cref="GetPublicKeyBytes"/>, §11 item 14).</summary>
    public abstract byte[] ExportSubjectPublicKeyInfo();

    /// <summary>The SPKI PEM exactly as <c>imgtool getpub -e pem</c> writes it (64-column base64, LF, final newline).</summary>
    public string ExportPublicPem() => PemText.Write("PUBLIC KEY", ExportSubjectPublicKeyInfo());

    /// <summary>
    /// The private key as PKCS#8 PEM, as <c>imgtool keygen</c> writes it: <c>BEGIN PRIVATE KEY</c> when
    /// <paramref name="password"/> is empty, else <c>BEGIN ENCRYPTED PRIVATE KEY</c> (PBES2, PBKDF2-HMAC-SHA256,
    /// AES-256-CBC; the password is UTF-8 encoded).
    /// </summary>
    /// <exception cref="McuBootException">The key is public-only.</exception>
    public string ExportPrivatePkcs8Pem(ReadOnlySpan<char> password)
    {
        if (!HasPrivateKey)
        {
            throw KeyErrors.PrivateRequired(this, "Exporting the private key");
        }

        var pkcs8 = ExportPkcs8Core();
        try
        {
            if (password.IsEmpty)
            {
                return PemText.Write("PRIVATE KEY", pkcs8);
            }

            return PemText.Write("ENCRYPTED PRIVATE KEY", Pkcs8Encryption.Encrypt(pkcs8, password));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>
    /// The private-key bytes of <c>imgtool getpriv</c> (§9.4). <paramref name="format"/> null selects imgtool's
    /// default for the key type (RSA: <see cref="PrivateKeyFormat.Openssl"/>, EC and X25519:
    /// <see cref="PrivateKeyFormat.Pkcs8"/>). <paramref name="minimal"/> drops the RSA CRT values (dP, dQ, qInv) or
    /// the EC public-key element; unlike imgtool it works for P-384 too. Ed25519 is not supported.
    /// </summary>
    /// <exception cref="McuBootException">Public-only key, Ed25519, or a format the key type does not support.</exception>
    public byte[] GetPrivateBytes(PrivateKeyFormat? format = null, bool minimal = false)
    {
        if (Type == KeyType.Ed25519)
        {
            throw KeyErrors.Create(
                ErrorCodes.PrivateKeyFormatNotSupported,
                $"getpriv is not supported with ed25519 keys ({DisplayName}): Ed25519 is a signing key, getpriv exports encryption keys (RSA, ECDSA P-256, X25519).",
                SourcePath);
        }

        if (!HasPrivateKey)
        {
            throw KeyErrors.PrivateRequired(this, "Exporting the private bytes (getpriv)");
        }

        return GetPrivateBytesCore(format, minimal);
    }

    /// <summary>Creates a new random key of <paramref name="type"/> (RSA public exponent 65537).</summary>
    public static McuBootKey Generate(KeyType type) => type switch
    {
        KeyType.Rsa2048 => new RsaKey(RSA.Create(2048), hasPrivateKey: true),
        KeyType.Rsa3072 => new RsaKey(RSA.Create(3072), hasPrivateKey: true),
        KeyType.EcdsaP256 => new EcdsaKey(ECDsa.Create(ECCurve.NamedCurves.nistP256), hasPrivateKey: true),
        KeyType.EcdsaP384 => new EcdsaKey(ECDsa.Create(ECCurve.NamedCurves.nistP384), hasPrivateKey: true),
        KeyType.Ed25519 => Ed25519Key.CreateRandom(),
        KeyType.X25519 => X25519Key.CreateRandom(),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Releases the key material.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the key material.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Unencrypted PKCS#8 DER of the private key (only called when <see cref="HasPrivateKey"/>).</summary>
    private protected abstract byte[] ExportPkcs8Core();

    /// <summary>getpriv bytes (only called with a private key).</summary>
    private protected abstract byte[] GetPrivateBytesCore(PrivateKeyFormat? format, bool minimal);

    private protected McuBootException FormatNotSupported(PrivateKeyFormat format, string supported)
        => KeyErrors.Create(
            ErrorCodes.PrivateKeyFormatNotSupported,
            $"{KeyTypeNames.Name(Type)} does not support the {format.ToString().ToLowerInvariant()} private-key format ({DisplayName}); use -f {supported}.",
            SourcePath);
}
