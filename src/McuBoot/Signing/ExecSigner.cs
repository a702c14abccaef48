using System.Text;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// Signs by running a command (<c>exec:</c>): a cloud KMS CLI wrapper, a Vault call, a script on a signing server.
/// The command gets what to sign on standard input and in the file MCUBOOT_SIGN_INPUT (the digest, the payload for
/// <c>input: payload</c>, or the whole region for pure Ed25519), and these environment variables:
/// MCUBOOT_SIGN_OPERATION (<c>sign</c>), MCUBOOT_SIGN_INPUT_KIND (<c>digest</c>, <c>payload</c>, <c>message</c>),
/// MCUBOOT_SIGN_HASH (<c>sha256</c>, <c>sha384</c>, <c>sha512</c>), MCUBOOT_SIGN_KEY_TYPE (<c>rsa-2048</c>,
/// <c>rsa-3072</c>, <c>ecdsa-p256</c>, <c>ecdsa-p384</c>, <c>ed25519</c>) and MCUBOOT_SIGN_ALGORITHM (MCUboot's
/// signature: <c>rsa-pss-sha256</c>, <c>ecdsa-sha256</c>, <c>ecdsa-sha384</c>, <c>ed25519</c>, <c>ed25519-pure</c>).
/// It prints the signature (base64 or binary; ECDSA raw r‖s or DER) or writes it to MCUBOOT_SIGN_OUTPUT. The
/// signature is verified with the public key before it is used (<see cref="ExternalSigner"/>).
/// </summary>
public sealed class ExecSigner : ExternalSigner
{
    private readonly ExecSignerSettings _settings;

    /// <summary>A signer running <paramref name="settings"/>' command, whose key's public half is <paramref name="publicKey"/>.</summary>
    public ExecSigner(ExecSignerSettings settings, McuBootKey publicKey, string keySpec)
        : base(publicKey, keySpec)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
    }

    /// <summary>The name MCUBOOT_SIGN_KEY_TYPE gives <paramref name="type"/>.</summary>
    public static string KeyTypeName(KeyType type) => type switch
    {
        KeyType.Rsa2048 => "rsa-2048",
        KeyType.Rsa3072 => "rsa-3072",
        KeyType.EcdsaP256 => "ecdsa-p256",
        KeyType.EcdsaP384 => "ecdsa-p384",
        KeyType.Ed25519 => "ed25519",
        _ => "x25519",
    };

    /// <summary>
    /// Gets the public key of a command without a <c>publicKey</c> file: runs it with MCUBOOT_SIGN_OPERATION=public-key
    /// and reads a PEM, or base64/binary SubjectPublicKeyInfo DER, from its output.
    /// </summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.SignerPublicKeyMissing"/> and the command's errors.</exception>
    public static McuBootKey FetchPublicKey(ExecSignerSettings settings, string keySpec)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var env = new Dictionary<string, string> { ["MCUBOOT_SIGN_OPERATION"] = "public-key" };
        var placeholders = new Dictionary<string, string> { ["hash"] = string.Empty, ["algorithm"] = string.Empty };
        byte[] output;
        try
        {
            output = SignCommandRunner.Run(settings, keySpec, [], env, placeholders);
        }
        catch (McuBootException e) when (e.Code == ErrorCodes.SignCommandFailed)
        {
            throw SignerErrors.Create(
                ErrorCodes.SignerPublicKeyMissing,
                $"The public key of {keySpec} is unknown: no publicKey file is given and asking the command (MCUBOOT_SIGN_OPERATION=public-key) failed ({e.Message}); add publicKey: FILE.pem to a signer file (exec:signer.yaml) or make the command print its public key.",
                settings.SignerFile);
        }

        var text = Encoding.UTF8.GetString(output).Trim();
        try
        {
            if (text.Contains("-----BEGIN ", StringComparison.Ordinal))
            {
                return KeyLoader.LoadPem(text, keySpec);
            }

            byte[] der = SignatureText.TryBase64(text) ?? output;
            return KeyLoader.LoadPem(PemText.Write("PUBLIC KEY", der), keySpec);
        }
        catch (McuBootException e)
        {
            throw SignerErrors.Create(
                ErrorCodes.SignerPublicKeyMissing,
                $"The command of {keySpec} answered MCUBOOT_SIGN_OPERATION=public-key with no usable public key ({e.Message}); it must print a PEM or base64 SubjectPublicKeyInfo, or give publicKey: FILE.pem in a signer file.",
                settings.SignerFile);
        }
    }

    /// <inheritdoc />
    public override bool SignsPayload => _settings.SignsPayload && KeyType != KeyType.Ed25519;

    /// <inheritdoc />
    protected override byte[] SignImageCore(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm)
    {
        bool usePayload = SignsPayload;
        if (usePayload && payload.IsEmpty)
        {
            throw SignerErrors.Create(
                ErrorCodes.SignatureOperationNotSupported,
                $"The signer {KeySpec} signs the payload (input: payload), but only a digest was given (e.g. --vector-to-sign digest workflows); use input: digest.",
                _settings.SignerFile);
        }

        return Run(usePayload ? payload : digest, usePayload ? "payload" : "digest", algorithm, Algorithm(algorithm));
    }

    /// <inheritdoc />
    protected override byte[] SignMessageCore(ReadOnlySpan<byte> message)
        => Run(message, "message", ImageHashAlgorithm.Sha512, "ed25519-pure");

    private string Algorithm(ImageHashAlgorithm algorithm) => KeyType switch
    {
        KeyType.Rsa2048 or KeyType.Rsa3072 => "rsa-pss-sha256",
        KeyType.EcdsaP256 or KeyType.EcdsaP384 => "ecdsa-" + HashName(algorithm),
        _ => "ed25519",
    };

    private static string HashName(ImageHashAlgorithm algorithm) => algorithm switch
    {
        ImageHashAlgorithm.Sha256 => "sha256",
        ImageHashAlgorithm.Sha384 => "sha384",
        _ => "sha512",
    };

    private byte[] Run(ReadOnlySpan<byte> input, string kind, ImageHashAlgorithm algorithm, string signatureAlgorithm)
    {
        var env = new Dictionary<string, string>
        {
            ["MCUBOOT_SIGN_OPERATION"] = "sign",
            ["MCUBOOT_SIGN_INPUT_KIND"] = kind,
            ["MCUBOOT_SIGN_HASH"] = HashName(algorithm),
            ["MCUBOOT_SIGN_KEY_TYPE"] = KeyTypeName(KeyType),
            ["MCUBOOT_SIGN_ALGORITHM"] = signatureAlgorithm,
        };
        var placeholders = new Dictionary<string, string> { ["hash"] = HashName(algorithm), ["algorithm"] = signatureAlgorithm };
        var output = SignCommandRunner.Run(_settings, KeySpec, input, env, placeholders);
        var candidates = SignatureText.Candidates(output, _settings.OutputFormat);
        if (candidates.Count == 0)
        {
            throw SignerErrors.Create(
                ErrorCodes.SignCommandOutputInvalid,
                $"The signing command of {KeySpec} printed no signature; nothing was written. It must print the signature (base64 or binary) on standard output or write it to MCUBOOT_SIGN_OUTPUT.",
                _settings.SignerFile);
        }

        // Prefer the reading that is a signature of this key type (base64 text first, then the raw bytes).
        return candidates.FirstOrDefault(c => SignatureEncoding.Normalize(KeyType, c) != null) ?? candidates[0];
    }
}
