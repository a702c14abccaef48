using McuBoot.Build;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Tests.Cli;
using McuBoot.Zephyr;

namespace McuBoot.Tests.Zephyr;

/// <summary>
/// What <c>sign --build-dir</c> and the MSBuild task's core (<see cref="SigningJob"/>) take from the build folder when no
/// key is given: the signing key from the bootloader's CONFIG_BOOT_SIGNATURE_KEY_FILE when that file exists (a warning for
/// MCUboot's public development keys), and image encryption when the bootloader decrypts images (CONFIG_BOOT_ENCRYPT_IMAGE):
/// the build's encryption key when it is here, else a warning (bootutil still boots a plaintext image).
/// </summary>
public sealed class BuildKeyAndEncryptionTests
{
    private static string Fixture => Path.Combine(ZephyrBuilds.Fixtures, "nrf54l15-sha512");

    /// <summary>Copies the nRF54L15 SHA-512 build into the workspace; its bootloader names <paramref name="signingKey"/> and gets <paramref name="extraBootConfig"/>.</summary>
    private static string CopyBuild(CliWorkspace w, string signingKey, string extraBootConfig = "")
    {
        string root = w.File("zbuild");
        foreach (var file in Directory.EnumerateFiles(Fixture, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(root, Path.GetRelativePath(Fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        string config = Path.Combine(root, "build", "mcuboot", "zephyr", ".config");
        File.WriteAllText(config, File.ReadAllText(config).Replace("/opt/keys/product-ed25519.pem", signingKey.Replace('\\', '/'), StringComparison.Ordinal) + extraBootConfig);
        return Path.Combine(root, "build");
    }

    private static string Firmware(CliWorkspace w, string buildDir) => SignBuildDirectoryTests.Firmware(w, ZephyrBuildReader.Read(buildDir));

    [Fact]
    public void Sign_build_dir_without_a_key_signs_with_the_bootloaders_key_and_the_task_core_decides_the_same()
    {
        using var w = new CliWorkspace();
        string key = w.File(w.Keygen("ed25519", "product-ed25519.pem"));
        string buildDir = CopyBuild(w, key);
        string firmware = Firmware(w, buildDir);

        var sign = w.Run("sign", "--build-dir", buildDir, firmware, "cli.bin");
        CliAssert.Succeeded(sign, allowWarnings: true);
        Assert.DoesNotContain(ErrorCodes.BuildSigningWithDevelopmentKey, sign.Stderr, StringComparison.Ordinal);

        // The build's bootloader (whose key file is the same) accepts it: verify --build-dir with no -k.
        CliAssert.Succeeded(w.Run("verify", "--build-dir", buildDir, "cli.bin"), allowWarnings: true);

        // The MSBuild task's core without McuBootSigningKey: the same key, so the same bytes (Ed25519 is deterministic).
        var build = ZephyrBuildReader.Read(buildDir);
        var job = SigningJob.Run(new SigningJobRequest
        {
            Images = [new ImageSigningRequest { FirmwarePath = w.File(firmware), ImageIndex = build.Arguments.ImageIndex, Name = "task" }],
            OutputDirectory = w.File("task"),
            BaseDirectory = w.Path,
            BuildDirectory = buildDir,
            Version = ImageVersion.Parse(build.Arguments.Version!),
            CheckBuildBootloader = true,
        });
        Assert.NotNull(job.Key);
        Assert.Equal(key, job.Key!.Path);
        Assert.Equal(w.Read("cli.bin"), File.ReadAllBytes(job.Images[0].Files.Single(f => f.Kind == SignedOutputKind.SignedBinary).Path));
    }

    [Fact]
    public void A_development_key_from_the_build_signs_with_a_warning_and_a_missing_key_is_an_error()
    {
        using var w = new CliWorkspace();
        Directory.CreateDirectory(w.File("mcuboot"));
        string dev = w.File(w.Keygen("ed25519", Path.Combine("mcuboot", "root-ed25519.pem")));
        string buildDir = CopyBuild(w, dev);
        string firmware = Firmware(w, buildDir);

        var sign = w.Run("sign", "--build-dir", buildDir, firmware, "dev.bin");
        Assert.True(sign.ExitCode == 0, sign.Stdout + sign.Stderr);
        Assert.Contains($"warning {ErrorCodes.BuildSigningWithDevelopmentKey}:", sign.Stderr, StringComparison.Ordinal);
        Assert.Contains("root-ed25519.pem", sign.Stderr, StringComparison.Ordinal);

        var warnings = new List<McuBootWarning>();
        var build = ZephyrBuildReader.Read(buildDir);
        Assert.Equal(Path.GetFullPath(dev), BuildSigningKey.Choose(build, null, warnings.Add));
        Assert.Contains(warnings, x => x.Code == ErrorCodes.BuildSigningWithDevelopmentKey);

        // The bootloader's key is named but not here, and the application's is not either: no key can be chosen.
        using var w2 = new CliWorkspace();
        string missing = CopyBuild(w2, w2.File("nowhere/product-ed25519.pem"));
        CliAssert.Failed(w2.Run("sign", "--build-dir", missing, Firmware(w2, missing), "x.bin"), ErrorCodes.BuildDirKeyNotFound);
        Assert.False(File.Exists(w2.File("x.bin")));
    }

    [Fact]
    public void An_encrypting_bootloader_without_its_key_here_gets_a_plaintext_image_and_a_warning()
    {
        using var w = new CliWorkspace();
        string key = w.File(w.Keygen("ed25519", "product-ed25519.pem"));
        string buildDir = CopyBuild(w, key, "CONFIG_BOOT_ENCRYPT_IMAGE=y\nCONFIG_BOOT_ENCRYPT_X25519=y\nCONFIG_BOOT_ENCRYPTION_KEY_FILE=\"/nowhere/enc-x25519-priv.pem\"\n");
        string firmware = Firmware(w, buildDir);

        var sign = w.Run("sign", "--build-dir", buildDir, firmware, "plain.bin");
        Assert.True(sign.ExitCode == 0, sign.Stdout + sign.Stderr);
        Assert.Contains($"warning {ErrorCodes.BuildImageNotEncrypted}:", sign.Stderr, StringComparison.Ordinal);
        var image = w.Parse("plain.bin");
        Assert.Equal(0u, (uint)(image.Header.Flags & (ImageFlags.EncryptedAes128 | ImageFlags.EncryptedAes256)));

        // bootutil decrypts only images with an encryption flag (MUST_DECRYPT): the encrypting bootloader accepts it.
        CliAssert.Succeeded(w.Run("verify", "--build-dir", buildDir, "plain.bin"), allowWarnings: true);
        var check = w.Run("check", "--build-dir", buildDir, "plain.bin");
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
    }

    [Fact]
    public void An_encrypting_bootloader_with_its_key_here_gets_an_encrypted_image()
    {
        using var w = new CliWorkspace();
        string key = w.File(w.Keygen("ed25519", "product-ed25519.pem"));
        string enc = w.File(w.Keygen("x25519", "enc-product.pem"));
        string buildDir = CopyBuild(w, key, $"CONFIG_BOOT_ENCRYPT_IMAGE=y\nCONFIG_BOOT_ENCRYPT_X25519=y\nCONFIG_BOOT_ENCRYPTION_KEY_FILE=\"{enc.Replace('\\', '/')}\"\n");
        string firmware = Firmware(w, buildDir);

        var sign = w.Run("sign", "--build-dir", buildDir, firmware, "enc.bin");
        Assert.True(sign.ExitCode == 0, sign.Stdout + sign.Stderr);
        Assert.DoesNotContain(ErrorCodes.BuildImageNotEncrypted, sign.Stderr, StringComparison.Ordinal);
        var image = w.Parse("enc.bin");
        Assert.NotEqual(0u, (uint)(image.Header.Flags & ImageFlags.EncryptedAes128));
        Assert.Contains(image.UnprotectedTlvs.Concat(image.ProtectedTlvs), t => t.Type == TlvType.EncX25519);

        // The build's bootloader decrypts and accepts it; with its private key the body hash is checked too.
        CliAssert.Succeeded(w.Run("verify", "--build-dir", buildDir, "--decrypt-key", enc, "enc.bin"), allowWarnings: true);
        var check = w.Run("check", "--build-dir", buildDir, "enc.bin");
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);

        Assert.DoesNotContain(ErrorCodes.BuildSigningWithDevelopmentKey, sign.Stderr, StringComparison.Ordinal);

        // The task's core writes the encrypted update too, from the same decision.
        var build = ZephyrBuildReader.Read(buildDir);
        var job = SigningJob.Run(new SigningJobRequest
        {
            Images = [new ImageSigningRequest { FirmwarePath = w.File(firmware), ImageIndex = build.Arguments.ImageIndex, Name = "task" }],
            OutputDirectory = w.File("task"),
            BaseDirectory = w.Path,
            BuildDirectory = buildDir,
            Version = ImageVersion.Parse(build.Arguments.Version!),
        });
        var encrypted = job.Images[0].Files.Single(f => f.Kind == SignedOutputKind.EncryptedBinary);
        Assert.Contains(ImageReader.Read(File.ReadAllBytes(encrypted.Path)).UnprotectedTlvs, t => t.Type == TlvType.EncX25519);
    }

    [Fact]
    public void A_development_encryption_key_from_the_build_encrypts_with_a_warning()
    {
        using var w = new CliWorkspace();
        string key = w.File(w.Keygen("ed25519", "product-ed25519.pem"));
        Directory.CreateDirectory(w.File("mcuboot"));
        string enc = w.File(w.Keygen("x25519", Path.Combine("mcuboot", "enc-x25519-priv.pem")));
        string buildDir = CopyBuild(w, key, $"CONFIG_BOOT_ENCRYPT_IMAGE=y\nCONFIG_BOOT_ENCRYPT_X25519=y\nCONFIG_BOOT_ENCRYPTION_KEY_FILE=\"{enc.Replace('\\', '/')}\"\n");
        var sign = w.Run("sign", "--build-dir", buildDir, Firmware(w, buildDir), "enc.bin");
        Assert.True(sign.ExitCode == 0, sign.Stdout + sign.Stderr);
        Assert.Contains($"warning {ErrorCodes.BuildSigningWithDevelopmentKey}:", sign.Stderr, StringComparison.Ordinal);
        Assert.Contains("enc-x25519-priv.pem", sign.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0u, (uint)(w.Parse("enc.bin").Header.Flags & ImageFlags.EncryptedAes128));
    }
}
