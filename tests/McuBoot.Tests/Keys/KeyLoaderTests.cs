using System.Security.Cryptography;
using McuBoot.Diagnostics;
using McuBoot.Keys;

namespace McuBoot.Tests.Keys;

public class KeyLoaderTests
{
    public static TheoryData<string, KeyType, bool> ConformanceKeyFiles => new()
    {
        { "rsa-2048", KeyType.Rsa2048, true },
        { "rsa-3072", KeyType.Rsa3072, true },
        { "ecdsa-p256", KeyType.EcdsaP256, true },
        { "ecdsa-p384", KeyType.EcdsaP384, true },
        { "ed25519", KeyType.Ed25519, true },
        { "x25519", KeyType.X25519, true },
        { "x25519-pub", KeyType.X25519, false },
        { "enc-ec256", KeyType.EcdsaP256, true },
        { "enc-ec256-pub", KeyType.EcdsaP256, false },
        { "enc-rsa2048", KeyType.Rsa2048, true },
        { "enc-rsa2048-pub", KeyType.Rsa2048, false },
    };

    [Fact]
    public void Every_conformance_key_file_is_covered_and_loads()
    {
        var names = ConformanceKeyFiles.Select(row => (string)row[0]).ToHashSet();
        foreach (var file in ConformanceKeys.AllFiles())
        {
            Assert.Contains(Path.GetFileNameWithoutExtension(file), names);
            using var key = KeyLoader.Load(file);
            Assert.Equal(Path.GetFullPath(file), key.SourcePath);
        }
    }

    [Theory]
    [MemberData(nameof(ConformanceKeyFiles))]
    public void Loads_conformance_key_with_type_and_privacy(string name, KeyType type, bool isPrivate)
    {
        using var key = KeyLoader.Load(ConformanceKeys.PathOf(name));
        Assert.Equal(type, key.Type);
        Assert.Equal(isPrivate, key.HasPrivateKey);
    }

    [Theory]
    [InlineData("x25519", "x25519-pub")]
    [InlineData("enc-ec256", "enc-ec256-pub")]
    [InlineData("enc-rsa2048", "enc-rsa2048-pub")]
    public void Private_and_public_only_files_give_the_same_public_key(string privateName, string publicName)
    {
        using var priv = KeyLoader.Load(ConformanceKeys.PathOf(privateName));
        using var pub = KeyLoader.Load(ConformanceKeys.PathOf(publicName));
        Assert.Equal(priv.GetPublicKeyBytes(), pub.GetPublicKeyBytes());
        Assert.Equal(priv.ExportPublicPem(), pub.ExportPublicPem());
        Assert.Equal(File.ReadAllText(ConformanceKeys.PathOf(publicName)), pub.ExportPublicPem());
    }

    [Theory]
    [InlineData("rsa-2048", 270, "3082010a0282010100")]
    [InlineData("rsa-3072", 398, "3082018a0282018100")]
    [InlineData("ecdsa-p256", 91, "3059301306072a8648ce3d020106082a8648ce3d03010703420004")]
    [InlineData("ecdsa-p384", 120, "3076301006072a8648ce3d020106052b8104002203620004")]
    [InlineData("ed25519", 44, "302a300506032b6570032100")]
    [InlineData("x25519", 44, "302a300506032b656e032100")]
    public void Public_key_bytes_follow_section_4_5(string name, int length, string prefixHex)
    {
        using var key = KeyLoader.Load(ConformanceKeys.PathOf(name));
        var bytes = key.GetPublicKeyBytes();
        Assert.Equal(length, bytes.Length);
        Assert.StartsWith(prefixHex, Convert.ToHexStringLower(bytes), StringComparison.Ordinal);
        if (key is RsaKey)
        {
            Assert.EndsWith("0203010001", Convert.ToHexStringLower(bytes), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("rsa-2048")]
    [InlineData("rsa-3072")]
    [InlineData("ecdsa-p256")]
    [InlineData("ecdsa-p384")]
    [InlineData("ed25519")]
    [InlineData("x25519")]
    [InlineData("enc-ec256")]
    [InlineData("enc-rsa2048")]
    public void Unencrypted_pkcs8_export_reproduces_the_imgtool_keygen_file(string name)
    {
        var path = ConformanceKeys.PathOf(name);
        using var key = KeyLoader.Load(path);
        Assert.Equal(File.ReadAllText(path), key.ExportPrivatePkcs8Pem(""));
    }

    [Fact]
    public void Short_names_match_imgtool()
    {
        var expected = new Dictionary<string, string>
        {
            ["rsa-2048"] = "rsa", ["rsa-3072"] = "rsa", ["ecdsa-p256"] = "ecdsa", ["ecdsa-p384"] = "ecdsap384",
            ["ed25519"] = "ed25519", ["x25519"] = "x25519",
        };
        foreach (var (name, shortName) in expected)
        {
            using var key = KeyLoader.Load(ConformanceKeys.PathOf(name));
            Assert.Equal(shortName, key.ShortName);
        }
    }

    public static TheoryData<string, string, string, KeyType> OpenSslEncryptedKeys => new()
    {
        { OpenSslFixtures.EcLegacyAes256, OpenSslFixtures.EcLegacyAes256Pub, "legacy-pass", KeyType.EcdsaP256 },
        { OpenSslFixtures.EcLegacyDes3, OpenSslFixtures.EcLegacyDes3Pub, "legacy-pass", KeyType.EcdsaP256 },
        { OpenSslFixtures.Ed25519Scrypt, OpenSslFixtures.Ed25519ScryptPub, "scrypt-pass", KeyType.Ed25519 },
        { OpenSslFixtures.P384Pbes1, OpenSslFixtures.P384Pbes1Pub, "pbes1-pass", KeyType.EcdsaP384 },
        { OpenSslFixtures.X25519Aes128Sha1, OpenSslFixtures.X25519Aes128Sha1Pub, "x-pass", KeyType.X25519 },
    };

    [Theory]
    [MemberData(nameof(OpenSslEncryptedKeys))]
    public void Loads_encrypted_keys_written_by_openssl(string pem, string pub, string password, KeyType type)
    {
        var provider = new FixedPassword(password);
        using var key = KeyLoader.LoadPem(pem, "/fixture/key.pem", provider);
        Assert.Equal(type, key.Type);
        Assert.True(key.HasPrivateKey);
        Assert.Equal(1, provider.Calls);
        Assert.Equal(pub.ReplaceLineEndings("\n").TrimEnd() + "\n", key.ExportPublicPem());

        var wrong = Assert.Throws<McuBootException>(() => KeyLoader.LoadPem(pem, "/fixture/x.pem", new FixedPassword("not-it")));
        Assert.Equal(ErrorCodes.KeyWrongPassword, wrong.Code);
    }

    [Fact]
    public void Loads_traditional_and_pkcs1_forms()
    {
        using var rsa = RSA.Create(2048);
        var spki = rsa.ExportSubjectPublicKeyInfo();
        foreach (var pem in new[] { rsa.ExportRSAPrivateKeyPem(), rsa.ExportRSAPublicKeyPem(), rsa.ExportSubjectPublicKeyInfoPem() })
        {
            using var key = KeyLoader.LoadPem(pem, "/mem/rsa.pem");
            Assert.Equal(KeyType.Rsa2048, key.Type);
            Assert.Equal(pem.Contains("PRIVATE", StringComparison.Ordinal), key.HasPrivateKey);
            Assert.Equal(spki, key.ExportSubjectPublicKeyInfo());
            Assert.Equal(rsa.ExportRSAPublicKey(), key.GetPublicKeyBytes());
        }

        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        // openssl ecparam -genkey writes an EC PARAMETERS block first.
        var sec1 = "-----BEGIN EC PARAMETERS-----\r\nBgUrgQQAIg==\r\n-----END EC PARAMETERS-----\r\n" + ec.ExportECPrivateKeyPem().ReplaceLineEndings("\r\n");
        using var ecKey = KeyLoader.LoadPem(sec1, "/mem/ec.pem");
        Assert.Equal(KeyType.EcdsaP384, ecKey.Type);
        Assert.True(ecKey.HasPrivateKey);
        Assert.Equal(ec.ExportSubjectPublicKeyInfo(), ecKey.GetPublicKeyBytes());
    }

    [Fact]
    public void Loads_dotnet_encrypted_pkcs8_with_other_pbes2_parameters()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = ec.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA384, 1000));
        using var key = KeyLoader.LoadPem(pem, "/mem/ec.pem", new FixedPassword("pw"));
        Assert.Equal(ec.ExportSubjectPublicKeyInfo(), key.GetPublicKeyBytes());

        var pbes1 = ec.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.TripleDes3KeyPkcs12, HashAlgorithmName.SHA1, 1000));
        using var key1 = KeyLoader.LoadPem(pbes1, "/mem/ec.pem", new FixedPassword("pw"));
        Assert.Equal(ec.ExportSubjectPublicKeyInfo(), key1.GetPublicKeyBytes());
        Assert.Equal(ErrorCodes.KeyWrongPassword, Assert.Throws<McuBootException>(() => KeyLoader.LoadPem(pbes1, "/mem/ec.pem", new FixedPassword("nope"))).Code);
    }

    [Fact]
    public void Unencrypted_key_does_not_ask_for_a_password()
    {
        var provider = new FixedPassword("unused");
        using var key = KeyLoader.Load(ConformanceKeys.PathOf("ed25519"), provider);
        Assert.Equal(0, provider.Calls);
    }
}
