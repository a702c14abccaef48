using McuBoot.Diagnostics;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Signing;

/// <summary>
/// The cloud recipes of <c>samples/release-signing/</c> (AWS KMS, Azure Key Vault, Google Cloud KMS, HashiCorp Vault
/// transit), run unchanged against stand-in CLIs (<see cref="FakeKmsClis"/>) that sign with a local key: the
/// algorithm mapping, the argument shapes and the answer formats are exercised; the image verifies with the PEM.
/// </summary>
public sealed class KmsRecipeTests
{
    [Theory]
    [InlineData("aws", "ecdsa-p256", false)]
    [InlineData("aws", "ecdsa-p384", false)]
    [InlineData("aws", "rsa-2048", false)]
    [InlineData("azure", "ecdsa-p256", false)]
    [InlineData("azure", "ecdsa-p384", false)]
    [InlineData("azure", "rsa-3072", false)]
    [InlineData("gcloud", "ecdsa-p256", false)]
    [InlineData("gcloud", "rsa-2048", false)]
    [InlineData("gcloud", "ed25519", false)]
    [InlineData("gcloud", "ed25519", true)]
    [InlineData("vault", "ecdsa-p256", false)]
    [InlineData("vault", "rsa-2048", false)]
    [InlineData("vault", "ed25519", true)]
    public void Recipe_signs_an_image_that_verifies(string provider, string type, bool pure)
    {
        SigningScripts.Require("openssl");
        using var w = new CliWorkspace();
        var key = w.Keygen(type, "kms-key.pem");
        var pub = w.PublicPem(key);
        var signer = Setup(w, provider, type, key, withPublicKey: provider == "vault" ? pub : null, keyId: null);
        w.Write("app.bin", CliWorkspace.RandomBytes(6000, 31));

        CliAssert.Succeeded(w.Run([.. SigningScripts.Sign, .. (pure ? new[] { "--pure" } : []), "-k", "exec:" + signer, "app.bin", "signed.bin"]));
        CliAssert.Succeeded(w.Run("verify", "-k", pub, "signed.bin"));
        if (provider != "vault")
        {
            // The public key comes from the service (MCUBOOT_SIGN_OPERATION=public-key): same as the PEM's.
            Assert.Equal(CliAssert.Succeeded(w.Run("getpub", "-k", pub)).Stdout, CliAssert.Succeeded(w.Run("getpub", "-k", "exec:" + signer)).Stdout);
        }
    }

    [Fact]
    public void Service_errors_and_wrong_parameters_are_refused()
    {
        SigningScripts.Require("openssl");
        using var w = new CliWorkspace();
        var key = w.Keygen("rsa-2048", "kms-key.pem");
        var pub = w.PublicPem(key);
        w.Write("app.bin", CliWorkspace.RandomBytes(3000, 32));

        // The key id the service does not know: the CLI's error reaches the one-line message.
        var signer = Setup(w, "aws", "rsa-2048", key, withPublicKey: pub, keyId: "alias/typo");
        var message = CliAssert.Failed(w.Run([.. SigningScripts.Sign, "-k", "exec:" + signer, "app.bin", "out.bin"]), ErrorCodes.SignCommandFailed);
        Assert.Contains("Key 'alias/typo' does not exist", message, StringComparison.Ordinal);

        // Vault's default salt length ("auto" = maximum) gives a PSS signature bootutil rejects: refused before writing.
        var recipe = File.ReadAllText(Path.Combine(RepoRoot(), "samples", "release-signing", "vault-transit-sign.sh")).Replace(" salt_length=hash", string.Empty, StringComparison.Ordinal);
        SigningScripts.Write(w, "vault-no-salt.sh", recipe["#!/usr/bin/env bash\n".Length..]);
        signer = Setup(w, "vault", "rsa-2048", key, withPublicKey: pub, keyId: null, command: w.File("vault-no-salt.sh"));
        CliAssert.Failed(w.Run([.. SigningScripts.Sign, "-k", "exec:" + signer, "app.bin", "out.bin"]), ErrorCodes.ExternalSignatureInvalid);
        Assert.False(File.Exists(w.File("out.bin")));
    }

    private static string RepoRoot() => TestPaths.RepoRoot ?? throw new InvalidOperationException("run from the repository");

    /// <summary>Writes the fake CLI on a private PATH and a signer file running the sample recipe; returns the signer file name.</summary>
    private static string Setup(CliWorkspace w, string provider, string type, string key, string? withPublicKey, string? keyId, string? command = null)
    {
        var bin = w.File("bin");
        Directory.CreateDirectory(bin);
        var (cli, script, id, env) = provider switch
        {
            "aws" => ("aws", FakeKmsClis.Aws, "alias/firmware", new[] { "AWS_KMS_KEY_ID: alias/firmware" }),
            "azure" => ("az", FakeKmsClis.Az, "my-vault/firmware", new[] { "AZURE_KEYVAULT_NAME: my-vault", "AZURE_KEY_NAME: firmware" }),
            "gcloud" => ("gcloud", FakeKmsClis.Gcloud, "projects/p/locations/global/keyRings/r/cryptoKeys/fw/1", new[] { "GCP_KMS_KEY: projects/p/locations/global/keyRings/r/cryptoKeys/fw", "GCP_KMS_KEY_VERSION: '1'" }),
            _ => ("vault", FakeKmsClis.Vault, "firmware", new[] { "VAULT_TRANSIT_KEY: firmware" }),
        };
        SigningScripts.Write(w, Path.Combine("bin", cli), script);
        if (keyId != null)
        {
            env = [.. env.Select(e => e.StartsWith("AWS_KMS_KEY_ID", StringComparison.Ordinal) ? $"AWS_KMS_KEY_ID: {keyId}" : e)];
        }

        var recipe = provider switch { "azure" => "azure-keyvault", "gcloud" => "gcloud-kms", "vault" => "vault-transit", _ => "aws-kms" };
        var lines = new List<string>
        {
            $"command: {command ?? Path.Combine(RepoRoot(), "samples", "release-signing", recipe + "-sign.sh")}",
            "timeoutSeconds: 60",
            "environment:",
            $"  PATH: {bin}:{Environment.GetEnvironmentVariable("PATH")}",
            $"  FAKE_KMS_KEY: {w.File(key)}",
            $"  FAKE_KEY_ID: {id}",
            $"  FAKE_KEY_KIND: {(type.StartsWith("rsa", StringComparison.Ordinal) ? "rsa" : type == "ed25519" ? "ed25519" : "ec")}",
        };
        lines.AddRange(env.Select(e => "  " + e));
        if (provider == "gcloud")
        {
            lines.Add("input: payload");
        }

        if (withPublicKey != null)
        {
            lines.Add($"publicKey: {withPublicKey}");
        }

        File.WriteAllText(w.File(provider + ".yaml"), string.Join("\n", lines) + "\n");
        return provider + ".yaml";
    }
}
