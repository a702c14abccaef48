using System.Security.Cryptography;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Tests.Cli;

/// <summary>
/// External (HSM-style) signing through the tool (mcuboot-image-format.md §4.6): <c>--vector-to-sign payload|digest</c>
/// exports what must be signed, an outside signer signs it, and <c>--fix-sig</c> + <c>--fix-sig-pubkey</c> inserts the
/// signature; <c>--sig-out</c> exports a signature.
/// </summary>
public sealed class ExternalSigningTests
{
    private static readonly string[] Common = ["sign", "-v", "1.2.3+4", "-H", "0x200", "--pad-header", "-S", "0x40000", "-s", "auto", "--custom-tlv", "0xa0", "0x1234"];

    [Fact]
    public void Digest_and_payload_vectors_are_exactly_what_a_normal_signature_covers()
    {
        using var w = new CliWorkspace();
        string key = CliWorkspace.ConformanceKey("ed25519.pem");
        string input = CliWorkspace.ConformanceInput("app-small.bin");
        CliAssert.Succeeded(w.Run([.. Common, "-k", key, input, "signed.bin"]));
        // --pad must not pad the exported vector (imgtool pads it, §11 item 10).
        CliAssert.Succeeded(w.Run([.. Common, "-k", key, "--vector-to-sign", "payload", "--pad", input, "payload.bin"]));
        CliAssert.Succeeded(w.Run([.. Common, "-k", key, "--vector-to-sign", "digest", input, "digest.bin"]));

        var signed = w.Parse("signed.bin");
        var image = w.Read("signed.bin");
        Assert.Equal(image.AsSpan(0, (int)signed.HashedRegionEnd).ToArray(), w.Read("payload.bin"));
        Assert.Equal(signed.UnprotectedTlvs.Single(t => t.Type == TlvType.Sha256).Value, w.Read("digest.bin"));
        Assert.Equal(SHA256.HashData(w.Read("payload.bin")), w.Read("digest.bin"));
    }

    [Fact]
    public void Ed25519_signature_made_outside_gives_the_same_image_as_signing_with_the_key()
    {
        using var w = new CliWorkspace();
        string key = CliWorkspace.ConformanceKey("ed25519.pem");
        string input = CliWorkspace.ConformanceInput("app-small.bin");
        CliAssert.Succeeded(w.Run([.. Common, "-k", key, "--sig-out", "sig-out.b64", input, "signed.bin"]));
        CliAssert.Succeeded(w.Run([.. Common, "--vector-to-sign", "digest", input, "digest.bin"]));

        // The "HSM": sign the digest with the private key, outside the tool; base64 with a line break, as tools write it.
        using var signer = SignerFactory.CreateSigner(KeyLoader.Load(key));
        var signature = signer.SignDigest(w.Read("digest.bin"), ImageHashAlgorithm.Sha256);
        File.WriteAllText(w.File("sig.b64"), Convert.ToBase64String(signature) + "\n");

        CliAssert.Succeeded(w.Run([.. Common, "--fix-sig", "sig.b64", "--fix-sig-pubkey", CliWorkspace.ConformanceKey("ed25519.pem"), input, "fixed.bin"]));
        Assert.Equal(w.Read("signed.bin"), w.Read("fixed.bin"));
        Assert.Equal(Convert.ToBase64String(signature), File.ReadAllText(w.File("sig-out.b64")));
    }

    [Fact]
    public void Ecdsa_signature_made_outside_with_only_the_public_key_in_the_build_verifies()
    {
        using var w = new CliWorkspace();
        string input = CliWorkspace.ConformanceInput("app-small.bin");
        string publicKey = w.PublicPem(CliWorkspace.ConformanceKey("ecdsa-p256.pem"));
        CliAssert.Succeeded(w.Run([.. Common, "--vector-to-sign", "digest", input, "digest.bin"]));

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(File.ReadAllText(CliWorkspace.ConformanceKey("ecdsa-p256.pem")));
        var der = ecdsa.SignHash(w.Read("digest.bin"), DSASignatureFormat.Rfc3279DerSequence);
        File.WriteAllText(w.File("sig.b64"), Convert.ToBase64String(der));

        CliAssert.Succeeded(w.Run([.. Common, "--fix-sig", "sig.b64", "--fix-sig-pubkey", publicKey, input, "fixed.bin"]));
        var verify = CliAssert.Succeeded(w.Run("verify", "-k", publicKey, "fixed.bin"));
        Assert.Contains("Image was correctly validated", verify.Stdout, StringComparison.Ordinal);
        Assert.Equal(der, w.Parse("fixed.bin").UnprotectedTlvs.Single(t => t.Type == TlvType.EcdsaSig).Value);
    }

    [Fact]
    public void Pure_signature_over_the_payload_works_with_a_public_key()
    {
        using var w = new CliWorkspace();
        string input = CliWorkspace.ConformanceInput("app-small.bin");
        string publicKey = w.PublicPem(CliWorkspace.ConformanceKey("ed25519.pem"));
        CliAssert.Succeeded(w.Run([.. Common, "--pure", "-k", CliWorkspace.ConformanceKey("ed25519.pem"), input, "signed.bin"]));
        CliAssert.Succeeded(w.Run([.. Common, "--pure", "--fix-sig-pubkey", publicKey, "--vector-to-sign", "payload", input, "payload.bin"]));

        using var signer = SignerFactory.CreateSigner(KeyLoader.Load(CliWorkspace.ConformanceKey("ed25519.pem")));
        File.WriteAllText(w.File("sig.b64"), Convert.ToBase64String(signer.SignMessage(w.Read("payload.bin"))));

        // imgtool needs the private key as --fix-sig-pubkey here (§11 item 15); a public key is enough for us.
        CliAssert.Succeeded(w.Run([.. Common, "--pure", "--fix-sig", "sig.b64", "--fix-sig-pubkey", publicKey, input, "fixed.bin"]));
        Assert.Equal(w.Read("signed.bin"), w.Read("fixed.bin"));
    }

    [Fact]
    public void A_signature_that_does_not_verify_is_refused_and_nothing_is_written()
    {
        using var w = new CliWorkspace();
        string input = CliWorkspace.ConformanceInput("app-small.bin");
        using var signer = SignerFactory.CreateSigner(KeyLoader.Load(CliWorkspace.ConformanceKey("ed25519.pem")));
        File.WriteAllText(w.File("sig.b64"), Convert.ToBase64String(signer.SignDigest(new byte[32], ImageHashAlgorithm.Sha256)));

        var result = w.Run([.. Common, "--fix-sig", "sig.b64", "--fix-sig-pubkey", CliWorkspace.ConformanceKey("ed25519.pem"), input, "fixed.bin"]);
        CliAssert.Failed(result, ErrorCodes.InvalidFixedSignature);
        Assert.False(File.Exists(w.File("fixed.bin")));
    }

    [Fact]
    public void Inconsistent_external_signing_options_are_refused_with_their_codes()
    {
        using var w = new CliWorkspace();
        string input = CliWorkspace.ConformanceInput("app-small.bin");
        File.WriteAllText(w.File("sig.b64"), Convert.ToBase64String(new byte[64]));
        string key = CliWorkspace.ConformanceKey("ed25519.pem");

        CliAssert.Failed(w.Run([.. Common, "--fix-sig", "sig.b64", input, "a.bin"]), ErrorCodes.MissingOption, ExitCodes.Usage);
        CliAssert.Failed(w.Run([.. Common, "-k", key, "--fix-sig", "sig.b64", "--fix-sig-pubkey", key, input, "b.bin"]), ErrorCodes.ConflictingOptions, ExitCodes.Usage);
        CliAssert.Failed(w.Run([.. Common, "--sig-out", "s.b64", input, "c.bin"]), ErrorCodes.NoSignature, ExitCodes.Usage);
        CliAssert.Failed(w.Run([.. Common, "-k", key, "--compression", "lzma2", "--vector-to-sign", "digest", input, "d.bin"]), ErrorCodes.ConflictingOptions, ExitCodes.Usage);
        Assert.Empty(Directory.GetFiles(w.Path, "*.bin"));
    }
}
