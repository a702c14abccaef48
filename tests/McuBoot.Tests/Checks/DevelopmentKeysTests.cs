using System.Security.Cryptography;
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Checks;

/// <summary>The shipped facts about MCUboot's published keys, and the coded warning for signing with one.</summary>
public sealed class DevelopmentKeysTests
{
    /// <summary>MCUboot's root-ec-p384.pem (mcu-tools/mcuboot repository root), a published test key.</summary>
    private const string RootEcP384Pem = """
        -----BEGIN EC PRIVATE KEY-----
        MIGkAgEBBDC8ZQWjooCCaLQJ9DJNKMyPoUoFcqGluXGu13Zf526RX6TdRhnkExtL
        1T7fC13n32CgBwYFK4EEACKhZANiAAQMdsqucjql6PDU8Ra1Au93oRuTYXjACSZ7
        O0Cc7kmF4MlP5/K6l2zzgmUULPUMczNNMueb00LMlVrl4vX0bkXg7SA1XK9SNYHU
        3JzjniI++z8iENpwAzetqPJI/jpgaaU=
        -----END EC PRIVATE KEY-----
        """;

    [Fact]
    public void EveryShippedHashIsTheSha256OfItsKeyBytes()
    {
        Assert.Equal(9, DevelopmentKeys.All.Count);
        foreach (var key in DevelopmentKeys.All)
        {
            Assert.Equal(key.Sha256, Convert.ToHexStringLower(SHA256.HashData(key.PublicKeyBytes)));
            Assert.StartsWith("mcu-tools/mcuboot ", key.Source);
        }
    }

    [Fact]
    public void EveryShippedKeyParsesAsItsType()
    {
        foreach (var key in DevelopmentKeys.All)
        {
            int expected = key.KeyType switch
            {
                KeyType.Rsa2048 => 270,
                KeyType.Rsa3072 => 398,
                KeyType.EcdsaP256 => 91,
                KeyType.EcdsaP384 => 120,
                _ => 44,
            };
            Assert.Equal(expected, key.PublicKeyBytes.Length);
            string label = key.KeyType is KeyType.Rsa2048 or KeyType.Rsa3072 ? "RSA PUBLIC KEY" : "PUBLIC KEY";
            using var loaded = KeyLoader.LoadPem(PemText.Write(label, key.PublicKeyBytes), key.Name);
            Assert.Equal(key.KeyType, loaded.Type);
            Assert.Equal(key.PublicKeyBytes, loaded.GetPublicKeyBytes());
        }
    }

    [Fact]
    public void RootEd25519FromTheImageFormatDocumentIsRecognised()
    {
        using var key = KeyLoader.LoadPem(CheckWorkspace.RootEd25519Pem, "root-ed25519.pem");
        var bytes = key.GetPublicKeyBytes();
        Assert.True(DevelopmentKeys.IsPublishedTestKey(bytes));
        var found = DevelopmentKeys.Find(bytes);
        Assert.Equal("root-ed25519.pem", found!.Name);

        // mcuboot-image-format.md §12.2: "KEYHASH (SHA-256) of root-ed25519.pem = c1907fa4..."
        Assert.Equal("c1907fa4eac7fae3840a78902b6f0710b037e9968e5c6274a12a28790c7d4e3c", found.Sha256);
        Assert.Same(found, DevelopmentKeys.FindByKeyHash(SHA512.HashData(bytes)));
        Assert.Same(found, DevelopmentKeys.FindByKeyHash(SHA256.HashData(bytes).AsSpan(0, 16)));
        Assert.Null(DevelopmentKeys.FindByKeyHash(SHA256.HashData(bytes).AsSpan(0, 8)));
    }

    [Fact]
    public void RootEcP384IsRecognisedFromItsPrivateKey()
    {
        using var key = KeyLoader.LoadPem(RootEcP384Pem, "root-ec-p384.pem");
        Assert.Equal(KeyType.EcdsaP384, key.Type);
        Assert.Equal("root-ec-p384.pem", DevelopmentKeys.Find(key.GetPublicKeyBytes())?.Name);
        Assert.NotNull(DevelopmentKeys.FindByKeyHash(SHA384.HashData(key.GetPublicKeyBytes())));
    }

    [Theory]
    [InlineData(KeyType.Rsa2048)]
    [InlineData(KeyType.EcdsaP256)]
    [InlineData(KeyType.Ed25519)]
    [InlineData(KeyType.X25519)]
    public void FreshKeysAreNotDevelopmentKeys(KeyType type)
    {
        using var key = McuBootKey.Generate(type);
        Assert.False(DevelopmentKeys.IsPublishedTestKey(key.GetPublicKeyBytes()));
        Assert.Null(DevelopmentKeys.UsageWarning(key.GetPublicKeyBytes(), "k.pem"));
        Assert.Null(DevelopmentKeys.FindByKeyHash(ImageHashAlgorithm.Sha256.Hash(key.GetPublicKeyBytes())));
    }

    [Fact]
    public void UsageWarningNamesTheKeyAndTheFix()
    {
        var key = DevelopmentKeys.All.Single(k => k.Name == "root-ec-p256.pem");
        var warning = DevelopmentKeys.UsageWarning(key.PublicKeyBytes, "/keys/root-ec-p256.pem")!;
        Assert.Equal(ErrorCodes.DevelopmentKeyUsed, warning.Code);
        Assert.Contains("root-ec-p256.pem", warning.Message);
        Assert.Contains("published signing test keys", warning.Message);
        Assert.Contains("dotnet mcuboot keygen -k KEY.pem -t ecdsa-p256", warning.Message);
        Assert.Equal("/keys/root-ec-p256.pem", warning.File);
    }

    [Fact]
    public void SigningWithTheDevelopmentKeyWarnsInTheSignCommand()
    {
        using var ws = new CheckWorkspace();
        string dev = ws.RootEd25519();
        ws.Write("fw.bin", CheckWorkspace.Firmware());
        var result = ToolRunner.Run(ws.Dir, "sign", "-k", dev, "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x20000", "fw.bin", "out.bin");
        CliAssert.Succeeded(result, allowWarnings: true);
        Assert.Contains($"warning {ErrorCodes.DevelopmentKeyUsed}: The key {dev} is root-ed25519.pem", result.Stderr);
        Assert.True(File.Exists(ws.File("out.bin")));

        string own = ws.NewKey("own.pem", KeyType.Ed25519);
        CliAssert.Succeeded(ToolRunner.Run(ws.Dir, "sign", "-k", own, "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x20000", "fw.bin", "own.bin"));
    }
}
