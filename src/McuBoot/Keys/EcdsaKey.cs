using System.Security.Cryptography;
using McuBoot.Diagnostics;

namespace McuBoot.Keys;

/// <summary>
/// An ECDSA key on P-256 (secp256r1) or P-384 (secp384r1) (RFC 5480). Public-key bytes are the SPKI DER with a
/// named curve and an uncompressed point (mcuboot-image-format.md §4.5); getpriv bytes are PKCS#8 or SEC1 (§9.4).
/// </summary>
public sealed class EcdsaKey : McuBootKey
{
    private readonly bool _hasPrivateKey;
    private readonly string _curveOid;

    /// <summary>Wraps <paramref name="ecdsa"/> (taking ownership). Only P-256 and P-384 are accepted.</summary>
    /// <exception cref="McuBootException">Unsupported curve.</exception>
    public EcdsaKey(ECDsa ecdsa, bool hasPrivateKey)
        : this(ecdsa, hasPrivateKey, null)
    {
    }

    internal EcdsaKey(ECDsa ecdsa, bool hasPrivateKey, string? sourcePath)
        : base(TypeFor(ecdsa, sourcePath, out var curveOid), sourcePath)
    {
        Ecdsa = ecdsa;
        _hasPrivateKey = hasPrivateKey;
        _curveOid = curveOid;
    }

    /// <summary>The .NET ECDsa object.</summary>
    public ECDsa Ecdsa { get; }

    /// <summary>The size of a coordinate / the private scalar in bytes (32 or 48).</summary>
    public int FieldSizeBytes => Type == KeyType.EcdsaP256 ? 32 : 48;

    /// <inheritdoc />
    public override bool HasPrivateKey => _hasPrivateKey;

    /// <summary>The curve parameters (named curve), with the private scalar when <paramref name="includePrivate"/>.</summary>
    public ECParameters ExportParameters(bool includePrivate) => Ecdsa.ExportParameters(includePrivate);

    /// <inheritdoc />
    public override byte[] GetPublicKeyBytes() => ExportSubjectPublicKeyInfo();

    /// <inheritdoc />
    public override byte[] ExportSubjectPublicKeyInfo()
        => KeyAsn1.Spki(KeyOids.EcPublicKey, _curveOid, PublicPoint(Ecdsa.ExportParameters(false)));

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Ecdsa.Dispose();
        }

        base.Dispose(disposing);
    }

    private protected override byte[] ExportPkcs8Core() => BuildPrivate(PrivateKeyFormat.Pkcs8, minimal: false);

    private protected override byte[] GetPrivateBytesCore(PrivateKeyFormat? format, bool minimal)
        => BuildPrivate(format ?? PrivateKeyFormat.Pkcs8, minimal);

    /// <summary>
    /// pyca/cryptography's forms: PKCS#8 wraps ECPrivateKey { 1, d, [1] point } (no [0] parameters, they are in the
    /// AlgorithmIdentifier); "openssl" is SEC1 ECPrivateKey { 1, d, [0] curve, [1] point }. Minimal drops [1]
    /// (imgtool's _build_minimal_ecdsa_privkey, which only works for P-256; the same rule applied to P-384).
    /// </summary>
    private byte[] BuildPrivate(PrivateKeyFormat format, bool minimal)
    {
        var p = Ecdsa.ExportParameters(includePrivateParameters: true);
        byte[]? d = null;
        byte[]? inner = null;
        try
        {
            d = FixedLength(p.D!, FieldSizeBytes);
            var point = minimal ? [] : PublicPoint(p);
            if (format == PrivateKeyFormat.Openssl)
            {
                return KeyAsn1.EcPrivateKey(d, _curveOid, point);
            }

            inner = KeyAsn1.EcPrivateKey(d, null, point);
            return KeyAsn1.Pkcs8(KeyOids.EcPublicKey, _curveOid, inner);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(p.D);
            CryptographicOperations.ZeroMemory(d);
            CryptographicOperations.ZeroMemory(inner);
        }
    }

    private byte[] PublicPoint(ECParameters p)
    {
        var n = FieldSizeBytes;
        var point = new byte[1 + (2 * n)];
        point[0] = 0x04;
        FixedLength(p.Q.X!, n).CopyTo(point, 1);
        FixedLength(p.Q.Y!, n).CopyTo(point, 1 + n);
        return point;
    }

    private static byte[] FixedLength(byte[] value, int length)
    {
        if (value.Length == length)
        {
            return (byte[])value.Clone();
        }

        var start = 0;
        while (value.Length - start > length && value[start] == 0)
        {
            start++;
        }

        var result = new byte[length];
        value.AsSpan(start).CopyTo(result.AsSpan(length - (value.Length - start)));
        return result;
    }

    private static KeyType TypeFor(ECDsa ecdsa, string? sourcePath, out string curveOid)
    {
        ArgumentNullException.ThrowIfNull(ecdsa);
        var curve = ecdsa.ExportParameters(false).Curve;
        var oid = curve.IsNamed ? curve.Oid : null;
        var name = oid?.FriendlyName ?? string.Empty;
        if (oid?.Value == KeyOids.P256 || name is "nistP256" or "ECDSA_P256" or "secp256r1" or "prime256v1")
        {
            curveOid = KeyOids.P256;
            return KeyType.EcdsaP256;
        }

        if (oid?.Value == KeyOids.P384 || name is "nistP384" or "ECDSA_P384" or "secp384r1")
        {
            curveOid = KeyOids.P384;
            return KeyType.EcdsaP384;
        }

        var described = oid?.Value is { } v ? KeyOids.Describe(v) : (name.Length > 0 ? name : "an unnamed curve");
        throw KeyErrors.Create(
            ErrorCodes.UnsupportedKeyType,
            $"Key {sourcePath ?? "(in memory)"} uses EC curve {described}; MCUboot supports only P-256 and P-384 ({KeyErrors.SupportedKeys}). Generate one with: dotnet mcuboot keygen -k <path> -t ecdsa-p256.",
            sourcePath);
    }
}
