using System.Security.Cryptography;
using McuBoot.Diagnostics;
using McuBoot.Keys;

namespace McuBoot.Tests.Keys;

/// <summary>generate → PKCS#8 PEM (plain and encrypted) → load, for every key type.</summary>
public class KeyRoundTripTests
{
    public static TheoryData<KeyType> AllTypes => new(Enum.GetValues<KeyType>());

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Plain_pkcs8_round_trip(KeyType type)
    {
        using var key = McuBootKey.Generate(type);
        Assert.True(key.HasPrivateKey);
        var pem = key.ExportPrivatePkcs8Pem("");
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", pem, StringComparison.Ordinal);
        Assert.EndsWith("-----END PRIVATE KEY-----\n", pem, StringComparison.Ordinal);
        using var loaded = KeyLoader.LoadPem(pem, "/mem/k.pem");
        Assert.Equal(type, loaded.Type);
        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(key.GetPublicKeyBytes(), loaded.GetPublicKeyBytes());
        Assert.Equal(pem, loaded.ExportPrivatePkcs8Pem(""));

        using var pub = KeyLoader.LoadPem(key.ExportPublicPem(), "/mem/k-pub.pem");
        Assert.False(pub.HasPrivateKey);
        Assert.Equal(key.GetPublicKeyBytes(), pub.GetPublicKeyBytes());
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Encrypted_pkcs8_round_trip(KeyType type)
    {
        const string password = "pässwörd 1";
        using var key = McuBootKey.Generate(type);
        var pem = key.ExportPrivatePkcs8Pem(password);
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n", pem, StringComparison.Ordinal);
        using var loaded = KeyLoader.LoadPem(pem, "/mem/k.pem", new FixedPassword(password));
        Assert.Equal(key.GetPublicKeyBytes(), loaded.GetPublicKeyBytes());
        Assert.Equal(key.ExportPrivatePkcs8Pem(""), loaded.ExportPrivatePkcs8Pem(""));

        var wrong = Assert.Throws<McuBootException>(() => KeyLoader.LoadPem(pem, "/mem/k.pem", new FixedPassword("password 1")));
        Assert.Equal(ErrorCodes.KeyWrongPassword, wrong.Code);
        Assert.Equal(ExitCodes.KeyError, wrong.ExitCode);
        var none = Assert.Throws<McuBootException>(() => KeyLoader.LoadPem(pem, "/mem/k.pem"));
        Assert.Equal(ErrorCodes.KeyPasswordRequired, none.Code);
        Assert.Contains("--password-env NAME or --password-file FILE", none.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.KeyPasswordRequired, Assert.Throws<McuBootException>(() => KeyLoader.LoadPem(pem, "/mem/k.pem", new FixedPassword(null))).Code);
    }

    [Theory]
    [InlineData(KeyType.Rsa2048)]
    [InlineData(KeyType.EcdsaP256)]
    [InlineData(KeyType.EcdsaP384)]
    public void Encrypted_pem_is_readable_by_dotnet_pbes2(KeyType type)
    {
        using var key = McuBootKey.Generate(type);
        var pem = key.ExportPrivatePkcs8Pem("secret");
        using AsymmetricAlgorithm alg = type == KeyType.Rsa2048 ? RSA.Create() : ECDsa.Create();
        alg.ImportFromEncryptedPem(pem, "secret");
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), alg.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Rsa_generate_uses_exponent_65537()
    {
        using var key = (RsaKey)McuBootKey.Generate(KeyType.Rsa3072);
        Assert.Equal(3072, key.KeySizeBits);
        Assert.Equal([1, 0, 1], key.Rsa.ExportParameters(false).Exponent);
    }

    [Fact]
    public void Raw_curve_keys_round_trip()
    {
        using var ed = (Ed25519Key)McuBootKey.Generate(KeyType.Ed25519);
        using var edPub = Ed25519Key.FromPublicKey(ed.PublicKey.Span);
        Assert.Equal(ed.GetPublicKeyBytes(), edPub.GetPublicKeyBytes());
        Assert.Equal(32, ed.PublicKey.Length);

        using var x = (X25519Key)McuBootKey.Generate(KeyType.X25519);
        using var x2 = X25519Key.FromPrivateKey(x.GetPrivateKey());
        Assert.Equal(x.PublicKey.ToArray(), x2.PublicKey.ToArray());
    }

    [Fact]
    public void Public_only_key_cannot_export_private_pem()
    {
        using var pub = KeyLoader.Load(ConformanceKeys.PathOf("x25519-pub"));
        Assert.Equal(ErrorCodes.PrivateKeyRequired, Assert.Throws<McuBootException>(() => pub.ExportPrivatePkcs8Pem("")).Code);
    }
}
