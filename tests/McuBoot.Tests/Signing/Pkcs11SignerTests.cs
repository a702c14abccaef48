using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Signing;
using McuBoot.Tests.Cli;

namespace McuBoot.Tests.Signing;

/// <summary>
/// <c>pkcs11:</c> keys on SoftHSM2 (issue 10): every MCUboot signature type signs through the token
/// (CKM_ECDSA, CKM_RSA_PKCS_PSS, CKM_EDDSA), the image verifies with the public key read from the token and with the
/// PEM the key was imported from, and the token's <c>getpub</c> equals the PEM's. Each test has its own token.
/// </summary>
[Collection(SoftHsmCollection.Name)]
public sealed class Pkcs11SignerTests
{
    [Theory]
    [InlineData("ecdsa-p256", false)]
    [InlineData("ecdsa-p384", false)]
    [InlineData("rsa-2048", false)]
    [InlineData("rsa-3072", false)]
    [InlineData("ed25519", false)]
    [InlineData("ed25519", true)]
    public void Image_signed_on_the_token_verifies_with_the_token_key_and_the_pem(string type, bool pure)
    {
        using var hsm = new SoftHsm();
        using var w = new CliWorkspace();
        var pem = w.Keygen(type, "key.pem");
        var pemPub = w.PublicPem(pem);
        hsm.Import(w.File(pem), "fw-key", "01");
        File.WriteAllText(w.File("pin.txt"), SoftHsm.Pin + "\n");
        var uri = hsm.Uri("fw-key");
        w.Write("app.bin", CliWorkspace.RandomBytes(5000, 21));
        string[] extra = pure ? ["--pure"] : [];

        CliAssert.Succeeded(w.Run([.. SigningScripts.Sign, .. extra, "-k", uri, "app.bin", "signed.bin"]));

        // Verifies with the PEM it came from, with the token's public key, and with the token's key exported to PEM.
        CliAssert.Succeeded(w.Run("verify", "-k", pemPub, "signed.bin"));
        CliAssert.Succeeded(w.Run("verify", "-k", uri, "signed.bin"));
        CliAssert.Succeeded(w.Run("getpub", "-k", uri, "-e", "pem", "-o", "token-pub.pem"));
        CliAssert.Succeeded(w.Run("verify", "-k", "token-pub.pem", "signed.bin"));
        Assert.Equal(File.ReadAllText(w.File(pemPub)), File.ReadAllText(w.File("token-pub.pem")));
        using (var key = KeyLoader.Load(w.File(pem)))
        {
            Assert.True(ImageVerifier.Verify(w.Read("signed.bin"), SignerFactory.CreateVerifier(key), "signed.bin").SignatureVerified);
        }

        Assert.Equal(pure, w.Parse("signed.bin").UnprotectedTlvs.Any(t => t.Type == TlvType.SigPure));

        // getpub -e lang-c and getpubhash from the token equal those of the PEM.
        Assert.Equal(CliAssert.Succeeded(w.Run("getpub", "-k", pem)).Stdout, CliAssert.Succeeded(w.Run("getpub", "-k", uri, "-e", "lang-c")).Stdout);
        Assert.Equal(CliAssert.Succeeded(w.Run("getpubhash", "-k", pem)).Stdout, CliAssert.Succeeded(w.Run("getpubhash", "-k", uri)).Stdout);
    }

    [Fact]
    public void Bootloader_config_check_and_two_token_keys_work_with_pkcs11_uris()
    {
        using var hsm = new SoftHsm();
        using var w = new CliWorkspace();
        var oldPem = w.Keygen("ecdsa-p256", "old.pem");
        var newPem = w.Keygen("ecdsa-p256", "new.pem");
        hsm.Import(w.File(oldPem), "old", "01");
        hsm.Import(w.File(newPem), "new", "02");
        File.WriteAllText(w.File("pin.txt"), SoftHsm.Pin);
        w.Write("app.bin", CliWorkspace.RandomBytes(5000, 22));

        // Two keys on one token (one module, initialised once): one pair each.
        CliAssert.Succeeded(w.Run([.. SigningScripts.Sign, "-k", hsm.Uri("old"), "-k", hsm.Uri("new"), "app.bin", "both.bin"]));
        var stdout = CliAssert.Succeeded(w.Run("verify", "-k", oldPem, "-k", newPem, "both.bin")).Stdout;
        Assert.Equal(2, stdout.Split('\n').Count(l => l.Contains(": verified with ", StringComparison.Ordinal)));

        CliAssert.Succeeded(w.Run("bootloader-config", "-k", hsm.Uri("new"), "-o", "boot-token"), allowWarnings: true);
        CliAssert.Succeeded(w.Run("bootloader-config", "-k", newPem, "-o", "boot-pem"), allowWarnings: true);
        Assert.Equal(File.ReadAllBytes(w.File("boot-pem/autogen-pubkey.c")), File.ReadAllBytes(w.File("boot-token/autogen-pubkey.c")));
        Assert.Equal(File.ReadAllBytes(w.File("boot-pem/pubkey-hash.bin")), File.ReadAllBytes(w.File("boot-token/pubkey-hash.bin")));
        Assert.Equal(0, w.Run("check", "both.bin", "--key", hsm.Uri("new"), "--skip-vector-table").ExitCode);

        // The PIN from --password-env (the CLI's secret channel) instead of pin-source.
        var env = new Dictionary<string, string> { ["TOKEN_PIN"] = SoftHsm.Pin };
        CliAssert.Succeeded(w.Run(env, [.. SigningScripts.Sign, "-k", hsm.Uri("new", pinFile: null), "--password-env", "TOKEN_PIN", "app.bin", "env.bin"]));
        CliAssert.Succeeded(w.Run("verify", "-k", newPem, "env.bin"));
    }

    [Fact]
    public void Token_errors_are_one_coded_line_and_nothing_is_written()
    {
        using var hsm = new SoftHsm();
        using var w = new CliWorkspace();
        var pem = w.Keygen("ecdsa-p256", "key.pem");
        hsm.Import(w.File(pem), "fw-key", "01");
        File.WriteAllText(w.File("pin.txt"), SoftHsm.Pin);
        File.WriteAllText(w.File("wrong-pin.txt"), "9999");
        File.WriteAllText(w.File("not-a-module.so"), "this is not a shared library");
        w.Write("app.bin", CliWorkspace.RandomBytes(2000, 23));

        void Fails(string key, string code, params string[] extra)
        {
            CliAssert.Failed(w.Run([.. SigningScripts.Sign, .. extra, "-k", key, "app.bin", "out.bin"]), code);
            Assert.False(File.Exists(w.File("out.bin")));
        }

        Fails(hsm.Uri("fw-key", "wrong-pin.txt"), ErrorCodes.Pkcs11PinIncorrect);
        Fails(hsm.Uri("fw-key", token: "no-such-token"), ErrorCodes.Pkcs11TokenNotFound);
        Fails(hsm.Uri("no-such-key"), ErrorCodes.Pkcs11ObjectNotFound);
        Fails(hsm.Uri("fw-key", pinFile: null), ErrorCodes.Pkcs11PinRequired);
        Fails(hsm.Uri("fw-key", "missing-pin.txt"), ErrorCodes.Pkcs11PinSourceUnreadable);
        Fails(hsm.Uri("fw-key").Replace(hsm.Module, w.File("not-a-module.so"), StringComparison.Ordinal), ErrorCodes.Pkcs11ModuleInvalid);
        var libc = new[] { "/lib/x86_64-linux-gnu/libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6" }.FirstOrDefault(File.Exists);
        Assert.NotNull(libc);
        Fails(hsm.Uri("fw-key").Replace(hsm.Module, libc, StringComparison.Ordinal), ErrorCodes.Pkcs11ModuleInvalid);
        Fails(hsm.Uri("fw-key").Replace(hsm.Module, w.File("missing.so"), StringComparison.Ordinal), ErrorCodes.Pkcs11ModuleNotFound);
        Fails($"pkcs11:token={hsm.Token};object=fw-key?module-path={hsm.Module}&pin-value=1234", ErrorCodes.Pkcs11PinInUri);
        Fails($"pkcs11:token={hsm.Token}?module-path={hsm.Module}", ErrorCodes.Pkcs11UriInvalid);

        // The PIN never appears in a message.
        var wrong = CliAssert.Failed(w.Run([.. SigningScripts.Sign, "-k", hsm.Uri("fw-key", "wrong-pin.txt"), "app.bin", "out.bin"]), ErrorCodes.Pkcs11PinIncorrect);
        Assert.DoesNotContain("9999", wrong, StringComparison.Ordinal);
    }

    [Fact]
    public void Uri_parsing_follows_rfc_7512()
    {
        var uri = Pkcs11Uri.Parse("pkcs11:token=My%20Token;object=fw;id=%01%02;type=private?module-path=/m.so&pin-source=file:/p");
        Assert.Equal("My Token", uri.Token);
        Assert.Equal("fw", uri.Object);
        Assert.Equal(new byte[] { 1, 2 }, uri.Id);
        Assert.Equal("/m.so", uri.Query["module-path"]);
        Assert.Equal(ErrorCodes.Pkcs11UriInvalid, Assert.Throws<McuBootException>(() => Pkcs11Uri.Parse("pkcs11:token=a;object=b;type=public")).Code);
        Assert.Equal(ErrorCodes.Pkcs11UriInvalid, Assert.Throws<McuBootException>(() => Pkcs11Uri.Parse("pkcs11:token=a;object=%zz")).Code);
        Assert.Equal(ErrorCodes.Pkcs11UriInvalid, Assert.Throws<McuBootException>(() => Pkcs11Uri.Parse("pkcs11:colour=a;object=b")).Code);
        Assert.Equal(ErrorCodes.Pkcs11PinInUri, Assert.Throws<McuBootException>(() => Pkcs11Uri.Parse("pkcs11:object=b?pin-value=1")).Code);
    }
}
