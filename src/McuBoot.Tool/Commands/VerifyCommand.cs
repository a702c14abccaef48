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
        var key = CommonOptions.Key(false, "Key to verify the signature with (private or public PEM).");
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var decryptKey = new Option<string?>("--decrypt-key") { Description = "Private key (or AES-KW key file) to decrypt an encrypted image before hashing, as the bootloader does.", HelpName = "FILE" };
        var image = new Argument<string>("IMAGE") { Description = "Signed image (.bin or .hex)." };
        var command = new Command("verify", Description) { key, decryptKey, passwordEnv, passwordFile, image };
        command.SetAction(result =>
        {
            string path = context.Resolve(result.GetValue(image)!);
            var bytes = ImageFileReader.ReadInput(path).Data;
            ISignatureVerifier? verifier = null;
            if (result.GetValue(key) is { } keyPath)
            {
                var loaded = KeyLoader.Load(context.Resolve(keyPath), CommonOptions.Passwords(context, result, passwordEnv, passwordFile));
                if (loaded.Type == KeyType.X25519)
                {
                    throw new McuBootException(ErrorCodes.KeyTypeMismatch, $"{loaded.Type} keys encrypt, they do not sign; verify with the signing key (-k).", keyPath) { ExitCode = ExitCodes.Usage };
                }

                verifier = SignerFactory.CreateVerifier(loaded);
            }

            using var decryptor = result.GetValue(decryptKey) is { } dk
                ? ImageDecryptor.Load(context.Resolve(dk), CommonOptions.Passwords(context, result, passwordEnv, passwordFile))
                : null;
            var verified = ImageVerifier.Verify(bytes, verifier, path, decryptor);
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

            return ExitCodes.Success;
        });
        return command;
    }
}
