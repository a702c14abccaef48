using System.Diagnostics;
using System.Text.Json;
using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Build.Tests.EndToEnd;

/// <summary>
/// A release build of the nRF52840 sample signing with a <c>pkcs11:</c> key on a SoftHSM2 token (issue 10): the PIN
/// comes from <c>McuBootKeyPinEnvironmentVariable</c>, never reaches the log or the manifest; a changed key spec
/// re-signs, an unchanged one does not. SoftHSM2 must be installed (.ci/run installs it); without it the test fails.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class Pkcs11BuildTests(PackedPackageFixture package)
{
    private const string Pin = "80476153";
    private const string SignedMarker = "McuBoot: signed ";

    [Fact]
    public void Release_build_signs_with_a_token_key_and_resigns_when_the_key_spec_changes()
    {
        string module = new[] { "/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so" }
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("SoftHSM2 is not installed: apt-get install -y softhsm2 (.ci/run does this).");
        string project = package.CopySample("nrf52840-app");
        string tokens = Path.Combine(Path.GetDirectoryName(project)!, "tokens");
        Directory.CreateDirectory(tokens);
        string conf = Path.Combine(Path.GetDirectoryName(project)!, "softhsm2.conf");
        File.WriteAllText(conf, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n");
        string samplePem = Path.Combine(project, "keys", "signing-key.pem");
        using var newKey = McuBootKey.Generate(KeyType.EcdsaP256);
        string newPem = Path.Combine(Path.GetDirectoryName(project)!, "new.pem");
        File.WriteAllText(newPem, newKey.ExportPrivatePkcs8Pem(ReadOnlySpan<char>.Empty));
        SoftHsmUtil(conf, "--init-token", "--free", "--label", "release", "--pin", Pin, "--so-pin", "11223344");
        SoftHsmUtil(conf, "--import", samplePem, "--token", "release", "--label", "fw-2026", "--id", "01", "--pin", Pin);
        SoftHsmUtil(conf, "--import", newPem, "--token", "release", "--label", "fw-2027", "--id", "02", "--pin", Pin);
        File.Delete(newPem);

        // ';' separates properties on the command line: MSBuild's %3B escape keeps the URI whole.
        string Uri(string label) => $"pkcs11:token=release%3Bobject={label}%3Btype=private?module-path={module}";
        var env = new Dictionary<string, string> { ["SOFTHSM2_CONF"] = conf, ["FW_TOKEN_PIN"] = Pin };
        string[] Args(string label) => ["build", Path.Combine(project, "nrf52840-app.csproj"), "-c", "Release", $"-p:McuBootBuildVersion={package.Version}", "--source", package.Feed, "-nodeReuse:false",
            $"-p:McuBootSigningKey={Uri(label)}", "-p:McuBootKeyPinEnvironmentVariable=FW_TOKEN_PIN", "-v:n"];
        string output = Path.Combine(project, "bin", "Release", "net10.0", "mcuboot");

        // 1. Signs on the token; the image verifies with the PEM the token key came from.
        var first = DotNetCli.Run(project, Args("fw-2026"), env).EnsureSuccess();
        Assert.Contains(SignedMarker, first.Output);
        Assert.Contains("pkcs11:token=release;object=fw-2026;type=private", first.Output);
        Assert.DoesNotContain(Pin, first.Output);
        using (var key = KeyLoader.Load(samplePem))
        {
            Assert.True(ImageVerifier.Verify(File.ReadAllBytes(Path.Combine(output, "app.signed.bin")), SignerFactory.CreateVerifier(key)).SignatureVerified);
        }

        var manifest = File.ReadAllText(Path.Combine(output, "mcuboot-manifest.json"));
        Assert.DoesNotContain(Pin, manifest);
        using (var doc = JsonDocument.Parse(manifest))
        {
            Assert.StartsWith("pkcs11:token=release;object=fw-2026", doc.RootElement.GetProperty("key").GetProperty("file").GetString(), StringComparison.Ordinal);
        }

        // 2. Same key spec: nothing is signed again (the token is not even opened).
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(output, "app.signed.bin"));
        var second = DotNetCli.Run(project, Args("fw-2026"), env).EnsureSuccess();
        Assert.DoesNotContain(SignedMarker, second.Output);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(output, "app.signed.bin")));

        // 3. Another key on the token: signs again with it.
        var third = DotNetCli.Run(project, Args("fw-2027"), env).EnsureSuccess();
        Assert.Contains(SignedMarker, third.Output);
        Assert.True(ImageVerifier.Verify(File.ReadAllBytes(Path.Combine(output, "app.signed.bin")), SignerFactory.CreateVerifier(newKey)).SignatureVerified);

        // 4. Both keys (key rotation): two pairs, each verifies.
        var both = DotNetCli.Run(project, [.. Args("fw-2026").Select(a => a.StartsWith("-p:McuBootSigningKey=", StringComparison.Ordinal) ? $"{a}%3B{Uri("fw-2027")}" : a)], env).EnsureSuccess();
        Assert.Contains(SignedMarker, both.Output);
        var image = File.ReadAllBytes(Path.Combine(output, "app.signed.bin"));
        Assert.Equal(2, ImageReader.Read(image, "app.signed.bin").UnprotectedTlvs.Count(t => t.Type == TlvType.KeyHash));
        using (var key = KeyLoader.Load(samplePem))
        {
            Assert.True(ImageVerifier.Verify(image, SignerFactory.CreateVerifier(key)).SignatureVerified);
        }

        Assert.True(ImageVerifier.Verify(image, SignerFactory.CreateVerifier(newKey)).SignatureVerified);

        // 5. The PIN variable is not set: one coded error, no PIN, outputs untouched.
        var noPin = DotNetCli.Run(project, [.. Args("fw-2026"), "-p:McuBootSecurityCounter=9"], new Dictionary<string, string> { ["SOFTHSM2_CONF"] = conf });
        Assert.NotEqual(0, noPin.ExitCode);
        Assert.Contains($"error {ErrorCodes.BuildPinVariableNotSet}:", noPin.Output);
        Assert.Equal(image, File.ReadAllBytes(Path.Combine(output, "app.signed.bin")));
    }

    private static void SoftHsmUtil(string conf, params string[] args)
    {
        var start = new ProcessStartInfo("softhsm2-util") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["SOFTHSM2_CONF"] = conf;
        using var p = Process.Start(start) ?? throw new InvalidOperationException("softhsm2-util did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"softhsm2-util {args[0]} failed ({p.ExitCode}): {stdout.Result}{stderr}");
    }
}
