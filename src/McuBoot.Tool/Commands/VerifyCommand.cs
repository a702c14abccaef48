using System.CommandLine;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Tool.Commands;

/// <summary><c>verify [-k KEY] IMAGE</c>: structure, hash, key hash and signature, as the bootloader checks them.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var key = CommonOptions.Key(false, "Key to verify the signature with (private or public PEM).");
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var image = new Argument<string>("IMAGE") { Description = "Signed image (.bin or .hex)." };
        var command = new Command("verify", "Verify an image's hash, key hash and signature.") { key, passwordEnv, passwordFile, image };
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

            var verified = ImageVerifier.Verify(bytes, verifier, path);
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

            return ExitCodes.Success;
        });
        return command;
    }
}
