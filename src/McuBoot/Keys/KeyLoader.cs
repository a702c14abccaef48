using System.Formats.Asn1;
using System.Security.Cryptography;
using McuBoot.Diagnostics;

namespace McuBoot.Keys;

/// <summary>
/// Loads key files the way imgtool does (mcuboot-image-format.md §9, "Key files"): PEM only, private or public.
/// Accepted blocks: PKCS#8 <c>PRIVATE KEY</c> (RFC 5208), <c>ENCRYPTED PRIVATE KEY</c> (PBES2 with PBKDF2 or scrypt
/// and AES-CBC/3DES, plus whatever .NET's PKCS#8 importers decrypt), PKCS#1 <c>RSA PRIVATE KEY</c> /
/// <c>RSA PUBLIC KEY</c> (RFC 8017 appendix A.1), SEC1 <c>EC PRIVATE KEY</c> (RFC 5915), SPKI <c>PUBLIC KEY</c>
/// (RFC 5280, RFC 5480, RFC 8410), and OpenSSL's legacy <c>Proc-Type: 4,ENCRYPTED</c> PEM encryption.
/// Unlike imgtool, every failure is a coded <see cref="McuBootException"/> naming the file and the fix (§11 item 26).
/// </summary>
public static class KeyLoader
{
    private static readonly string[] KnownLabels =
    [
        "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "PUBLIC KEY", "RSA PUBLIC KEY",
    ];

    /// <summary>Loads the key file at <paramref name="path"/> (relative paths resolve against the current directory).</summary>
    /// <param name="path">The PEM file.</param>
    /// <param name="passwords">Supplies the password of an encrypted key; null when none is available.</param>
    /// <exception cref="McuBootException">Missing file, not a PEM, unsupported key, missing or wrong password.</exception>
    public static McuBootKey Load(string path, IPasswordProvider? passwords = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            var what = Directory.Exists(full) ? "is a directory, not a key file" : "not found";
            throw KeyErrors.Create(
                ErrorCodes.KeyFileNotFound,
                $"Key file {what}: {full}; check the -k path, or create a key with: dotnet mcuboot keygen -k <path> -t ecdsa-p256.",
                full);
        }

        byte[] content;
        try
        {
            content = File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw KeyErrors.Create(ErrorCodes.KeyNotPem, $"Cannot read key file {full}: {e.Message}; check its permissions.", full, e);
        }

        if (content.Length > 0 && content[0] == 0x30 && content.AsSpan().IndexOf("-----BEGIN "u8) < 0)
        {
            throw KeyErrors.Create(
                ErrorCodes.KeyNotPem,
                $"Key file {full} is binary DER, but key files must be PEM (as for imgtool); convert it with: openssl pkey -inform DER -in KEY -out KEY.pem (add -pubin for a public key).",
                full);
        }

        return LoadPem(System.Text.Encoding.UTF8.GetString(content), full, passwords);
    }

    /// <summary>Loads a key from PEM text; <paramref name="displayPath"/> names it in messages and password requests.</summary>
    /// <exception cref="McuBootException">Not a PEM key, unsupported key, missing or wrong password.</exception>
    public static McuBootKey LoadPem(string pemText, string displayPath, IPasswordProvider? passwords = null)
    {
        ArgumentNullException.ThrowIfNull(pemText);
        ArgumentNullException.ThrowIfNull(displayPath);
        var blocks = PemBlock.ReadAll(pemText);
        var block = blocks.FirstOrDefault(b => KnownLabels.Contains(b.Label, StringComparer.Ordinal));
        if (block == null)
        {
            if (blocks.Count == 0)
            {
                throw KeyErrors.Create(
                    ErrorCodes.KeyNotPem,
                    $"Key file {displayPath} is not a PEM key file (no -----BEGIN ...----- block); give a PEM key, e.g. one made with: dotnet mcuboot keygen -k <path> -t ecdsa-p256.",
                    displayPath);
            }

            var label = blocks[0].Label;
            var fix = label == "OPENSSH PRIVATE KEY"
                ? "convert it with: ssh-keygen -p -m PKCS8 -f KEY"
                : "give a PRIVATE KEY or PUBLIC KEY PEM";
            throw KeyErrors.Create(
                ErrorCodes.UnsupportedKeyType,
                $"Key file {displayPath} holds a '{label}' PEM block, not a supported key ({KeyErrors.SupportedKeys}); {fix}.",
                displayPath);
        }

        var der = block.TryDecode() ?? throw KeyErrors.Create(
            ErrorCodes.KeyNotPem,
            $"Key file {displayPath} has a '{block.Label}' PEM block whose base64 body is corrupt; restore or re-export the key.",
            displayPath);

        try
        {
            if (block.Headers.TryGetValue("DEK-Info", out var dekInfo))
            {
                var password = RequirePassword(passwords, displayPath);
                try
                {
                    der = Pkcs8Encryption.DecryptLegacyPem(der, dekInfo, password, displayPath);
                }
                catch (McuBootException e) when (e.Code == ErrorCodes.KeyWrongPassword)
                {
                    throw WrongPassword(displayPath, passwords!, e);
                }
            }

            return block.Label switch
            {
                "PRIVATE KEY" => FromPkcs8(der, displayPath),
                "ENCRYPTED PRIVATE KEY" => FromEncryptedPkcs8(der, displayPath, passwords),
                "RSA PRIVATE KEY" => FromRsa(der, displayPath, isPrivate: true),
                "RSA PUBLIC KEY" => FromRsa(der, displayPath, isPrivate: false),
                "EC PRIVATE KEY" => FromSec1(der, displayPath),
                _ => FromSpki(der, displayPath),
            };
        }
        catch (AsnContentException e)
        {
            throw KeyErrors.Malformed(displayPath, $"'{block.Label}' DER", e);
        }
        catch (CryptographicException e)
        {
            throw KeyErrors.Malformed(displayPath, $"'{block.Label}' key data", e);
        }
    }

    private static string RequirePassword(IPasswordProvider? passwords, string displayPath)
        => passwords?.GetPassword(displayPath) ?? throw KeyErrors.Create(
            ErrorCodes.KeyPasswordRequired,
            $"Key {displayPath} is password-protected and no password is available; {passwords?.HowToProvide ?? "set --password-env NAME or --password-file FILE (MSBuild: McuBootKeyPasswordEnvironmentVariable or McuBootKeyPasswordFile)"}.",
            displayPath);

    /// <summary>A wrong password, naming the source it came from (never the password itself).</summary>
    private static McuBootException WrongPassword(string displayPath, IPasswordProvider passwords, Exception? inner)
        => KeyErrors.Create(
            ErrorCodes.KeyWrongPassword,
            $"Wrong password for encrypted key {displayPath}: the password from {passwords.DescribeSource(displayPath)} does not decrypt it (or its encryption scheme is not supported); check the value there, or re-encrypt the key with: openssl pkcs8 -topk8 -v2 aes-256-cbc -in KEY -out KEY.pem.",
            displayPath,
            inner);

    private static McuBootKey FromEncryptedPkcs8(byte[] der, string displayPath, IPasswordProvider? passwords)
    {
        var password = RequirePassword(passwords, displayPath);
        byte[]? plain;
        try
        {
            plain = Pkcs8Encryption.TryDecryptPbes2(der, password, displayPath);
        }
        catch (McuBootException e) when (e.Code == ErrorCodes.KeyWrongPassword)
        {
            throw WrongPassword(displayPath, passwords!, e);
        }

        if (plain != null)
        {
            try
            {
                return FromPkcs8(plain, displayPath);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plain);
            }
        }

        // Other schemes (PKCS#12 PBE, PBES1): let .NET decrypt RSA or EC keys, then re-read the plain PKCS#8.
        foreach (var importer in new Func<byte[]?>[] { () => TryNet(RSA.Create, der, password), () => TryNet(ECDsa.Create, der, password) })
        {
            var decrypted = importer();
            if (decrypted != null)
            {
                try
                {
                    return FromPkcs8(decrypted, displayPath);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(decrypted);
                }
            }
        }

        throw WrongPassword(displayPath, passwords!, null);
    }

    private static byte[]? TryNet(Func<AsymmetricAlgorithm> create, byte[] der, string password)
    {
        using var alg = create();
        try
        {
            alg.ImportEncryptedPkcs8PrivateKey(password, der, out _);
            return alg.ExportPkcs8PrivateKey();
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static McuBootKey FromPkcs8(byte[] der, string displayPath)
    {
        var seq = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
        seq.ReadInteger();
        var (algorithm, curve) = ReadAlgorithm(seq);
        var privateKey = seq.ReadOctetString();
        try
        {
            switch (algorithm)
            {
                case KeyOids.Rsa:
                {
                    CheckRsaPrivateKeyVersion(privateKey, displayPath);
                    var rsa = RSA.Create();
                    return Own(rsa, () =>
                    {
                        rsa.ImportPkcs8PrivateKey(der, out _);
                        return new RsaKey(rsa, hasPrivateKey: true, displayPath);
                    });
                }

                case KeyOids.EcPublicKey:
                {
                    CheckCurve(curve, displayPath);
                    var ec = ECDsa.Create();
                    return Own(ec, () =>
                    {
                        ec.ImportPkcs8PrivateKey(der, out _);
                        return new EcdsaKey(ec, hasPrivateKey: true, displayPath);
                    });
                }

                case KeyOids.Ed25519:
                case KeyOids.X25519:
                {
                    var raw = new AsnReader(privateKey, AsnEncodingRules.BER).ReadOctetString();
                    try
                    {
                        return algorithm == KeyOids.Ed25519
                            ? Ed25519Key.FromSeed(raw, displayPath)
                            : X25519Key.FromPrivateKey(raw, displayPath);
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(raw);
                    }
                }

                default:
                    throw UnsupportedAlgorithm(algorithm, displayPath);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private static McuBootKey FromSpki(byte[] der, string displayPath)
    {
        var seq = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
        var (algorithm, curve) = ReadAlgorithm(seq);
        var publicKey = seq.ReadBitString(out _);
        switch (algorithm)
        {
            case KeyOids.Rsa:
            {
                var rsa = RSA.Create();
                return Own(rsa, () =>
                {
                    rsa.ImportSubjectPublicKeyInfo(der, out _);
                    return new RsaKey(rsa, hasPrivateKey: false, displayPath);
                });
            }

            case KeyOids.EcPublicKey:
            {
                CheckCurve(curve, displayPath);
                var ec = ECDsa.Create();
                return Own(ec, () =>
                {
                    ec.ImportSubjectPublicKeyInfo(der, out _);
                    return new EcdsaKey(ec, hasPrivateKey: false, displayPath);
                });
            }

            case KeyOids.Ed25519:
                return Ed25519Key.FromPublicKey(publicKey, displayPath);
            case KeyOids.X25519:
                return X25519Key.FromPublicKey(publicKey, displayPath);
            default:
                throw UnsupportedAlgorithm(algorithm, displayPath);
        }
    }

    private static RsaKey FromRsa(byte[] der, string displayPath, bool isPrivate)
    {
        if (isPrivate)
        {
            CheckRsaPrivateKeyVersion(der, displayPath);
        }

        var rsa = RSA.Create();
        return Own(rsa, () =>
        {
            if (isPrivate)
            {
                rsa.ImportRSAPrivateKey(der, out _);
            }
            else
            {
                rsa.ImportRSAPublicKey(der, out _);
            }

            return new RsaKey(rsa, isPrivate, displayPath);
        });
    }

    /// <summary>
    /// RSAPrivateKey { version Version, ... } (RFC 8017 §A.1.2): version 0 is two-prime, 1 multi-prime (with
    /// otherPrimeInfos); imgtool and MCUboot only know two-prime keys, and .NET would accept any version.
    /// </summary>
    private static void CheckRsaPrivateKeyVersion(ReadOnlyMemory<byte> rsaPrivateKey, string displayPath)
    {
        var version = new AsnReader(rsaPrivateKey, AsnEncodingRules.BER).ReadSequence().ReadInteger();
        if (!version.IsZero)
        {
            string what = version.IsOne ? "a multi-prime RSA key (RSAPrivateKey version 1)" : $"an RSAPrivateKey of unknown version {(version.ToString().Length > 12 ? "(a huge number)" : version.ToString())}";
            throw KeyErrors.Create(ErrorCodes.RsaKeyVersionUnsupported,
                $"Key file {displayPath} holds {what}; only two-prime RSA keys (version 0) are supported: generate a new key with dotnet mcuboot keygen -t rsa-2048 (or openssl genrsa).",
                displayPath);
        }
    }

    private static EcdsaKey FromSec1(byte[] der, string displayPath)
    {
        // ECPrivateKey { version, privateKey, [0] parameters OPTIONAL, [1] publicKey OPTIONAL } (RFC 5915 §3).
        var seq = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
        seq.ReadInteger();
        seq.ReadOctetString();
        string? curve = null;
        var paramsTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(paramsTag))
        {
            var p = seq.ReadSequence(paramsTag);
            if (p.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                curve = p.ReadObjectIdentifier();
            }
        }

        CheckCurve(curve, displayPath);
        var ec = ECDsa.Create();
        return Own(ec, () =>
        {
            ec.ImportECPrivateKey(der, out _);
            return new EcdsaKey(ec, hasPrivateKey: true, displayPath);
        });
    }

    private static (string Algorithm, string? Curve) ReadAlgorithm(AsnReader seq)
    {
        var alg = seq.ReadSequence();
        var oid = alg.ReadObjectIdentifier();
        string? curve = null;
        if (alg.HasData && alg.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
        {
            curve = alg.ReadObjectIdentifier();
        }

        return (oid, curve);
    }

    private static void CheckCurve(string? curve, string displayPath)
    {
        if (curve is KeyOids.P256 or KeyOids.P384)
        {
            return;
        }

        var name = curve == null ? "explicit (unnamed) curve parameters" : "curve " + KeyOids.Describe(curve);
        throw KeyErrors.Create(
            ErrorCodes.UnsupportedKeyType,
            $"Key {displayPath} is an EC key with {name}; MCUboot supports only P-256 (secp256r1) and P-384 (secp384r1) ({KeyErrors.SupportedKeys}). Generate one with: dotnet mcuboot keygen -k <path> -t ecdsa-p256.",
            displayPath);
    }

    private static McuBootException UnsupportedAlgorithm(string oid, string displayPath)
        => KeyErrors.Create(
            ErrorCodes.UnsupportedKeyType,
            $"Key {displayPath} is a {KeyOids.Describe(oid)} key, which MCUboot does not support ({KeyErrors.SupportedKeys}); generate one with: dotnet mcuboot keygen -k <path> -t ecdsa-p256.",
            displayPath);

    /// <summary>Runs <paramref name="build"/>; disposes <paramref name="owned"/> if it throws.</summary>
    private static T Own<T>(IDisposable owned, Func<T> build)
    {
        try
        {
            return build();
        }
        catch
        {
            owned.Dispose();
            throw;
        }
    }
}
