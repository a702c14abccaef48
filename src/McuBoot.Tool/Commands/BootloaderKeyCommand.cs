using System.CommandLine;
using McuBoot.BootloaderKeys;
using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Tool.Commands;

/// <summary>
/// <c>bootloader-config -k KEY -o DIR [--sha ...] [--pure] [--hw-key] [--ncs]</c>: the C public key, the MCUboot,
/// sysbuild and application Kconfig fragments and the key hash, from the one signing key (a thin adapter over
/// <see cref="BootloaderKeyGenerator"/>).
/// </summary>
internal static class BootloaderKeyCommand
{
    /// <summary>The one-line description shown in the command list.</summary>
    public const string Description = "Write what the bootloader's build needs for the signing key: C public key, Kconfig fragments (MCUboot, sysbuild, app) and key hash.";

    public static Command Create(CliContext context)
    {
        var key = CommonOptions.Key(true, "The signing key (PEM) that images are signed with and the bootloader must hold.");
        var output = new Option<string?>("--output", "-o") { Description = "Directory for autogen-pubkey.c, mcuboot.conf, sysbuild.conf, app.conf and pubkey-hash.*.", HelpName = "DIR", Required = true };
        var sha = new Option<string?>("--sha") { Description = "Image hash: auto (default), 256, 384 or 512; also the key-hash algorithm." };
        var pure = new Option<bool>("--pure") { Description = "Pure Ed25519 signatures (BOOT_SIGNATURE_TYPE_PURE)." };
        var hwKey = new Option<bool>("--hw-key") { Description = "The bootloader uses a provisioned key hash (BOOT_HW_KEY); images carry the full key." };
        var ncs = new Option<bool>("--ncs") { Description = "Also write nRF Connect SDK sysbuild symbols (SB_CONFIG_BOOT_IMG_HASH_ALG_SHA512, SB_CONFIG_BOOT_SIGNATURE_TYPE_PURE)." };
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var command = new Command("bootloader-config", Description)
        {
            key, output, sha, pure, hwKey, ncs, passwordEnv, passwordFile,
        };
        command.SetAction(result =>
        {
            string shaText = CommonOptions.Choice(result.GetValue(sha), "--sha", "auto", "auto", "256", "384", "512");
            var options = new BootloaderKeyOptions
            {
                Hash = shaText switch
                {
                    "256" => ImageHashAlgorithm.Sha256,
                    "384" => ImageHashAlgorithm.Sha384,
                    "512" => ImageHashAlgorithm.Sha512,
                    _ => null,
                },
                Pure = result.GetValue(pure),
                HardwareKey = result.GetValue(hwKey),
                NrfConnectSdk = result.GetValue(ncs),
            };
            string keyPath = context.ResolveKey(result.GetValue(key)!);
            var outputs = BootloaderKeyGenerator.Generate(keyPath, CommonOptions.Passwords(context, result, passwordEnv, passwordFile), options);
            foreach (var warning in outputs.Warnings)
            {
                context.Warn(warning);
            }

            var written = BootloaderKeyGenerator.WriteTo(outputs, context.Resolve(result.GetValue(output)!),
                ("-k", McuBoot.Signing.SignerFactory.IsSchemeKey(keyPath) ? null : keyPath),
                ("--password-file", result.GetValue(passwordFile) is { } pw ? context.Resolve(pw) : null));
            foreach (var path in written)
            {
                context.Out.WriteLine($"wrote {path}");
            }

            context.Out.WriteLine($"key hash ({outputs.HashAlgorithm.TlvName()}): {Convert.ToHexStringLower(outputs.KeyHash)}");
            context.Out.WriteLine($"sign images with: {outputs.SignArguments}");
            return ExitCodes.Success;
        });
        return command;
    }
}
