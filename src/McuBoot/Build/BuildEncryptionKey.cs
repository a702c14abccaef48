// Encryption when a build folder's bootloader decrypts images (MCUBOOT_ENC_IMAGES: Zephyr CONFIG_BOOT_ENCRYPT_IMAGE with
// CONFIG_BOOT_ENCRYPT_RSA/EC256/X25519) and no encryption key is given: one decision for the CLI's sign --build-dir and
// the MSBuild task. bootutil decrypts only when the image's header has an encryption flag (MUST_DECRYPT,
// include/bootutil/image.h; boot_check_header_valid rejects only both AES flags together), so an unencrypted image still
// boots on an encrypting bootloader (mcuboot-acceptance-rules.md §2 row 6, §9.1): refusing would be wrong, but the update
// would travel in plaintext, so it is never silent.
using McuBoot.Diagnostics;
using McuBoot.Zephyr;

namespace McuBoot.Build;

/// <summary>The encryption key a build folder gives when none is set (one decision for the CLI and the MSBuild task).</summary>
public static class BuildEncryptionKey
{
    /// <summary>
    /// Null when the build's bootloader does not decrypt images. Otherwise the key to encrypt for: the build's own
    /// encryption key (<c>SB_CONFIG_BOOT_ENCRYPTION_KEY_FILE</c> / <c>CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE</c>), else the
    /// bootloader's <c>CONFIG_BOOT_ENCRYPTION_KEY_FILE</c> (its private key; the public part is used), whichever exists on
    /// this machine (a public development key, <c>enc-*-priv.pem</c>, with warning
    /// <see cref="ErrorCodes.BuildSigningWithDevelopmentKey"/>). When neither does, warning
    /// <see cref="ErrorCodes.BuildImageNotEncrypted"/> and null.
    /// </summary>
    public static BuildEncryptionChoice? Choose(ZephyrBuildGeometry build, Func<string, string?>? environment, Action<McuBootWarning>? warning)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (build.Bootloader is not { Encrypted: true } boot)
        {
            return null;
        }

        environment ??= Environment.GetEnvironmentVariable;
        string? found = build.Arguments.EncryptionKeyFile is { } own && File.Exists(own) ? own : null;
        string? bootKey = boot.File.String("CONFIG_BOOT_ENCRYPTION_KEY_FILE");
        if (found is null && !string.IsNullOrWhiteSpace(bootKey))
        {
            found = BuildKeyLocator.ResolveBootloaderKey(bootKey, build.Folder.CMakeVariables, environment).Found;
        }

        if (found is null)
        {
            string named = build.Arguments.EncryptionKeyFile ?? bootKey ?? "no encryption key file";
            warning?.Invoke(new McuBootWarning(ErrorCodes.BuildImageNotEncrypted,
                $"The build's bootloader decrypts images ({boot.File.Where("CONFIG_BOOT_ENCRYPT_IMAGE")}, {boot.EncryptionType ?? "key type not set"}), but no encryption key is given and the build's ('{named}') is not on this machine, so the image is signed unencrypted: MCUboot still boots it (it decrypts only images with an encryption flag), but the update travels in plaintext; give the encryption key (CLI -E, MSBuild McuBootEncryptionKey).",
                boot.File.SourcePath));
            return null;
        }

        if (BuildKeyLocator.IsDevelopmentKeyName(found))
        {
            // enc-*-priv.pem are MCUboot's published encryption keys: anyone can decrypt an update encrypted for them.
            warning?.Invoke(new McuBootWarning(ErrorCodes.BuildSigningWithDevelopmentKey,
                $"No encryption key is set, so the image is encrypted for {Path.GetFullPath(found)} from the build folder: it is {Path.GetFileName(found)}, one of MCUboot's public development keys (its private key is published), so anyone can decrypt the update; generate your own (dotnet mcuboot keygen -t x25519), build the bootloader with it (SB_CONFIG_BOOT_ENCRYPTION_KEY_FILE) and set the encryption key explicitly (MSBuild McuBootEncryptionKey, CLI -E).",
                found));
        }

        bool aes256 = boot.Aes256 || build.Arguments.EncryptKeyLength256;
        return new BuildEncryptionChoice(Path.GetFullPath(found), aes256, boot.File.IsEnabled("CONFIG_BOOT_HMAC_SHA512"));
    }
}
