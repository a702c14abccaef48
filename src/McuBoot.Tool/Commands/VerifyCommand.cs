using System.CommandLine;
using McuBoot.Bootloader;
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.Encryption;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Tool.Commands;

/// <summary>
/// <c>verify [-k KEY]... [bootloader options] IMAGE</c>: is the image correctly signed for this bootloader, decided as
/// MCUboot's <c>bootutil_img_validate</c> decides (a thin adapter over <see cref="BootloaderVerifier"/>). Prints imgtool's
/// lines on success, and one line per signature for multi-signature images or several keys; a rejection names the
/// bootloader that was assumed, and <c>--explain</c> prints every assumption as a <c>note:</c> line.
/// </summary>
internal static class VerifyCommand
{
    /// <summary>The one-line description shown in the command list.</summary>
    public const string Description = "Verify an image as the bootloader does: every hash TLV, key hashes against the bootloader's keys, signatures, allowed TLVs, size limit.";

    public static Command Create(CliContext context)
    {
        var bootloaderOptions = new BootloaderCliOptions();
        bootloaderOptions.Keys.Description = "A bootloader key (private or public PEM, pkcs11: URI or exec: signer). Repeat for a bootloader with several keys; as in MCUboot, a signature after an unknown key is skipped and the last checked signature decides.";
        var bootloader = new Option<string?>("--bootloader", "-b") { Description = "The MCUboot build (.bin, .hex or ELF): verify with the public keys it embeds.", HelpName = "FILE" };
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var decryptKey = new Option<string?>("--decrypt-key") { Description = "Private key (or AES-KW key file) to decrypt an encrypted image before hashing, as the bootloader does.", HelpName = "FILE" };
        var explain = new Option<bool>("--explain") { Description = "Print the bootloader configuration and every assumption made about it (to standard error)." };
        var image = new Argument<string>("IMAGE") { Description = "Signed image (.bin or .hex)." };
        var buildDir = CommonOptions.BuildDirectory();
        var buildImage = CommonOptions.BuildImage();
        var command = new Command("verify", Description) { bootloader, decryptKey, passwordEnv, passwordFile, explain, buildDir, buildImage, image };
        bootloaderOptions.AddTo(command);
        command.SetAction(result =>
        {
            string path = context.Resolve(result.GetValue(image)!);
            var bytes = ImageFileReader.ReadInput(path).Data;
            var passwords = CommonOptions.Passwords(context, result, passwordEnv, passwordFile);
            var loaded = bootloaderOptions.LoadKeys(context, result, passwords);
            try
            {
                var keys = loaded.Select(BootloaderKey.FromKey).ToList();
                if (result.GetValue(bootloader) is { } bootloaderPath)
                {
                    keys.AddRange(EmbeddedKeys(context.Resolve(bootloaderPath)));
                }

                // With a build folder the bootloader's configuration is the build's (its mcuboot .config, devicetree and
                // partitions.yml; -k / --bootloader give its keys) and the explicit options (--mode, --align, --sha, ...)
                // are layered over it; otherwise the options over MCUboot's Zephyr defaults. One resolver decides both.
                var options = bootloaderOptions.Read(result, keys);
                if (result.GetValue(buildDir) is { } dir)
                {
                    options = options with
                    {
                        Base = McuBoot.Zephyr.ZephyrBootloaderConfig.From(
                            McuBoot.Zephyr.ZephyrBuildReader.Read(context.Resolve(dir), result.GetValue(buildImage), context.Environment),
                            keys.Count > 0 ? keys : null,
                            context.Environment),
                    };
                }

                var config = BootloaderConfigResolver.Resolve(options, bytes);
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

                Print(context, config, verified);
                PrintSignatures(context, bytes, path, loaded, bootloaderOptions.KeySpecs(result), decryptor);
                return ExitCodes.Success;
            }
            finally
            {
                loaded.ForEach(k => k.Dispose());
            }
        });
        return command;
    }

    private static List<BootloaderKey> EmbeddedKeys(string bootloaderPath)
    {
        var firmware = FirmwareFile.Load(bootloaderPath, "bootloader");
        var embedded = EmbeddedKeyScanner.Scan(firmware).Select(k => new BootloaderKey(k.KeyType, k.PublicKeyBytes, $"{firmware.Path} at {k.Locations[0]}")).ToList();
        if (embedded.Count == 0)
        {
            throw new McuBootException(ErrorCodes.CheckNoKeysInBootloader,
                $"No MCUboot public key was found in the bootloader {firmware.Path}; give the bootloader's key with -k instead.", firmware.Path)
            { ExitCode = ExitCodes.Usage };
        }

        return embedded;
    }

    private static void Print(CliContext context, BootloaderConfig config, BootVerification verified)
    {
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
    }

    /// <summary>
    /// For several keys or a multi-signature image: one line per (key, signature) pair. The verdict above is the
    /// bootloader's; these lines say which given key verified which pair.
    /// </summary>
    private static void PrintSignatures(CliContext context, byte[] bytes, string path, List<McuBootKey> keys, IReadOnlyList<string> keySpecs, ImageDecryptor? decryptor)
    {
        VerificationResult pairs;
        try
        {
            // Nothing to print for one key and one signature: do not hash the image a second time.
            if (keySpecs.Count <= 1 && ImageVerifier.Pairs(ImageReader.Read(bytes, path)).Count <= 1)
            {
                return;
            }

            pairs = ImageVerifier.VerifyWithKeys(bytes, keys.Select(SignerFactory.CreateVerifier).ToList(), path, decryptor);
        }
        catch (McuBootException)
        {
            return; // The bootloader accepted it; its warnings above say which pair failed.
        }

        if (pairs.Signatures.Count <= 1 && keySpecs.Count <= 1)
        {
            return;
        }

        foreach (var pair in pairs.Signatures)
        {
            string keyText = pair.KeyTlv is { } kt
                ? $"{kt.Name} {Convert.ToHexStringLower(kt.Type == TlvType.PublicKey ? pairs.HashAlgorithm.Hash(kt.Value) : kt.Value)}"
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
}
