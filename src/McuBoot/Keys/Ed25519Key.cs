using System.Security.Cryptography;
using McuBoot.Diagnostics;
using Rfc8032 = Org.BouncyCastle.Math.EC.Rfc8032;

namespace McuBoot.Keys;

/// <summary>
/// An Ed25519 key (RFC 8032, key files per RFC 8410). Public-key bytes are the 44-byte SPKI DER
/// (mcuboot-image-format.md §4.5). The private seed stays inside the library.
/// </summary>
public sealed class Ed25519Key : McuBootKey
{
    /// <summary>Raw key length (seed and public key), RFC 8032 §5.1.5.</summary>
    public const int KeyLength = 32;

    /// <summary>Signature length, RFC 8032 §5.1.6.</summary>
    public const int SignatureLength = 64;

    private readonly byte[] _publicKey;
    private byte[]? _seed;

    private Ed25519Key(byte[]? seed, byte[] publicKey, string? sourcePath)
        : base(KeyType.Ed25519, sourcePath)
    {
        _seed = seed;
        _publicKey = publicKey;
    }

    /// <summary>The raw 32-byte public key.</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <inheritdoc />
    public override bool HasPrivateKey => _seed != null;

    /// <summary>Creates a key from a 32-byte private seed (the public key is derived).</summary>
    public static Ed25519Key FromSeed(ReadOnlySpan<byte> seed) => FromSeed(seed, null);

    /// <summary>Creates a public-only key from a 32-byte public key.</summary>
    public static Ed25519Key FromPublicKey(ReadOnlySpan<byte> publicKey) => FromPublicKey(publicKey, null);

    /// <inheritdoc />
    public override byte[] GetPublicKeyBytes() => ExportSubjectPublicKeyInfo();

    /// <inheritdoc />
    public override byte[] ExportSubjectPublicKeyInfo() => KeyAsn1.Spki(KeyOids.Ed25519, null, _publicKey);

    internal static Ed25519Key FromSeed(ReadOnlySpan<byte> seed, string? sourcePath)
    {
        CheckLength(seed, sourcePath);
        var sk = seed.ToArray();
        var pk = new byte[KeyLength];
        Rfc8032.Ed25519.GeneratePublicKey(sk, 0, pk, 0);
        return new Ed25519Key(sk, pk, sourcePath);
    }

    internal static Ed25519Key FromPublicKey(ReadOnlySpan<byte> publicKey, string? sourcePath)
    {
        CheckLength(publicKey, sourcePath);
        return new Ed25519Key(null, publicKey.ToArray(), sourcePath);
    }

    internal static Ed25519Key CreateRandom()
    {
        var seed = RandomNumberGenerator.GetBytes(KeyLength);
        try
        {
            return FromSeed(seed, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>PureEdDSA Ed25519 signature of <paramref name="message"/> (RFC 8032 §5.1.6).</summary>
    internal byte[] Sign(ReadOnlySpan<byte> message)
    {
        var seed = _seed ?? throw KeyErrors.PrivateRequired(this, "Signing");
        var signature = new byte[SignatureLength];
        var m = message.ToArray();
        Rfc8032.Ed25519.Sign(seed, 0, _publicKey, 0, m, 0, m.Length, signature, 0);
        return signature;
    }

    /// <summary>PureEdDSA Ed25519 verification (RFC 8032 §5.1.7).</summary>
    internal bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureLength)
        {
            return false;
        }

        var m = message.ToArray();
        return Rfc8032.Ed25519.Verify(signature.ToArray(), 0, _publicKey, 0, m, 0, m.Length);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (_seed != null)
        {
            CryptographicOperations.ZeroMemory(_seed);
            _seed = null;
        }

        base.Dispose(disposing);
    }

    private protected override byte[] ExportPkcs8Core() => KeyAsn1.CurvePkcs8(KeyOids.Ed25519, _seed);

    private protected override byte[] GetPrivateBytesCore(PrivateKeyFormat? format, bool minimal)
        => throw new InvalidOperationException("Unreachable: Ed25519 is rejected by GetPrivateBytes.");

    private static void CheckLength(ReadOnlySpan<byte> key, string? sourcePath)
    {
        if (key.Length != KeyLength)
        {
            throw KeyErrors.Create(
                ErrorCodes.KeyDataMalformed,
                $"Ed25519 key {sourcePath ?? "(in memory)"} has {key.Length} key bytes instead of {KeyLength}; re-create it with: dotnet mcuboot keygen -k <path> -t ed25519.",
                sourcePath);
        }
    }
}
