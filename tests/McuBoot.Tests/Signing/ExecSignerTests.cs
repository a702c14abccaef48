using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Signing;
using McuBoot.Tests.Cli;

namespace McuBoot.Tests.Signing;

/// <summary>
/// <c>exec:</c> signing commands (issue 10): a stand-in "KMS" signing with a local key through openssl; the signature
/// is verified before anything is written; failing, hanging, lying and babbling commands are coded errors.
/// </summary>
public sealed class ExecSignerTests
{
    [Theory]
    [InlineData("ecdsa-p256")]
    [InlineData("ecdsa-p384")]
    [InlineData("rsa-2048")]
    [InlineData("rsa-3072")]
    [InlineData("ed25519")]
    public void Signer_file_command_signs_an_image_that_verifies_with_the_pem(string type)
    {
        SigningScripts.Require("openssl");
        using var w = new CliWorkspace();
        var key = w.Keygen(type);
        var pub = w.PublicPem(key);
        SigningScripts.OpenSslSigner(w, "kms.sh", key);
        SigningScripts.SignerFile(w, "signer.yaml", "./kms.sh", pub);
        w.Write("app.bin", CliWorkspace.RandomBytes(3000, 1));

        CliAssert.Succeeded(w.Run([.. SigningScripts.Sign, "-k", "exec:signer.yaml", "app.bin", "exec.bin"]));
        CliAssert.Succeeded(w.Run([.. SigningScripts.Sign, "-k", key, "app.bin", "pem.bin"]));
        var verified = CliAssert.Succeeded(w.Run("verify", "-k", pub, "exec.bin"));
        Assert.Contains("Image was correctly validated", verified.Stdout, StringComparison.Ordinal);

        // Same key TLV as signing with the PEM, and the signature verifies in the library too.
        var exec = w.Parse("exec.bin");
        var pem = w.Parse("pem.bin");
        Assert.Equal(pem.UnprotectedTlvs.Single(t => t.Type == TlvType.KeyHash).Value, exec.UnprotectedTlvs.Single(t => t.Type == TlvType.KeyHash).Value);
        using var k = KeyLoader.Load(w.File(pub));
        Assert.True(ImageVerifier.Verify(w.Read("exec.bin"), SignerFactory.CreateVerifier(k), "exec.bin").SignatureVerified);
    }

    [Fact]
    public void Plain_command_gives_its_public_key_and_signs_pure_ed25519()
    {
        SigningScripts.Require("openssl");
        using var w = new CliWorkspace();
        var key = w.Keygen("ed25519");
        var pub = w.PublicPem(key);
        SigningScripts.OpenSslSigner(w, "kms.sh", key);
        w.Write("app.bin", CliWorkspace.RandomBytes(2000, 2));

        CliAssert.Succeeded(w.Run([.. SigningScripts.Sign, "--pure", "-k", "exec:./kms.sh", "app.bin", "pure.bin"]));
        CliAssert.Succeeded(w.Run("verify", "-k", pub, "pure.bin"));
        Assert.Contains(w.Parse("pure.bin").UnprotectedTlvs, t => t.Type == TlvType.SigPure);

        // getpub through the command equals getpub of the PEM.
        var fromCommand = CliAssert.Succeeded(w.Run("getpub", "-k", "exec:./kms.sh")).Stdout;
        var fromPem = CliAssert.Succeeded(w.Run("getpub", "-k", pub)).Stdout;
        Assert.Equal(fromPem, fromCommand);
    }

    [Fact]
    public void Command_signing_with_another_key_is_refused_and_nothing_is_written()
    {
        SigningScripts.Require("openssl");
        using var w = new CliWorkspace();
        var key = w.Keygen("ecdsa-p256", "right.pem");
        var other = w.Keygen("ecdsa-p256", "other.pem");
        var pub = w.PublicPem(key);
        SigningScripts.OpenSslSigner(w, "kms.sh", other);
        SigningScripts.SignerFile(w, "signer.yaml", "./kms.sh", pub);
        w.Write("app.bin", CliWorkspace.RandomBytes(1000, 3));

        var message = CliAssert.Failed(w.Run([.. SigningScripts.Sign, "-k", "exec:signer.yaml", "app.bin", "out.bin"]), ErrorCodes.ExternalSignatureInvalid);
        Assert.Contains("does not verify", message, StringComparison.Ordinal);
        Assert.False(File.Exists(w.File("out.bin")));
    }

    [Fact]
    public void Hanging_command_is_stopped_at_its_timeout()
    {
        using var w = new CliWorkspace();
        var key = w.Keygen("ecdsa-p256");
        var pub = w.PublicPem(key);
        SigningScripts.Write(w, "hang.sh", "sleep 300\n");
        SigningScripts.SignerFile(w, "signer.yaml", "./hang.sh", pub, "timeoutSeconds: 1");
        w.Write("app.bin", CliWorkspace.RandomBytes(1000, 4));

        var message = CliAssert.Failed(w.Run([.. SigningScripts.Sign, "-k", "exec:signer.yaml", "app.bin", "out.bin"]), ErrorCodes.SignCommandTimedOut);
        Assert.Contains("1 s", message, StringComparison.Ordinal);
        Assert.False(File.Exists(w.File("out.bin")));
    }

    [Fact]
    public void Failing_command_reports_its_exit_code_and_error_output()
    {
        using var w = new CliWorkspace();
        var key = w.Keygen("ecdsa-p256");
        var pub = w.PublicPem(key);
        SigningScripts.Write(w, "fail.sh", "echo 'AccessDenied: not allowed to use key' >&2\nexit 7\n");
        SigningScripts.SignerFile(w, "signer.yaml", "./fail.sh", pub);
        w.Write("app.bin", CliWorkspace.RandomBytes(1000, 5));

        var message = CliAssert.Failed(w.Run([.. SigningScripts.Sign, "-k", "exec:signer.yaml", "app.bin", "out.bin"]), ErrorCodes.SignCommandFailed);
        Assert.Contains("exit code 7", message, StringComparison.Ordinal);
        Assert.Contains("AccessDenied: not allowed", message, StringComparison.Ordinal);
        Assert.False(File.Exists(w.File("out.bin")));
    }

    [Fact]
    public void Output_that_is_no_signature_and_bad_signer_files_are_coded()
    {
        using var w = new CliWorkspace();
        var key = w.Keygen("ecdsa-p256");
        var pub = w.PublicPem(key);
        SigningScripts.Write(w, "babble.sh", "echo 'hello'\n");
        SigningScripts.SignerFile(w, "signer.yaml", "./babble.sh", pub);
        w.Write("app.bin", CliWorkspace.RandomBytes(1000, 6));
        CliAssert.Failed(w.Run([.. SigningScripts.Sign, "-k", "exec:signer.yaml", "app.bin", "out.bin"]), ErrorCodes.SignCommandOutputInvalid);

        SigningScripts.SignerFile(w, "bad.yaml", "./babble.sh", pub, "colour: blue");
        Assert.Contains("colour", CliAssert.Failed(w.Run([.. SigningScripts.Sign, "-k", "exec:bad.yaml", "app.bin", "out.bin"]), ErrorCodes.SignerFileInvalid), StringComparison.Ordinal);
        CliAssert.Failed(w.Run([.. SigningScripts.Sign, "-k", "exec:missing.yaml", "app.bin", "out.bin"]), ErrorCodes.SignerFileInvalid);
        CliAssert.Failed(w.Run([.. SigningScripts.Sign, "-k", "exec:./does-not-exist.sh", "app.bin", "out.bin"]), ErrorCodes.SignerPublicKeyMissing);
        Assert.False(File.Exists(w.File("out.bin")));
    }

    [Fact]
    public void Raw_and_der_ecdsa_signatures_are_normalised_to_der()
    {
        using var key = (EcdsaKey)McuBootKey.Generate(KeyType.EcdsaP256);
        var digest = System.Security.Cryptography.SHA256.HashData("image"u8);
        var raw = key.Ecdsa.SignHash(digest, System.Security.Cryptography.DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var der = SignatureEncoding.Normalize(KeyType.EcdsaP256, raw)!;
        Assert.True(key.Ecdsa.VerifyHash(digest, der, System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal(der, SignatureEncoding.Normalize(KeyType.EcdsaP256, der));
        Assert.Null(SignatureEncoding.Normalize(KeyType.EcdsaP256, new byte[10]));
        Assert.Null(SignatureEncoding.Normalize(KeyType.Ed25519, new byte[63]));

        // r and s with leading zero bytes (about one signature in 128 has one) still give minimal DER.
        var zeros = new byte[64];
        zeros[1] = 0x7f;
        zeros[33] = 0x01;
        var minimal = SignatureEncoding.Normalize(KeyType.EcdsaP256, zeros)!;
        Assert.Equal(new byte[] { 0x30, 0x42, 0x02, 0x1f, 0x7f }, minimal[..5]);
        Assert.Equal(2 + 2 + 31 + 2 + 31, minimal.Length);

        // RSA signatures that lost leading zero bytes are padded back to the modulus size.
        var shortRsa = new byte[255];
        shortRsa[0] = 1;
        var padded = SignatureEncoding.Normalize(KeyType.Rsa2048, shortRsa)!;
        Assert.Equal(256, padded.Length);
        Assert.Equal(0, padded[0]);
    }

    [Fact]
    public void Key_spec_lists_keep_pkcs11_uris_whole()
    {
        Assert.Equal(
            ["keys/a.pem", "pkcs11:token=t;object=new;type=private?module-path=/m.so", "exec:kms.yaml"],
            KeySpecList.Split(" keys/a.pem ; pkcs11:token=t;object=new;type=private?module-path=/m.so;exec:kms.yaml;"));
        Assert.Empty(KeySpecList.Split("  "));
    }
}
