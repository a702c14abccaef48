using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using McuBoot.Diagnostics;

namespace McuBoot.Keys;

/// <summary>
/// Password-based key encryption: PKCS#8 EncryptedPrivateKeyInfo (RFC 5208 §6) with PBES2 (RFC 8018 §6.2),
/// PBKDF2 (RFC 8018 §5.2) or scrypt (RFC 7914 §7) and AES-CBC / DES-EDE3-CBC; and OpenSSL's legacy PEM
/// encryption (<c>Proc-Type: 4,ENCRYPTED</c>, EVP_BytesToKey with MD5, RFC 1421 headers).
/// </summary>
internal static class Pkcs8Encryption
{
    /// <summary>PBKDF2 iterations used when writing encrypted keys (OWASP 2023 figure for HMAC-SHA256).</summary>
    internal const int Pbkdf2Iterations = 600_000;

    /// <summary>Encrypts a PKCS#8 DER as PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC, password UTF-8.</summary>
    internal static byte[] Encrypt(ReadOnlySpan<byte> pkcs8, ReadOnlySpan<char> password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var iv = RandomNumberGenerator.GetBytes(16);
        var pwd = Encoding.UTF8.GetBytes(password.ToArray());
        var key = Rfc2898DeriveBytes.Pbkdf2(pwd, salt, Pbkdf2Iterations, HashAlgorithmName.SHA256, 32);
        try
        {
            using var aes = Aes.Create();
            aes.Key = key;
            var encrypted = aes.EncryptCbc(pkcs8, iv, PaddingMode.PKCS7);

            var w = new AsnWriter(AsnEncodingRules.DER);
            using (w.PushSequence())
            {
                using (w.PushSequence())
                {
                    w.WriteObjectIdentifier(KeyOids.Pbes2);
                    using (w.PushSequence())
                    {
                        using (w.PushSequence())
                        {
                            w.WriteObjectIdentifier(KeyOids.Pbkdf2);
                            using (w.PushSequence())
                            {
                                w.WriteOctetString(salt);
                                w.WriteInteger(Pbkdf2Iterations);
                                using (w.PushSequence())
                                {
                                    w.WriteObjectIdentifier(KeyOids.HmacSha256);
                                    w.WriteNull();
                                }
                            }
                        }

                        using (w.PushSequence())
                        {
                            w.WriteObjectIdentifier(KeyOids.Aes256Cbc);
                            w.WriteOctetString(iv);
                        }
                    }
                }

                w.WriteOctetString(encrypted);
            }

            return w.Encode();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pwd);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Decrypts an EncryptedPrivateKeyInfo to the PKCS#8 PrivateKeyInfo DER. Returns null when the encryption
    /// scheme is not PBES2 (the caller may then try .NET's own importers, which also know PKCS#12 PBE).
    /// </summary>
    /// <exception cref="McuBootException">Wrong password or malformed parameters.</exception>
    internal static byte[]? TryDecryptPbes2(byte[] der, string password, string displayPath)
    {
        string scheme;
        ReadOnlyMemory<byte> parameters;
        byte[] encrypted;
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
            var alg = outer.ReadSequence();
            scheme = alg.ReadObjectIdentifier();
            parameters = alg.HasData ? alg.ReadEncodedValue() : ReadOnlyMemory<byte>.Empty;
            encrypted = outer.ReadOctetString();
        }
        catch (AsnContentException e)
        {
            throw KeyErrors.Malformed(displayPath, "EncryptedPrivateKeyInfo", e);
        }

        if (scheme != KeyOids.Pbes2)
        {
            CheckPbeIterations(parameters, displayPath);
            return null;
        }

        byte[] key;
        string cipherOid;
        byte[] iv;
        var pwd = Encoding.UTF8.GetBytes(password);
        try
        {
            var p = new AsnReader(parameters, AsnEncodingRules.BER).ReadSequence();
            var kdf = p.ReadSequence();
            var kdfOid = kdf.ReadObjectIdentifier();
            var kdfParams = kdf.ReadSequence();
            var enc = p.ReadSequence();
            cipherOid = enc.ReadObjectIdentifier();
            iv = enc.ReadOctetString();
            var keyLength = CipherKeyLength(cipherOid, displayPath);

            if (kdfOid == KeyOids.Pbkdf2)
            {
                var salt = kdfParams.ReadOctetString();
                var iterations = KeyDerivationLimits.CheckPbkdf2(kdfParams.ReadInteger(), displayPath);
                var prf = HashAlgorithmName.SHA1;
                if (kdfParams.HasData && kdfParams.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
                {
                    kdfParams.ReadInteger();
                }

                if (kdfParams.HasData)
                {
                    var prfSeq = kdfParams.ReadSequence();
                    prf = prfSeq.ReadObjectIdentifier() switch
                    {
                        KeyOids.HmacSha1 => HashAlgorithmName.SHA1,
                        KeyOids.HmacSha256 => HashAlgorithmName.SHA256,
                        KeyOids.HmacSha384 => HashAlgorithmName.SHA384,
                        KeyOids.HmacSha512 => HashAlgorithmName.SHA512,
                        var other => throw Unsupported(displayPath, "PBKDF2 PRF " + other),
                    };
                }

                key = Rfc2898DeriveBytes.Pbkdf2(pwd, salt, iterations, prf, keyLength);
            }
            else if (kdfOid == KeyOids.Scrypt)
            {
                var salt = kdfParams.ReadOctetString();
                var (n, r, par) = KeyDerivationLimits.CheckScrypt(kdfParams.ReadInteger(), kdfParams.ReadInteger(), kdfParams.ReadInteger(), displayPath);
                key = Org.BouncyCastle.Crypto.Generators.SCrypt.Generate(pwd, salt, n, r, par, keyLength);
            }
            else
            {
                throw Unsupported(displayPath, "key derivation " + kdfOid);
            }
        }
        catch (Exception e) when (e is AsnContentException or InvalidCastException or OverflowException)
        {
            throw KeyErrors.Malformed(displayPath, "PBES2 encryption parameters", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pwd);
        }

        try
        {
            var plain = DecryptCbc(cipherOid, key, iv, encrypted);
            if (plain == null || !LooksLikeSequence(plain))
            {
                throw WrongPassword(displayPath, null);
            }

            return plain;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Decrypts an OpenSSL legacy-encrypted PEM body (<c>DEK-Info: AES-256-CBC,IVHEX</c>).</summary>
    internal static byte[] DecryptLegacyPem(byte[] data, string dekInfo, string password, string displayPath)
    {
        var comma = dekInfo.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            throw KeyErrors.Malformed(displayPath, "DEK-Info header");
        }

        var cipherName = dekInfo[..comma].Trim().ToUpperInvariant();
        byte[] iv;
        try
        {
            iv = Convert.FromHexString(dekInfo[(comma + 1)..].Trim());
        }
        catch (FormatException e)
        {
            throw KeyErrors.Malformed(displayPath, "DEK-Info header", e);
        }

        var (oid, keyLength) = cipherName switch
        {
            "AES-128-CBC" => (KeyOids.Aes128Cbc, 16),
            "AES-192-CBC" => (KeyOids.Aes192Cbc, 24),
            "AES-256-CBC" => (KeyOids.Aes256Cbc, 32),
            "DES-EDE3-CBC" => (KeyOids.DesEde3Cbc, 24),
            _ => throw Unsupported(displayPath, "legacy PEM cipher " + cipherName),
        };
        if (iv.Length < 8)
        {
            throw KeyErrors.Malformed(displayPath, "DEK-Info header");
        }

        // EVP_BytesToKey(MD5, salt = first 8 IV bytes, count = 1).
        var pwd = Encoding.UTF8.GetBytes(password);
        var key = new byte[keyLength];
        try
        {
            var previous = Array.Empty<byte>();
            for (var filled = 0; filled < keyLength;)
            {
                previous = MD5.HashData([.. previous, .. pwd, .. iv.AsSpan(0, 8)]);
                var n = Math.Min(previous.Length, keyLength - filled);
                previous.AsSpan(0, n).CopyTo(key.AsSpan(filled));
                filled += n;
            }

            var plain = DecryptCbc(oid, key, iv, data);
            if (plain == null || !LooksLikeSequence(plain))
            {
                throw WrongPassword(displayPath, null);
            }

            return plain;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pwd);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// PBES1 and PKCS#12 PBE parameters (RFC 8018 §A.3, RFC 7292 Appendix C) are SEQUENCE { salt, iterationCount }:
    /// the count is checked like PBKDF2's before .NET's importers run it.
    /// </summary>
    private static void CheckPbeIterations(ReadOnlyMemory<byte> parameters, string displayPath)
    {
        System.Numerics.BigInteger iterations;
        try
        {
            var p = new AsnReader(parameters, AsnEncodingRules.BER).ReadSequence();
            p.ReadOctetString();
            iterations = p.ReadInteger();
        }
        catch (AsnContentException)
        {
            return; // not this shape: .NET's importer decides
        }

        KeyDerivationLimits.CheckPbkdf2(iterations, displayPath);
    }

    internal static McuBootException WrongPassword(string displayPath, Exception? inner)
        => KeyErrors.Create(
            ErrorCodes.KeyWrongPassword,
            $"Wrong password for encrypted key {displayPath}: decryption failed; check the value given with --password-env or --password-file.",
            displayPath,
            inner);

    private static byte[]? DecryptCbc(string cipherOid, byte[] key, byte[] iv, byte[] data)
    {
        try
        {
            using SymmetricAlgorithm cipher = cipherOid == KeyOids.DesEde3Cbc ? TripleDES.Create() : Aes.Create();
            cipher.Key = key;
            return cipher.DecryptCbc(data, iv, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool LooksLikeSequence(byte[] der)
    {
        try
        {
            var r = new AsnReader(der, AsnEncodingRules.BER);
            r.ReadSequence();
            return !r.HasData;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static int CipherKeyLength(string oid, string displayPath) => oid switch
    {
        KeyOids.Aes128Cbc => 16,
        KeyOids.Aes192Cbc => 24,
        KeyOids.Aes256Cbc => 32,
        KeyOids.DesEde3Cbc => 24,
        _ => throw Unsupported(displayPath, "cipher " + oid),
    };

    private static McuBootException Unsupported(string displayPath, string what)
        => KeyErrors.Create(
            ErrorCodes.KeyDataMalformed,
            $"Encrypted key {displayPath} uses an unsupported {what}; re-encrypt it with: openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -in KEY -out KEY.pem.",
            displayPath);
}
