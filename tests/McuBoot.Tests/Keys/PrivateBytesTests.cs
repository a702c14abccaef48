using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using McuBoot.Diagnostics;
using McuBoot.Keys;

namespace McuBoot.Tests.Keys;

/// <summary><c>getpriv</c> (mcuboot-image-format.md §9.4).</summary>
public class PrivateBytesTests
{
    [Theory]
    [InlineData("rsa-2048")]
    [InlineData("rsa-3072")]
    [InlineData("enc-rsa2048")]
    public void Rsa_default_is_pkcs1_and_minimal_is_imgtools_truncation(string name)
    {
        using var key = (RsaKey)KeyLoader.Load(ConformanceKeys.PathOf(name));
        var full = key.GetPrivateBytes();
        Assert.Equal(full, key.GetPrivateBytes(PrivateKeyFormat.Openssl));
        Assert.Equal(key.Rsa.ExportRSAPrivateKey(), full);
        Assert.Equal(9, ReadIntegers(full).Count);

        var minimal = key.GetPrivateBytes(null, minimal: true);
        Assert.Equal(ImgtoolMinimalRsa(full), minimal);
        Assert.Equal(ReadIntegers(full).Take(6), ReadIntegers(minimal));

        var e = Assert.Throws<McuBootException>(() => key.GetPrivateBytes(PrivateKeyFormat.Pkcs8));
        Assert.Equal(ErrorCodes.PrivateKeyFormatNotSupported, e.Code);
    }

    [Fact]
    public void Ecdsa_p256_forms_and_sizes()
    {
        var path = ConformanceKeys.PathOf("enc-ec256");
        using var key = (EcdsaKey)KeyLoader.Load(path);
        var pkcs8 = key.GetPrivateBytes();
        Assert.Equal(138, pkcs8.Length);
        Assert.Equal(PemDer(path), pkcs8);
        Assert.Equal(pkcs8, key.GetPrivateBytes(PrivateKeyFormat.Pkcs8));

        var openssl = key.GetPrivateBytes(PrivateKeyFormat.Openssl);
        Assert.Equal(121, openssl.Length);
        Assert.Equal(key.Ecdsa.ExportECPrivateKey(), openssl);

        var minPkcs8 = key.GetPrivateBytes(PrivateKeyFormat.Pkcs8, minimal: true);
        var minOpenssl = key.GetPrivateBytes(PrivateKeyFormat.Openssl, minimal: true);
        Assert.Equal(67, minPkcs8.Length);
        Assert.Equal(51, minOpenssl.Length);
        Assert.Equal(ImgtoolMinimalEcPkcs8(pkcs8), minPkcs8);
        Assert.Equal(ImgtoolMinimalEcOpenssl(openssl), minOpenssl);
    }

    [Fact]
    public void Ecdsa_p384_minimal_works_unlike_imgtool()
    {
        using var key = (EcdsaKey)KeyLoader.Load(ConformanceKeys.PathOf("ecdsa-p384"));
        var d = key.ExportParameters(true).D!;
        foreach (var format in new[] { PrivateKeyFormat.Pkcs8, PrivateKeyFormat.Openssl })
        {
            var minimal = key.GetPrivateBytes(format, minimal: true);
            var full = key.GetPrivateBytes(format);
            Assert.True(minimal.Length < full.Length);
            using var check = ECDsa.Create();
            if (format == PrivateKeyFormat.Pkcs8)
            {
                check.ImportPkcs8PrivateKey(minimal, out var read);
                Assert.Equal(minimal.Length, read);
            }
            else
            {
                check.ImportECPrivateKey(minimal, out var read);
                Assert.Equal(minimal.Length, read);
            }

            Assert.Equal(d, check.ExportParameters(true).D);
            // PKCS#8 { 0, {ecPublicKey, secp384r1}, OCTET { ECPrivateKey { 1, d } } } = 80 bytes; SEC1 { 1, d, [0] curve } = 64.
            Assert.Equal(format == PrivateKeyFormat.Pkcs8 ? 80 : 64, minimal.Length);
        }

        Assert.Equal(PemDer(ConformanceKeys.PathOf("ecdsa-p384")), key.GetPrivateBytes());
    }

    [Fact]
    public void X25519_is_pkcs8_only_and_minimal_has_no_effect()
    {
        var path = ConformanceKeys.PathOf("x25519");
        using var key = (X25519Key)KeyLoader.Load(path);
        var bytes = key.GetPrivateBytes();
        Assert.Equal(48, bytes.Length);
        Assert.Equal(PemDer(path), bytes);
        Assert.Equal(bytes, key.GetPrivateBytes(PrivateKeyFormat.Pkcs8, minimal: true));
        Assert.Equal(bytes.AsSpan(16).ToArray(), key.GetPrivateKey());
        Assert.Equal(ErrorCodes.PrivateKeyFormatNotSupported, Assert.Throws<McuBootException>(() => key.GetPrivateBytes(PrivateKeyFormat.Openssl)).Code);
    }

    [Fact]
    public void Ed25519_and_public_only_keys_are_refused()
    {
        using var ed = KeyLoader.Load(ConformanceKeys.PathOf("ed25519"));
        Assert.Equal(ErrorCodes.PrivateKeyFormatNotSupported, Assert.Throws<McuBootException>(() => ed.GetPrivateBytes()).Code);

        using var pub = KeyLoader.Load(ConformanceKeys.PathOf("enc-ec256-pub"));
        var e = Assert.Throws<McuBootException>(() => pub.GetPrivateBytes());
        Assert.Equal(ErrorCodes.PrivateKeyRequired, e.Code);
        Assert.Contains(Path.GetFullPath(ConformanceKeys.PathOf("enc-ec256-pub")), e.Message, StringComparison.Ordinal);

        using var xpub = (X25519Key)KeyLoader.Load(ConformanceKeys.PathOf("x25519-pub"));
        Assert.Equal(ErrorCodes.PrivateKeyRequired, Assert.Throws<McuBootException>(() => xpub.GetPrivateKey()).Code);
    }

    [Fact]
    public void Getpriv_c_layout()
    {
        var text = PrivateKeyExport.ToC([0, 1, 2, 3, 4, 5, 6, 7, 0xab]);
        Assert.Equal(
            "/* Autogenerated by imgtool.py, do not edit. */\n" +
            "const unsigned char enc_priv_key[] = {\n" +
            "    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,\n" +
            "    0xab,\n" +
            "};\n" +
            "const unsigned int enc_priv_key_len = 9;\n",
            text);
    }

    private static byte[] PemDer(string path)
    {
        var pem = PemEncoding.Find(File.ReadAllText(path));
        return Convert.FromBase64String(File.ReadAllText(path)[pem.Base64Data]);
    }

    private static List<BigInteger> ReadIntegers(byte[] der)
    {
        var seq = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var list = new List<BigInteger>();
        while (seq.HasData)
        {
            list.Add(seq.ReadInteger());
        }

        return list;
    }

    /// <summary>imgtool keys/rsa.py _build_minimal_rsa_privkey: keep up to Q, patch the 2-byte outer length.</summary>
    private static byte[] ImgtoolMinimalRsa(byte[] der)
    {
        Assert.Equal(0x82, der[1]);
        var off = 4;
        for (var field = 0; field < 6; field++)
        {
            Assert.Equal(0x02, der[off]);
            int len = der[off + 1];
            var header = 2;
            if (len == 0x81)
            {
                len = der[off + 2];
                header = 3;
            }
            else if (len == 0x82)
            {
                len = (der[off + 2] << 8) | der[off + 3];
                header = 4;
            }

            off += header + len;
        }

        var b = der.AsSpan(0, off).ToArray();
        b[2] = (byte)((off - 4) >> 8);
        b[3] = (byte)(off - 4);
        return b;
    }

    /// <summary>imgtool keys/ecdsa.py _build_minimal_ecdsa_privkey, PKCS8 branch (fixed P-256 offsets).</summary>
    private static byte[] ImgtoolMinimalEcPkcs8(byte[] der)
    {
        const int offsetPub = 68;
        Assert.Equal(0xa1, der[offsetPub]);
        var lenPub = der[offsetPub + 1] + 2;
        var b = der.AsSpan(0, offsetPub).ToArray().ToList();
        Assert.Equal(0x30, b[29]);
        b[30] = (byte)(b[30] - lenPub);
        Assert.Equal(0x04, b[27]);
        b[28] = (byte)(b[28] - lenPub);
        Assert.Equal(0x81, b[1]);
        b[2] = (byte)(b[2] - lenPub);
        if (b[2] < 0x80)
        {
            b.RemoveAt(1);
        }

        return [.. b];
    }

    /// <summary>imgtool keys/ecdsa.py _build_minimal_ecdsa_privkey, TraditionalOpenSSL branch.</summary>
    private static byte[] ImgtoolMinimalEcOpenssl(byte[] der)
    {
        const int offsetPub = 51;
        Assert.Equal(0xa1, der[offsetPub]);
        var lenPub = der[offsetPub + 1] + 2;
        var b = der.AsSpan(0, offsetPub).ToArray();
        b[1] = (byte)(b[1] - lenPub);
        return b;
    }
}
