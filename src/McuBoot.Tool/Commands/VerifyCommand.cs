using System.CommandLine;
using McuBoot.Bootloader;
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.Encryption;
using McuBoot.IO;

namespace McuBoot.Tool.Commands;

/// <summary>
/// <c>verify [-k KEY]... [bootloader options] IMAGE</c>: is the image correctly signed for this bootloader, decided as
/// MCUboot's <c>bootutil_img_validate</c> decides (a thin adapter over <see cref="BootloaderVerifier"/>). Prints imgtool's
/// lines on success; a rejection names the bootloader that was assumed, and <c>--explain</c> prints every assumption as a <c>note:</c> line.
/// </summary>
internal static class VerifyCommand
{
    /// <summary>The one-line description shown in the command list.</summary>
    public const string Description = "Verify an image as the bootloader does: every hash TLV, key hashes against the bootloader's keys, signatures, allowed TLVs, size limit.";

    public static Command Create(CliContext context)
    {
        var bootloaderOptions = new BootloaderCliOptions();
        var bootloader = new Option<string?>("--bootloader", "-b") { Description = "The MCUboot build (.bin, .hex or ELF): verify with the public keys it embeds.", HelpName = "FILE" };
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var decryptKey = new Option<string?>("--decrypt-key") { Description = "Private key (or AES-KW key file) to decrypt an encrypted image before hashing, as the bootloader does.", HelpName = "FILE" };
        var explain = new Option<bool>("--explain") { Description = "Print the bootloader configuration and every assumption made about it (to standard error)." };
        var image = new Argument<string>("IMAGE") { Description = "Signed image (.bin or .hex)." };
        var command = new Command("verify", Description) { bootloader, decryptKey, passwordEnv, passwordFile, explain, image };
        bootloaderOptions.AddTo(command);
        command.SetAction(result =>
        {
            string path = context.Resolve(result.GetValue(image)!);
            var bytes = ImageFileReader.ReadInput(path).Data;
            var passwords = CommonOptions.Passwords(context, result, passwordEnv, passwordFile);
            IReadOnlyList<BootloaderKey>? embedded = null;
            if (result.GetValue(bootloader) is { } bootloaderPath)
            {
                var firmware = FirmwareFile.Load(context.Resolve(bootloaderPath), "bootloader");
                embedded = EmbeddedKeyScanner.Scan(firmware).Select(k => new BootloaderKey(k.KeyType, k.PublicKeyBytes, $"{firmware.Path} at {k.Locations[0]}")).ToList();
                if (embedded.Count == 0)
                {
                    throw new McuBootException(ErrorCodes.CheckNoKeysInBootloader,
                        $"No MCUboot public key was found in the bootloader {firmware.Path}; give the bootloader's key with -k instead.", firmware.Path)
                    { ExitCode = ExitCodes.Usage };
                }
            }

            var config = BootloaderConfigResolver.Resolve(bootloaderOptions.Read(context, result, passwords, embedded), bytes);
            if (result.GetValue(explain))
            {
                context.Error.WriteLine($"note: bootloader: {config.Describe()}");
                BootloaderCliOptions.WriteAssumptions(context, config);
            }

            using var decryptor = result.GetValue(decryptKey) is { } dk ? ImageDecryptor.Load(context.Resolve(dk), passwords) : null;
            var verified = BootloaderVerifier.Verify(bytes, config, path, decryptor);
            foreach (var warning in verified.Warnings)
            {
                context.Error.WriteLine(warning.ToString());
            }

            var v = verified.Validation;
            context.Out.WriteLine("Image was correctly validated");
            context.Out.WriteLine($"Image version: {v.Header!.Value.Version}");
            if (config.Pure && v.Signature != null)
            {
                context.Out.WriteLine($"Image signature over image: {Convert.ToHexStringLower(v.Signature)}");
            }
            else if (v.Digest is { } digest)
            {
                context.Out.WriteLine($"Image digest: {Convert.ToHexStringLower(digest)}");
            }

            if (verified.Decompressed is { } inner && inner.Digest is { } innerDigest)
            {
                context.Out.WriteLine($"Decompressed image digest: {Convert.ToHexStringLower(innerDigest)}{(inner.SignatureVerified ? " (signature verified)" : string.Empty)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
