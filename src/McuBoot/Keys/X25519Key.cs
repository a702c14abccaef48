using System.Security.Cryptography;
using McuBoot.Diagnostics;
using Rfc7748 = Org.BouncyCastle.Math.EC.Rfc7748;

namespace McuBoot.Keys;

/// <summary>
/// An X25519 key (RFC 7748, key files per RFC 8410): an encryption (ECIES-X25519, -E) key, never a signing key.
/// Public-key bytes are the 44-byte SPKI DER (mcuboot-image-format.md §4.5); getpriv bytes are the 48-byte PKCS#8.
/// </summary>
public sealed class X25519Key : McuBootKey
{
    /// <summary>Raw key length (private scalar and public u-coordinate), RFC 7748 §5.</summary>
    public const int KeyLength = 32;

    private readonly byte[] _publicKey;
    private byte[]? _privateKey;

    private X25519Key(byte[]? privateKey, byte[] publicKey, string? sourcePath)
        : base(KeyType.X25519, sourcePath)
    {
        _privateKey = privateKey;
        _publicKey = publicKey;
    }

    /// <summary>The raw 32-byte public key.</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <inheritdoc />
    public override bool HasPrivateKey => _privateKey != null;

    /// <summary>Creates a key from a 32-byte private key (the public key is derived).</summary>
    public static X25519Key FromPrivateKey(ReadOnlySpan<byte> privateKey) => FromPrivateKey(privateKey, null);

    /// <summary>Creates a public-only key from a 32-byte public key.</summary>
    public static X25519Key FromPublicKey(ReadOnlySpan<byte> publicKey) => FromPublicKey(publicKey, null);

    /// <summary>A copy of the raw 32-byte private key (as stored in the key file, unclamped); the caller should clear it after use.</summary>
    /// <exception cref="McuBootException">The key is public-only (<see cref="ErrorCodes.PrivateKeyRequired"/>).</exception>
    public byte[] GetPrivateKey()
        => (byte[])(_privateKey ?? throw KeyErrors.PrivateRequired(this, "Decryption with X25519")).Clone();

    /// <inheritdoc />
    public override byte[] GetPublicKeyBytes() => ExportSubjectPublicKeyInfo();

    /// <inheritdoc />
    public override byte[] ExportSubjectPublicKeyInfo() => KeyAsn1.Spki(KeyOids.X25519, null, _publicKey);

    internal static X25519Key FromPrivateKey(ReadOnlySpan<byte> privateKey, string? sourcePath)
    {
        CheckLength(privateKey, sourcePath);
        var sk = privateKey.ToArray();
        var pk = new byte[KeyLength];
        Rfc7748.X25519.ScalarMultBase(sk, 0, pk, 0);
        return new X25519Key(sk, pk, sourcePath);
    }

    internal static X25519Key FromPublicKey(ReadOnlySpan<byte> publicKey, string? sourcePath)
    {
        CheckLength(publicKey, sourcePath);
        return new X25519Key(null, publicKey.ToArray(), sourcePath);
    }

    internal static X25519Key CreateRandom()
    {
        var sk = RandomNumberGenerator.GetBytes(KeyLength);
        try
        {
            return FromPrivateKey(sk, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sk);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (_privateKey != null)
        {
            CryptographicOperations.ZeroMemory(_privateKey);
            _privateKey = null;
        }

        base.Dispose(disposing);
    }

    private protected override byte[] ExportPkcs8Core() => KeyAsn1.CurvePkcs8(KeyOids.X25519, _privateKey);

    private protected override byte[] GetPrivateBytesCore(PrivateKeyFormat? format, bool minimal)
    {
        // imgtool: X25519 supports pkcs8 only; --minimal has no effect (§9.4).
        if ((format ?? PrivateKeyFormat.Pkcs8) != PrivateKeyFormat.Pkcs8)
        {
            throw FormatNotSupported(PrivateKeyFormat.Openssl, "pkcs8");
        }

        return ExportPkcs8Core();
    }

    private static void CheckLength(ReadOnlySpan<byte> key, string? sourcePath)
    {
        if (key.Length != KeyLength)
        {
            throw KeyErrors.Create(
                ErrorCodes.KeyDataMalformed,
                $"X25519 key {sourcePath ?? "(in memory)"} has {key.Length} key bytes instead of {KeyLength}; re-create it with: dotnet mcuboot keygen -k <path> -t x25519.",
                sourcePath);
        }
    }
}
