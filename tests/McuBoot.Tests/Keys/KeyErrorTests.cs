using System.Security.Cryptography;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Tests.Keys;

/// <summary>Coded errors where imgtool crashes or misleads (mcuboot-image-format.md §9, §11 items 16, 26).</summary>
public sealed class KeyErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mcuboot-keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Missing_key_file()
    {
        var path = Path.Combine(_dir, "nope.pem");
        var e = Assert.Throws<McuBootException>(() => KeyLoader.Load(path));
        Assert.Equal(ErrorCodes.KeyFileNotFound, e.Code);
        Assert.Equal(ExitCodes.KeyError, e.ExitCode);
        Assert.Equal(path, e.File);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet mcuboot keygen -k <path> -t ecdsa-p256", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);

        var viaFactory = Assert.Throws<McuBootException>(() => SignerFactory.CreateSigner("nope.pem", null, _dir));
        Assert.Equal(ErrorCodes.KeyFileNotFound, viaFactory.Code);
        Assert.Contains(path, viaFactory.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_a_pem_file()
    {
        var text = Path.Combine(_dir, "text.pem");
        File.WriteAllText(text, "hello\n");
        Assert.Equal(ErrorCodes.KeyNotPem, Assert.Throws<McuBootException>(() => KeyLoader.Load(text)).Code);

        var der = Path.Combine(_dir, "key.der");
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllBytes(der, ec.ExportPkcs8PrivateKey());
        var e = Assert.Throws<McuBootException>(() => KeyLoader.Load(der));
        Assert.Equal(ErrorCodes.KeyNotPem, e.Code);
        Assert.Contains("openssl pkey", e.Message, StringComparison.Ordinal);

        var broken = "-----BEGIN PRIVATE KEY-----\nMIGH!!!notbase64\n-----END PRIVATE KEY-----\n";
        Assert.Equal(ErrorCodes.KeyNotPem, Assert.Throws<McuBootException>(() => KeyLoader.LoadPem(broken, "/mem/b.pem")).Code);
        var garbage = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        Assert.Equal(ErrorCodes.KeyDataMalformed, Assert.Throws<McuBootException>(() => KeyLoader.LoadPem(garbage, "/mem/b.pem")).Code);
        var cert = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        Assert.Equal(ErrorCodes.UnsupportedKeyType, Assert.Throws<McuBootException>(() => KeyLoader.LoadPem(cert, "/mem/c.pem")).Code);
    }

    [Fact]
    public void Unsupported_curve_p521()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        foreach (var pem in new[] { ec.ExportPkcs8PrivateKeyPem(), ec.ExportECPrivateKeyPem(), ec.ExportSubjectPublicKeyInfoPem() })
        {
            var path = Path.Combine(_dir, "p521.pem");
            File.WriteAllText(path, pem);
            var e = Assert.Throws<McuBootException>(() => KeyLoader.Load(path));
            Assert.Equal(ErrorCodes.UnsupportedKeyType, e.Code);
            Assert.Contains("secp521r1", e.Message, StringComparison.Ordinal);
            Assert.Contains("P-256", e.Message, StringComparison.Ordinal);
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(ErrorCodes.UnsupportedKeyType, Assert.Throws<McuBootException>(() => new EcdsaKey(ECDsa.Create(ECCurve.NamedCurves.nistP521), true)).Code);
    }

    [Fact]
    public void Unsupported_rsa_size()
    {
        using var rsa = RSA.Create(1024);
        var e = Assert.Throws<McuBootException>(() => KeyLoader.LoadPem(rsa.ExportPkcs8PrivateKeyPem(), "/mem/rsa1024.pem"));
        Assert.Equal(ErrorCodes.UnsupportedKeyType, e.Code);
        Assert.Contains("RSA-1024", e.Message, StringComparison.Ordinal);
        Assert.Contains("RSA-2048 and RSA-3072", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Public_only_key_cannot_sign()
    {
        var path = Path.GetFullPath(ConformanceKeys.PathOf("enc-ec256-pub"));
        var e = Assert.Throws<McuBootException>(() => SignerFactory.CreateSigner(path, null));
        Assert.Equal(ErrorCodes.PublicKeyCannotSign, e.Code);
        Assert.StartsWith("Cannot sign with a public-only PEM; signing requires the private key", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.File);

        using var key = (EcdsaKey)KeyLoader.Load(path);
        using var signer = new EcdsaSigner(key);
        Assert.Equal(ErrorCodes.PublicKeyCannotSign, Assert.Throws<McuBootException>(() => signer.SignDigest(new byte[32], ImageHashAlgorithm.Sha256)).Code);
        using var rsaPub = (RsaKey)KeyLoader.Load(ConformanceKeys.PathOf("enc-rsa2048-pub"));
        using var rsaSigner = new RsaPssSigner(rsaPub);
        Assert.Equal(ErrorCodes.PublicKeyCannotSign, Assert.Throws<McuBootException>(() => rsaSigner.SignDigest(new byte[32], ImageHashAlgorithm.Sha256)).Code);
    }

    [Fact]
    public void X25519_cannot_sign()
    {
        var path = Path.GetFullPath(ConformanceKeys.PathOf("x25519"));
        var e = Assert.Throws<McuBootException>(() => SignerFactory.CreateSigner(path, null));
        Assert.Equal(ErrorCodes.KeyNotForSigning, e.Code);
        Assert.Contains("X25519 keys are for encryption (-E), not signing", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);

        using var key = KeyLoader.Load(path);
        Assert.Equal(ErrorCodes.KeyNotForSigning, Assert.Throws<McuBootException>(() => SignerFactory.CreateVerifier(key)).Code);
        Assert.Equal(ErrorCodes.KeyNotForSigning, Assert.Throws<McuBootException>(() => SignatureAlgorithms.SignatureTlvType(KeyType.X25519)).Code);
        Assert.False(SignatureAlgorithms.CanSign(KeyType.X25519));
    }

    [Fact]
    public void Wrong_password_is_reported_clearly()
    {
        using var key = McuBootKey.Generate(KeyType.EcdsaP256);
        var path = Path.Combine(_dir, "enc.pem");
        File.WriteAllText(path, key.ExportPrivatePkcs8Pem("right"));
        var e = Assert.Throws<McuBootException>(() => SignerFactory.CreateSigner(path, new FixedPassword("wrong")));
        Assert.Equal(ErrorCodes.KeyWrongPassword, e.Code);
        Assert.Contains("Wrong password", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);

        using var signer = SignerFactory.CreateSigner(path, new FixedPassword("right"));
        Assert.Equal(KeyType.EcdsaP256, signer.KeyType);
    }

    [Fact]
    public void Unknown_scheme_and_bad_operations()
    {
        var e = Assert.Throws<McuBootException>(() => SignerFactory.CreateSigner("foo11:token=x", null));
        Assert.Equal(ErrorCodes.UnknownKeyScheme, e.Code);
        Assert.Contains("foo11:", e.Message, StringComparison.Ordinal);

        using var rsa = SignerFactory.CreateSigner(ConformanceKeys.PathOf("rsa-2048"), null);
        Assert.Equal(ErrorCodes.SignatureOperationNotSupported, Assert.Throws<McuBootException>(() => rsa.SignMessage([1, 2, 3])).Code);
        Assert.Equal(ErrorCodes.HashNotAllowedForKey, Assert.Throws<McuBootException>(() => rsa.SignDigest(new byte[64], ImageHashAlgorithm.Sha512)).Code);
        Assert.Throws<ArgumentException>(() => rsa.SignDigest(new byte[31], ImageHashAlgorithm.Sha256));
    }

    [Theory]
    [InlineData("")]
    [InlineData("_abc_123")]
    [InlineData("XYZ")]
    public void Valid_name_suffixes(string suffix)
    {
        PublicKeyExport.ValidateNameSuffix(suffix);
        Assert.True(PublicKeyExport.IsValidNameSuffix(suffix));
    }

    [Theory]
    [InlineData("x-y")]
    [InlineData("a b")]
    [InlineData("é")]
    [InlineData("x\n")]
    public void Invalid_name_suffixes(string suffix)
    {
        var e = Assert.Throws<McuBootException>(() => PublicKeyExport.ValidateNameSuffix(suffix));
        Assert.Equal(ErrorCodes.InvalidNameSuffix, e.Code);
        Assert.Contains("[A-Za-z0-9_]", e.Message, StringComparison.Ordinal);
        using var key = KeyLoader.Load(ConformanceKeys.PathOf("ed25519"));
        Assert.Throws<McuBootException>(() => PublicKeyExport.ToC(key, suffix));
    }

    [Fact]
    public void Password_providers()
    {
        var file = Path.Combine(_dir, "pw.txt");
        File.WriteAllText(file, "first line \r\nsecond\n");
        Assert.Equal("first line ", new FilePasswordProvider(file).GetPassword("k.pem"));
        File.WriteAllText(file, "only");
        Assert.Equal("only", new FilePasswordProvider(file).GetPassword("k.pem"));

        var missing = Assert.Throws<McuBootException>(() => new FilePasswordProvider(Path.Combine(_dir, "none.txt")).GetPassword("k.pem"));
        Assert.Equal(ErrorCodes.PasswordFileNotFound, missing.Code);
        Assert.Contains(Path.Combine(_dir, "none.txt"), missing.Message, StringComparison.Ordinal);

        var name = "MCUBOOT_KEYS_TEST_" + Guid.NewGuid().ToString("N");
        var env = new EnvironmentPasswordProvider(name);
        Assert.Equal(ErrorCodes.PasswordVariableNotSet, Assert.Throws<McuBootException>(() => env.GetPassword("k.pem")).Code);
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            Assert.Equal("from-env", env.GetPassword("k.pem"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
