using System.Text.Json;
using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Build.Tests.EndToEnd;

/// <summary>
/// Builds the samples with dotnet build against the freshly packed McuBoot.Build, exactly as a user would
/// (dotnet build SAMPLE -p:McuBootBuildVersion=V --source FEED), and checks what lands on disk and in the log.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class SampleBuildTests(PackedPackageFixture package)
{
    private const string SignedMarker = "McuBoot: signed ";
    private const string UpToDateMarker = "McuBoot: nothing to sign, the images in ";
    private const string SkippedMarker = "Skipping target \"_McuBootSignCore\" because all output files are up-to-date";

    [Fact]
    public void SingleImageSample_SignsVerifies_SkipsWhenUnchanged_ResignsOnChange_AndCleans()
    {
        string project = package.CopySample("nrf52840-app");
        string output = Path.Combine(project, "bin", "Debug", "net10.0", "mcuboot");

        // 1. First build: signs; every output verifies with the sample's key.
        var first = package.Build(project, null).EnsureSuccess();
        Assert.Contains(SignedMarker + "app.hex", first.Output);
        using (var key = KeyLoader.Load(Path.Combine(project, "keys", "signing-key.pem")))
        {
            AssertSingleImageOutputs(output, SignerFactory.CreateVerifier(key), "1.2.3+0");
        }

        var stamps = Directory.GetFiles(output).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        // 2. Nothing changed: the signing target is skipped, no file is rewritten.
        var second = package.Build(project, null, "-v:d").EnsureSuccess();
        Assert.Contains(SkippedMarker, second.Output);
        Assert.DoesNotContain(SignedMarker, second.Output);
        Assert.Contains(UpToDateMarker, second.Output);
        Assert.DoesNotContain(UpToDateMarker, first.Output);
        Assert.All(stamps, s => Assert.Equal(s.Value, File.GetLastWriteTimeUtc(s.Key)));

        // 3. A new key at the same path: signs again, and the image now verifies with the new key only.
        string keyPath = Path.Combine(project, "keys", "signing-key.pem");
        using var oldKey = KeyLoader.Load(keyPath);
        using (var newKey = McuBootKey.Generate(KeyType.EcdsaP256))
        {
            File.WriteAllText(keyPath, newKey.ExportPrivatePkcs8Pem(ReadOnlySpan<char>.Empty));
            File.SetLastWriteTimeUtc(keyPath, DateTime.UtcNow.AddSeconds(2));
            var third = package.Build(project, null).EnsureSuccess();
            Assert.Contains(SignedMarker + "app.hex", third.Output);
            var image = File.ReadAllBytes(Path.Combine(output, "app.signed.bin"));
            Assert.True(ImageVerifier.Verify(image, SignerFactory.CreateVerifier(newKey)).SignatureVerified);
            var wrongKey = Assert.Throws<McuBootException>(() => ImageVerifier.Verify(image, SignerFactory.CreateVerifier(oldKey)));
            Assert.Equal(ErrorCodes.KeyHashMismatch, wrongKey.Code);
        }

        // 4. The layout changed (here: a contradicting end_address): signs again, and the layout's lint warning
        //    reaches the build log with the YAML file and line.
        string layout = Path.Combine(project, "pm_static.yml");
        File.WriteAllText(layout, File.ReadAllText(layout).Replace("  end_address: 0x82000\n  region: flash_primary\n  size: 0x75e00", "  end_address: 0x83000\n  region: flash_primary\n  size: 0x75e00", StringComparison.Ordinal));
        var fourth = package.Build(project, null).EnsureSuccess();
        Assert.Contains(SignedMarker + "app.hex", fourth.Output);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(layout)}\(5\): warning {ErrorCodes.LayoutEndAddressMismatch}: 'app' end_address 0x83000 contradicts", fourth.Output);

        // 5. A signing property changed (the image version): signs again with it.
        var fifth = package.Build(project, null, "-p:McuBootImageVersion=1.2.4+7").EnsureSuccess();
        Assert.Contains(SignedMarker + "app.hex", fifth.Output);
        Assert.Equal("1.2.4+7", ImageReader.Read(File.ReadAllBytes(Path.Combine(output, "app.signed.bin"))).Header.Version.ToString());

        // 6. A deleted output is rewritten although no input changed.
        File.Delete(Path.Combine(output, "app.signed.hex"));
        var sixth = package.Build(project, null, "-p:McuBootImageVersion=1.2.4+7").EnsureSuccess();
        Assert.Contains(SignedMarker + "app.hex", sixth.Output);
        Assert.True(File.Exists(Path.Combine(output, "app.signed.hex")));

        // 7. dotnet clean removes every output (they are FileWrites).
        DotNetCli.Run(project, ["clean", $"-p:McuBootBuildVersion={package.Version}", "-p:McuBootImageVersion=1.2.4+7", "-nodeReuse:false"]).EnsureSuccess();
        Assert.Empty(Directory.Exists(output) ? Directory.GetFiles(output) : []);
    }

    [Fact]
    public void BuildStartedFromAnotherDirectory_FindsTheKeyRelativeToTheProject()
    {
        string project = package.CopySample("nrf52840-app");
        string elsewhere = package.NewWorkspace("cwd");
        var result = package.Build(elsewhere, Path.Combine(project, "nrf52840-app.csproj"), "-v:n").EnsureSuccess();

        string key = Path.Combine(project, "keys", "signing-key.pem");
        Assert.Contains($"McuBoot: signing key {key} (ecdsa-p256, public key SHA-256 ", result.Output);
        Assert.True(File.Exists(Path.Combine(project, "bin", "Debug", "net10.0", "mcuboot", "app.signed.bin")));
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
    }

    [Fact]
    public void MissingKey_FailsWithCodedErrorNamingThePathAndTheFix_AndWritesNothing()
    {
        string project = package.CopySample("nrf52840-app");
        string key = Path.Combine(project, "keys", "signing-key.pem");
        File.Delete(key);

        var result = package.Build(project, null);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"error {ErrorCodes.SigningKeyNotFound}: The signing key {key} does not exist", result.Output);
        Assert.Contains($"dotnet mcuboot keygen -k \"{key}\" -t ecdsa-p256", result.Output);
        string output = Path.Combine(project, "bin", "Debug", "net10.0", "mcuboot");
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "no signing output may be written");
    }

    [Fact]
    public void DualCoreSample_SignsApplicationAndNetworkCore_WithTheNetCoreRule_AndAnNcsPackage()
    {
        string project = package.CopySample("nrf5340-dual-core");
        var result = package.Build(project, null).EnsureSuccess();
        Assert.Contains(SignedMarker + "app.hex", result.Output);
        Assert.Contains(SignedMarker + "net.hex", result.Output);
        Assert.DoesNotContain("warning MCUB", result.Output);

        string output = Path.Combine(project, "bin", "Debug", "net10.0", "mcuboot");
        using var key = KeyLoader.Load(Path.Combine(project, "keys", "signing-key.pem"));
        var verifier = SignerFactory.CreateVerifier(key);
        foreach (var name in new[] { "app", "net" })
        {
            var verified = ImageVerifier.Verify(File.ReadAllBytes(Path.Combine(output, name + ".signed.bin")), verifier);
            Assert.True(verified.SignatureVerified);
            Assert.Equal("2.0.1+0", verified.Version.ToString());
            var counter = verified.Image.ProtectedTlvs.Single(t => t.Type == TlvType.SecurityCounter);
            Assert.Equal(new ImageVersion(2, 0, 1, 0).AutoSecurityCounter, BitConverter.ToUInt32(counter.Value));
        }

        // The network core has no primary-slot hex (its slot is the RAM staging area); both have moved hexes.
        Assert.False(File.Exists(Path.Combine(output, "net.signed.hex")));
        Assert.Equal(0x10000u, IntelHexReader.Read(Path.Combine(output, "app.signed.hex")).MinAddress);
        Assert.Equal(0x60000u, IntelHexReader.Read(Path.Combine(output, "app.signed.moved.hex")).MinAddress);
        var netMoved = IntelHexReader.Read(Path.Combine(output, "net.signed.moved.hex"));
        Assert.Equal(0xb0000u, netMoved.MinAddress);
        Assert.Equal(0xb0000u + 0x40000u, netMoved.MaxAddressExclusive); // trailer magic at the end of mcuboot_secondary_1

        var manifest = NcsManifestContract.CheckZip(Path.Combine(output, "dfu_application.zip"));
        var files = manifest.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["0", "1"], files.Select(f => f.GetProperty("image_index").GetString()));
        Assert.Equal(["nrf5340dk/nrf5340/cpuapp", "nrf5340dk/nrf5340/cpunet"], files.Select(f => f.GetProperty("board").GetString()));
        Assert.Equal(0x10200, files[0].GetProperty("load_address").GetInt64());
        Assert.Equal(0x01008800, files[1].GetProperty("load_address").GetInt64());

        using var ours = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "mcuboot-manifest.json")));
        var net = ours.RootElement.GetProperty("images")[1];
        Assert.True(net.GetProperty("networkCore").GetBoolean());
        Assert.Equal(0x40000, net.GetProperty("slotSize").GetInt64());
        Assert.Equal(JsonValueKind.Null, net.GetProperty("hexAddress").ValueKind);
    }

    private static void AssertSingleImageOutputs(string output, ISignatureVerifier verifier, string version)
    {
        var bin = File.ReadAllBytes(Path.Combine(output, "app.signed.bin"));
        var verified = ImageVerifier.Verify(bin, verifier, "app.signed.bin");
        Assert.True(verified.SignatureVerified);
        Assert.Equal(version, verified.Version.ToString());
        Assert.Equal(0x200, verified.Image.Header.HeaderSize);

        // The signed hex sits at mcuboot_primary (0xc000) and holds the same image.
        var hex = IntelHexReader.Read(Path.Combine(output, "app.signed.hex"));
        Assert.Equal(0xc000u, hex.MinAddress);
        Assert.Equal(bin, hex.Flatten());

        var confirmed = ImageReader.Read(File.ReadAllBytes(Path.Combine(output, "app.signed.confirmed.bin")));
        Assert.Equal(0x76000, confirmed.FileLength);
        Assert.True(confirmed.Trailer!.MagicValid);
        Assert.Equal(0x01, confirmed.Trailer.ImageOk);

        var moved = IntelHexReader.Read(Path.Combine(output, "app.signed.moved.hex"));
        Assert.Equal(0x82000u, moved.MinAddress);
        Assert.True(ImageVerifier.Verify(moved.Flatten(), verifier).SignatureVerified);

        var ncs = NcsManifestContract.CheckZip(Path.Combine(output, "dfu_application.zip"));
        var entry = Assert.Single(ncs.GetProperty("files").EnumerateArray());
        Assert.Equal("0", entry.GetProperty("image_index").GetString());
        Assert.Equal(0xc200, entry.GetProperty("load_address").GetInt64());
        Assert.Equal("nrf52840dk/nrf52840", entry.GetProperty("board").GetString());
        Assert.Equal(version, entry.GetProperty("version_MCUBOOT").GetString());

        using var ours = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "mcuboot-manifest.json")));
        var image = Assert.Single(ours.RootElement.GetProperty("images").EnumerateArray());
        Assert.Equal(Convert.ToHexStringLower(verified.Digest), image.GetProperty("imageHash").GetString());
        Assert.Equal(Convert.ToHexStringLower(verified.KeyTlvValue!), image.GetProperty("keyHash").GetString());
        Assert.Equal("ECDSASIG", image.GetProperty("signatureType").GetString());
        var binEntry = image.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("kind").GetString() == "signed-bin");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bin)), binEntry.GetProperty("sha256").GetString());
    }
}
