using System.Security.Cryptography;
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Tests.Checks;

/// <summary>
/// The key checks against bootloader builds made here: the public key laid out as MCUboot's generated key file
/// (<c>const unsigned char ..._pub_key[] = {...}</c> plus its length) inside .rodata, as .bin, .hex and ELF.
/// </summary>
public sealed class BootloaderKeyMatchTests
{
    public static TheoryData<string, KeyType> Formats()
    {
        var data = new TheoryData<string, KeyType>();
        foreach (var ext in new[] { ".bin", ".hex", ".elf" })
        {
            foreach (var type in new[] { KeyType.Ed25519, KeyType.EcdsaP256, KeyType.Rsa2048 })
            {
                data.Add(ext, type);
            }
        }

        data.Add(".bin", KeyType.EcdsaP384);
        data.Add(".elf", KeyType.Rsa3072);
        return data;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void MatchingKeyPasses(string extension, KeyType type)
    {
        using var ws = new CheckWorkspace();
        string key = ws.NewKey("key.pem", type);
        string image = ws.Sign("app.bin", key);
        string bootloader = ws.Bootloader("mcuboot" + extension, ws.GeneratedKeyRodata(key));

        var report = ImageChecker.Check(new CheckRequest { ImagePath = image, BootloaderPath = bootloader });

        Assert.True(report.Passed, string.Join("\n", report.Findings));
        Assert.Empty(report.Findings);
        Assert.NotNull(report.KeyFoundInBootloader);
        Assert.Contains("public key (DER)", report.KeyFoundInBootloader);
        var embedded = Assert.Single(report.BootloaderKeys);
        Assert.Equal(type, embedded.KeyType);
        using var loaded = KeyLoader.Load(key);
        Assert.Equal(loaded.GetPublicKeyBytes(), embedded.PublicKeyBytes);
        if (extension == ".bin")
        {
            Assert.StartsWith("offset 0x", embedded.Locations[0]);
        }
        else
        {
            // .rodata is at 0x2800 in the .hex and the ELF; the key sits after the strings.
            Assert.StartsWith("address 0x000028", embedded.Locations[0]);
        }
    }

    [Theory]
    [InlineData(".bin")]
    [InlineData(".hex")]
    [InlineData(".elf")]
    public void AnotherKeyFailsNamingBothKeyHashes(string extension)
    {
        using var ws = new CheckWorkspace();
        string imageKey = ws.NewKey("app-key.pem", KeyType.EcdsaP256);
        string bootKey = ws.NewKey("boot-key.pem", KeyType.EcdsaP256);
        string image = ws.Sign("app.bin", imageKey);
        string bootloader = ws.Bootloader("mcuboot" + extension, ws.GeneratedKeyRodata(bootKey));

        var report = ImageChecker.Check(new CheckRequest { ImagePath = image, BootloaderPath = bootloader });

        Assert.False(report.Passed);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(ErrorCodes.CheckBootloaderKeyMissing, finding.Code);
        Assert.Equal(CheckSeverity.Error, finding.Severity);
        Assert.Contains(KeyHash(imageKey), finding.Message);
        Assert.Contains(KeyHash(bootKey), finding.Message);
        Assert.Contains(bootloader, finding.Message);
        Assert.Contains("bootloader-config", finding.Message);
        Assert.Equal(KeyHash(imageKey), report.ImageKeyHash);
        Assert.Null(report.KeyFoundInBootloader);
    }

    [Fact]
    public void BootloaderWithTwoKeysListsBothAndFindsTheSecond()
    {
        using var ws = new CheckWorkspace();
        string first = ws.NewKey("k1.pem", KeyType.Ed25519);
        string second = ws.NewKey("k2.pem", KeyType.Ed25519);
        string stranger = ws.NewKey("k3.pem", KeyType.Ed25519);
        byte[] rodata = [.. ws.GeneratedKeyRodata(first), .. ws.GeneratedKeyRodata(second)];
        string bootloader = ws.Bootloader("mcuboot.bin", rodata);

        var ok = ImageChecker.Check(new CheckRequest { ImagePath = ws.Sign("ok.bin", second), BootloaderPath = bootloader });
        Assert.True(ok.Passed, string.Join("\n", ok.Findings));
        Assert.Equal(2, ok.BootloaderKeys.Count);

        var bad = ImageChecker.Check(new CheckRequest { ImagePath = ws.Sign("bad.bin", stranger), BootloaderPath = bootloader });
        var finding = Assert.Single(bad.Findings);
        Assert.Equal(ErrorCodes.CheckBootloaderKeyMissing, finding.Code);
        Assert.Contains("2 keys", finding.Message);
        Assert.Contains(KeyHash(first), finding.Message);
        Assert.Contains(KeyHash(second), finding.Message);
    }

    [Fact]
    public void Sha512ImageIsMatchedWithTheSha512KeyHash()
    {
        using var ws = new CheckWorkspace();
        string key = ws.NewKey("key.pem", KeyType.Ed25519);
        string image = ws.Sign("app.bin", key, null, "--sha", "512");
        var report = ImageChecker.Check(new CheckRequest { ImagePath = image, BootloaderPath = ws.Bootloader("mcuboot.bin", ws.GeneratedKeyRodata(key)) });

        Assert.True(report.Passed, string.Join("\n", report.Findings));
        Assert.Equal(ImageHashAlgorithm.Sha512, report.HashAlgorithm);
        using var loaded = KeyLoader.Load(key);
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(loaded.GetPublicKeyBytes())), report.ImageKeyHash);
    }

    [Theory]
    [InlineData(KeyType.Ed25519, 12)]
    [InlineData(KeyType.EcdsaP256, 27)]
    [InlineData(KeyType.EcdsaP384, 24)]
    public void RawKeyWithoutDerPrefixIsFound(KeyType type, int prefixLength)
    {
        using var ws = new CheckWorkspace();
        string key = ws.NewKey("key.pem", type);
        using var loaded = KeyLoader.Load(key);
        byte[] raw = loaded.GetPublicKeyBytes()[prefixLength..];
        Assert.Equal(type switch { KeyType.Ed25519 => 32, KeyType.EcdsaP256 => 64, _ => 96 }, raw.Length);

        var report = ImageChecker.Check(new CheckRequest { ImagePath = ws.Sign("app.bin", key), BootloaderPath = ws.Bootloader("mcuboot.bin", raw) });

        Assert.True(report.Passed, string.Join("\n", report.Findings));
        Assert.Empty(report.BootloaderKeys);
        Assert.StartsWith("raw ", report.KeyFoundInBootloader);
    }

    [Fact]
    public void KeyHashInTheBootloaderIsFound()
    {
        using var ws = new CheckWorkspace();
        string key = ws.NewKey("key.pem", KeyType.EcdsaP256);
        using var loaded = KeyLoader.Load(key);
        var hash = SHA256.HashData(loaded.GetPublicKeyBytes());

        var report = ImageChecker.Check(new CheckRequest { ImagePath = ws.Sign("app.bin", key), BootloaderPath = ws.Bootloader("mcuboot.bin", hash) });

        Assert.True(report.Passed, string.Join("\n", report.Findings));
        Assert.StartsWith("key hash at offset 0x", report.KeyFoundInBootloader);
    }

    [Fact]
    public void BootloaderWithoutAnyKeyOnlyWarns()
    {
        using var ws = new CheckWorkspace();
        string key = ws.NewKey("key.pem", KeyType.Ed25519);
        var report = ImageChecker.Check(new CheckRequest { ImagePath = ws.Sign("app.bin", key), BootloaderPath = ws.Bootloader("mcuboot.bin", [1, 2, 3, 4]) });

        Assert.True(report.Passed);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(ErrorCodes.CheckNoKeysInBootloader, finding.Code);
        Assert.Equal(CheckSeverity.Warning, finding.Severity);
        Assert.Contains(report.ImageKeyHash!, finding.Message);
    }

    [Fact]
    public void RandomBytesWithAnEcPrefixAreNotTakenForAKey()
    {
        using var ws = new CheckWorkspace();
        byte[] fake = [.. Convert.FromHexString("3059301306072a8648ce3d020106082a8648ce3d03010703420004"), .. new byte[64]];
        var firmware = FirmwareFile.FromBytes(CheckWorkspace.BootloaderBinary(fake), ws.File("mcuboot.bin"));
        Assert.Empty(EmbeddedKeyScanner.Scan(firmware));
    }

    [Fact]
    public void SameKeyTwiceIsOneKeyWithTwoLocations()
    {
        using var ws = new CheckWorkspace();
        string key = ws.NewKey("key.pem", KeyType.Ed25519);
        var rodata = ws.GeneratedKeyRodata(key);
        var firmware = FirmwareFile.FromBytes(CheckWorkspace.BootloaderBinary([.. rodata, .. rodata]), ws.File("mcuboot.bin"));
        var found = Assert.Single(EmbeddedKeyScanner.Scan(firmware));
        Assert.Equal(2, found.Locations.Count);
    }

    private static string KeyHash(string pem)
    {
        using var key = KeyLoader.Load(pem);
        return Convert.ToHexStringLower(SHA256.HashData(key.GetPublicKeyBytes()));
    }
}
