using System.CommandLine;
using McuBoot.Diagnostics;
using McuBoot.Encryption;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Tool.Commands;

/// <summary><c>verify [-k KEY] IMAGE</c>: structure, hash, key hash and signature, as the bootloader checks them.</summary>
internal static class VerifyCommand
{
    /// <summary>The one-line description shown in the command list.</summary>
    public const string Description = "Verify an image's hash, key hash and signature (decrypting and decompressing as the bootloader does).";

    public static Command Create(CliContext context)
    {
        var key = new Option<string[]>("--key", "-k")
        {
            Description = "Key to verify the signature with (private or public PEM, pkcs11: URI or exec: signer). Repeat for images with several signatures: each pair whose key is given must verify.",
            HelpName = "KEY",
        };
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var decryptKey = new Option<string?>("--decrypt-key") { Description = "Private key (or AES-KW key file) to decrypt an encrypted image before hashing, as the bootloader does.", HelpName = "FILE" };
        var image = new Argument<string>("IMAGE") { Description = "Signed image (.bin or .hex)." };
        var command = new Command("verify", Description) { key, decryptKey, passwordEnv, passwordFile, image };
        command.SetAction(result =>
        {
            string path = context.Resolve(result.GetValue(image)!);
            var bytes = ImageFileReader.ReadInput(path).Data;
            var keySpecs = result.GetValue(key) ?? [];
            var loadedKeys = new List<McuBootKey>();
            var verifiers = new List<ISignatureVerifier>();
            try
            {
                foreach (var keyPath in keySpecs)
                {
                    var loaded = SignerFactory.LoadPublicKey(keyPath, CommonOptions.Passwords(context, result, passwordEnv, passwordFile), context.BaseDirectory);
                    loadedKeys.Add(loaded);
                    if (loaded.Type == KeyType.X25519)
                    {
                        throw new McuBootException(ErrorCodes.KeyTypeMismatch, $"{loaded.Type} keys encrypt, they do not sign; verify with the signing key (-k).", keyPath) { ExitCode = ExitCodes.Usage };
                    }

                    verifiers.Add(SignerFactory.CreateVerifier(loaded));
                }

                return Run(context, result, path, bytes, verifiers, keySpecs, decryptKey, passwordEnv, passwordFile);
            }
            finally
            {
                foreach (var k in loadedKeys)
                {
                    k.Dispose();
                }
            }
        });
        return command;
    }

    private static int Run(CliContext context, ParseResult result, string path, byte[] bytes, List<ISignatureVerifier> verifiers, string[] keySpecs, Option<string?> decryptKey, Option<string?> passwordEnv, Option<string?> passwordFile)
    {
        using var decryptor = result.GetValue(decryptKey) is { } dk
            ? ImageDecryptor.Load(context.Resolve(dk), CommonOptions.Passwords(context, result, passwordEnv, passwordFile))
            : null;
        var verified = ImageVerifier.VerifyWithKeys(bytes, verifiers, path, decryptor);
        context.Out.WriteLine("Image was correctly validated");
        context.Out.WriteLine($"Image version: {verified.Version}");
        if (verified.Pure && verified.Signature != null)
        {
            context.Out.WriteLine($"Image signature over image: {Convert.ToHexStringLower(verified.Signature)}");
        }
        else
        {
            context.Out.WriteLine($"Image digest: {Convert.ToHexStringLower(verified.Digest)}");
        }

        if (verified.Decompressed is { } inner)
        {
            context.Out.WriteLine($"Decompressed image digest: {Convert.ToHexStringLower(inner.Digest)}{(inner.SignatureVerified ? " (signature verified)" : string.Empty)}");
        }

        if (verified.Signatures.Count > 1 || keySpecs.Length > 1)
        {
            foreach (var pair in verified.Signatures)
            {
                string keyText = pair.KeyTlv is { } kt
                    ? $"{kt.Name} {Convert.ToHexStringLower(kt.Type == TlvType.PublicKey ? verified.HashAlgorithm.Hash(kt.Value) : kt.Value)}"
                    : "no key TLV";
                string status = pair.Verified switch
                {
                    true => $"verified with {keySpecs[pair.MatchedKey!.Value]}",
                    false => $"does NOT verify with {keySpecs[pair.MatchedKey!.Value]}",
                    null => "not checked (no given key has this key hash)",
                };
                context.Out.WriteLine($"Signature {pair.Index + 1}: {keyText} + {pair.Signature.Name}: {status}");
            }
        }

        return ExitCodes.Success;
    }
}
