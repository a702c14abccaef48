using System.Formats.Asn1;
using System.Security.Cryptography;
using McuBoot.Diagnostics;

namespace McuBoot.Keys;

/// <summary>
/// An RSA-2048 or RSA-3072 key (RFC 8017). Public-key bytes are PKCS#1 <c>RSAPublicKey</c> DER
/// (mcuboot-image-format.md §4.5); getpriv bytes are PKCS#1 <c>RSAPrivateKey</c> (§9.4).
/// </summary>
public sealed class RsaKey : McuBootKey
{
    private readonly bool _hasPrivateKey;

    /// <summary>Wraps <paramref name="rsa"/> (taking ownership). Only 2048- and 3072-bit keys are accepted.</summary>
    /// <exception cref="McuBootException">Unsupported key size.</exception>
    public RsaKey(RSA rsa, bool hasPrivateKey)
        : this(rsa, hasPrivateKey, null)
    {
    }

    internal RsaKey(RSA rsa, bool hasPrivateKey, string? sourcePath)
        : base(TypeFor(rsa, sourcePath), sourcePath)
    {
        Rsa = rsa;
        _hasPrivateKey = hasPrivateKey;
    }

    /// <summary>The .NET RSA object.</summary>
    public RSA Rsa { get; }

    /// <summary>The modulus size in bits (2048 or 3072).</summary>
    public int KeySizeBits => Rsa.KeySize;

    /// <inheritdoc />
    public override bool HasPrivateKey => _hasPrivateKey;

    /// <inheritdoc />
    public override byte[] GetPublicKeyBytes() => Rsa.ExportRSAPublicKey();

    /// <inheritdoc />
    public override byte[] ExportSubjectPublicKeyInfo() => Rsa.ExportSubjectPublicKeyInfo();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Rsa.Dispose();
        }

        base.Dispose(disposing);
    }

    private protected override byte[] ExportPkcs8Core() => Rsa.ExportPkcs8PrivateKey();

    private protected override byte[] GetPrivateBytesCore(PrivateKeyFormat? format, bool minimal)
    {
        if ((format ?? PrivateKeyFormat.Openssl) != PrivateKeyFormat.Openssl)
        {
            throw FormatNotSupported(PrivateKeyFormat.Pkcs8, "openssl");
        }

        if (!minimal)
        {
            return Rsa.ExportRSAPrivateKey();
        }

        // imgtool's _build_minimal_rsa_privkey: RSAPrivateKey { version, n, e, d, p, q } (dP, dQ, qInv dropped,
        // outer length patched). Re-encoding the kept fields in DER gives the same bytes.
        var p = Rsa.ExportParameters(includePrivateParameters: true);
        try
        {
            var w = new AsnWriter(AsnEncodingRules.DER);
            using (w.PushSequence())
            {
                w.WriteInteger(0);
                w.WriteIntegerUnsigned(p.Modulus);
                w.WriteIntegerUnsigned(p.Exponent);
                w.WriteIntegerUnsigned(p.D);
                w.WriteIntegerUnsigned(p.P);
                w.WriteIntegerUnsigned(p.Q);
            }

            return w.Encode();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(p.D);
            CryptographicOperations.ZeroMemory(p.P);
            CryptographicOperations.ZeroMemory(p.Q);
            CryptographicOperations.ZeroMemory(p.DP);
            CryptographicOperations.ZeroMemory(p.DQ);
            CryptographicOperations.ZeroMemory(p.InverseQ);
        }
    }

    private static KeyType TypeFor(RSA rsa, string? sourcePath)
    {
        ArgumentNullException.ThrowIfNull(rsa);
        return rsa.KeySize switch
        {
            2048 => KeyType.Rsa2048,
            3072 => KeyType.Rsa3072,
            _ => throw KeyErrors.Create(
                ErrorCodes.UnsupportedKeyType,
                $"Key {sourcePath ?? "(in memory)"} is an RSA-{rsa.KeySize} key; MCUboot supports only RSA-2048 and RSA-3072 ({KeyErrors.SupportedKeys}). Generate one with: dotnet mcuboot keygen -k <path> -t rsa-2048.",
                sourcePath),
        };
    }
}
