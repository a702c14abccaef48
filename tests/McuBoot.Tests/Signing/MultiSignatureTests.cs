using McuBoot.Bootloader;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Tests.Checks;
using McuBoot.Tests.Cli;

namespace McuBoot.Tests.Signing;

/// <summary>
/// Several signatures per image for key rotation (issue 10): <c>sign -k A -k B</c> writes one KEYHASH + signature pair
/// per key, in order; each verifies; a bootloader holding only the first or only the second key accepts the image,
/// one holding neither rejects it (bootutil image_validate.c: each pair whose key it knows is verified).
/// </summary>
public sealed class MultiSignatureTests
{
    [Theory]
    [InlineData("ecdsa-p256")]
    [InlineData("ed25519")]
    [InlineData("rsa-2048")]
    public void Two_keys_give_two_pairs_in_order_and_each_verifies(string type)
    {
        using var w = new CliWorkspace();
        var a = w.Keygen(type, "old.pem");
        var b = w.Keygen(type, "new.pem");
        var c = w.Keygen(type, "other.pem");
        w.Write("app.bin", CliWorkspace.RandomBytes(4000, 11));

        CliAssert.Succeeded(w.Run([.. SigningScripts.Sign, "-k", a, "-k", b, "app.bin", "both.bin"]));
        var image = w.Parse("both.bin");
        var tlvs = image.UnprotectedTlvs.Select(t => t.Type).ToList();
        ushort sig = tlvs[2];
        Assert.InRange(sig, TlvType.Rsa2048, TlvType.Ed25519);
        Assert.Equal([TlvType.Sha256, TlvType.KeyHash, sig, TlvType.KeyHash, sig], tlvs);
        var keyHashes = image.UnprotectedTlvs.Where(t => t.Type == TlvType.KeyHash).Select(t => t.Value).ToList();
        using (var ka = KeyLoader.Load(w.File(a)))
        using (var kb = KeyLoader.Load(w.File(b)))
        {
            Assert.Equal(ImageHashAlgorithm.Sha256.Hash(ka.GetPublicKeyBytes()), keyHashes[0]);
            Assert.Equal(ImageHashAlgorithm.Sha256.Hash(kb.GetPublicKeyBytes()), keyHashes[1]);
        }

        CliAssert.Succeeded(w.Run("verify", "-k", a, "both.bin"));
        CliAssert.Succeeded(w.Run("verify", "-k", b, "both.bin"));
        var both = CliAssert.Succeeded(w.Run("verify", "-k", a, "-k", b, "both.bin")).Stdout;
        Assert.Contains($"Signature 1: KEYHASH {Convert.ToHexStringLower(keyHashes[0])} + ", both, StringComparison.Ordinal);
        Assert.Contains($": verified with {a}", both, StringComparison.Ordinal);
        Assert.Contains($": verified with {b}", both, StringComparison.Ordinal);
        var one = CliAssert.Succeeded(w.Run("verify", "-k", b, "both.bin")).Stdout;
        Assert.Contains("Signature 1: ", one, StringComparison.Ordinal);
        Assert.Contains("not checked (no given key has this key hash)", one, StringComparison.Ordinal);
        CliAssert.Failed(w.Run("verify", "-k", c, "both.bin"), ErrorCodes.KeyHashMismatch);

        // A tampered second signature is found even though the first verifies.
        var bytes = w.Read("both.bin");
        var second = image.UnprotectedTlvs.Where(t => t.Type == sig).Last();
        bytes[second.Offset + 4 + 10] ^= 0x01;
        w.Write("tampered.bin", bytes);
        CliAssert.Failed(w.Run("verify", "-k", a, "-k", b, "tampered.bin"), ErrorCodes.SignatureInvalid);
        CliAssert.Succeeded(w.Run("verify", "-k", a, "tampered.bin"));
    }

    [Fact]
    public void Bootloader_with_either_key_accepts_and_with_neither_rejects()
    {
        using var w = new CliWorkspace();
        var a = w.Keygen("ecdsa-p256", "old.pem");
        var b = w.Keygen("ecdsa-p256", "new.pem");
        var c = w.Keygen("ecdsa-p256", "other.pem");
        w.Write("app.bin", CliWorkspace.RandomBytes(4000, 12));
        CliAssert.Succeeded(w.Run([.. SigningScripts.Sign, "-k", a, "-k", b, "app.bin", "both.bin"]));

        string Bootloader(string name, params string[] keys)
        {
            var rodata = keys.SelectMany(k =>
            {
                using var key = KeyLoader.Load(w.File(k));
                return key.GetPublicKeyBytes();
            }).ToArray();
            return w.Write(name, CheckWorkspace.BootloaderBinary(rodata));
        }

        foreach (var (boot, keys) in new[] { ("boot-old.bin", new[] { a }), ("boot-new.bin", new[] { b }), ("boot-both.bin", new[] { a, b }) })
        {
            var result = w.Run("check", "both.bin", "--bootloader", Bootloader(boot, keys), "--skip-vector-table");
            Assert.True(result.ExitCode == 0, $"{boot}: {result.Stdout}{result.Stderr}");
            Assert.Contains("signature 1: KEYHASH ", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("signature 2: KEYHASH ", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("the bootloader holds this key", result.Stdout, StringComparison.Ordinal);
        }

        var rejected = w.Run("check", "both.bin", "--bootloader", Bootloader("boot-other.bin", c), "--skip-vector-table");
        Assert.Equal(ExitCodes.Rejected, rejected.ExitCode);
        Assert.Contains($"error {ErrorCodes.CheckBootloaderKeyMissing}:", rejected.Stdout, StringComparison.Ordinal);

        // Rotation finished: images signed only with the new key pass a bootloader holding both, fail one holding only the old.
        CliAssert.Succeeded(w.Run([.. SigningScripts.Sign, "-k", b, "app.bin", "new-only.bin"]));
        Assert.Equal(0, w.Run("check", "new-only.bin", "--bootloader", w.File("boot-both.bin"), "--skip-vector-table").ExitCode);
        Assert.Equal(ExitCodes.Rejected, w.Run("check", "new-only.bin", "--bootloader", w.File("boot-old.bin"), "--skip-vector-table").ExitCode);

        // check --key picks the pair of that key.
        Assert.Equal(0, w.Run("check", "both.bin", "--key", b, "--skip-vector-table").ExitCode);
        Assert.Equal(ExitCodes.Rejected, w.Run("check", "both.bin", "--key", c, "--skip-vector-table").ExitCode);
    }

    [Theory]
    [InlineData("ecdsa-p256")]
    [InlineData("ed25519")]
    [InlineData("rsa-3072")]
    public void Bootloader_model_with_only_the_first_or_only_the_second_key_accepts_and_with_neither_rejects(string type)
    {
        using var w = new CliWorkspace();
        var a = w.Keygen(type, "old.pem");
        var b = w.Keygen(type, "new.pem");
        var c = w.Keygen(type, "other.pem");
        w.Write("app.bin", CliWorkspace.RandomBytes(4000, 15));
        CliAssert.Succeeded(w.Run([.. SigningScripts.Sign, "-k", a, "-k", b, "app.bin", "both.bin"]));
        var image = w.Read("both.bin");
        using var ka = KeyLoader.Load(w.File(a));
        using var kb = KeyLoader.Load(w.File(b));
        using var kc = KeyLoader.Load(w.File(c));

        BootValidation Boot(params McuBootKey[] keys) => BootImageValidator.ValidateImage(image, BootloaderConfig.ZephyrDefaults(keys.Select(BootloaderKey.FromKey).ToList()));
        var onlyOld = Boot(ka);
        Assert.True(onlyOld.Accepted, onlyOld.Rejection?.ToString());
        var onlyNew = Boot(kb);
        Assert.True(onlyNew.Accepted, onlyNew.Rejection?.ToString());
        var both = Boot(ka, kb);
        Assert.True(both.Accepted, both.Rejection?.ToString());
        var neither = Boot(kc);
        Assert.False(neither.Accepted);

        // Each pair verifies on its own, in the library as in the tool.
        Assert.True(ImageVerifier.Verify(image, McuBoot.Signing.SignerFactory.CreateVerifier(ka), "both.bin").SignatureVerified);
        Assert.True(ImageVerifier.Verify(image, McuBoot.Signing.SignerFactory.CreateVerifier(kb), "both.bin").SignatureVerified);
    }

    [Fact]
    public void Mixed_key_types_and_single_signature_options_are_refused()
    {
        using var w = new CliWorkspace();
        var p256 = w.Keygen("ecdsa-p256");
        var p256b = w.Keygen("ecdsa-p256", "b.pem");
        var ed = w.Keygen("ed25519");
        w.Write("app.bin", CliWorkspace.RandomBytes(4000, 13));

        var message = CliAssert.Failed(w.Run([.. SigningScripts.Sign, "-k", p256, "-k", ed, "app.bin", "out.bin"]), ErrorCodes.SigningKeysMixed);
        Assert.Contains("one type", message, StringComparison.Ordinal);
        CliAssert.Failed(w.Run([.. SigningScripts.Sign, "-k", p256, "-k", p256b, "--compression", "lzma2", "app.bin", "out.bin"]), ErrorCodes.MultipleSignaturesNotAllowed);
        CliAssert.Failed(w.Run([.. SigningScripts.Sign, "-k", p256, "-k", p256b, "--sig-out", "s.b64", "app.bin", "out.bin"]), ErrorCodes.MultipleSignaturesNotAllowed);
        CliAssert.Failed(w.Run([.. SigningScripts.Sign, "-k", p256, "-k", p256b, "--vector-to-sign", "digest", "app.bin", "out.bin"]), ErrorCodes.MultipleSignaturesNotAllowed);
        Assert.False(File.Exists(w.File("out.bin")));
        Assert.False(File.Exists(w.File("s.b64")));
    }

    [Fact]
    public void A_file_key_and_an_exec_key_sign_one_image_together()
    {
        SigningScripts.Require("openssl");
        using var w = new CliWorkspace();
        var oldKey = w.Keygen("ecdsa-p256", "old.pem");
        var newKey = w.Keygen("ecdsa-p256", "new.pem");
        var newPub = w.PublicPem(newKey);
        SigningScripts.OpenSslSigner(w, "kms.sh", newKey);
        SigningScripts.SignerFile(w, "kms.yaml", "./kms.sh", newPub);
        w.Write("app.bin", CliWorkspace.RandomBytes(4000, 14));

        CliAssert.Succeeded(w.Run([.. SigningScripts.Sign, "-k", oldKey, "-k", "exec:kms.yaml", "--pad", "app.bin", "both.hex", "-x", "0x10000"]));
        var stdout = CliAssert.Succeeded(w.Run("verify", "-k", oldKey, "-k", newPub, "both.hex")).Stdout;
        Assert.Equal(2, stdout.Split('\n').Count(l => l.Contains(": verified with ", StringComparison.Ordinal)));
    }
}
