using McuBoot.Bootloader;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;
using McuBoot.Zephyr;

namespace McuBoot.Tests.Zephyr;

/// <summary>
/// The bootloader configuration a build folder gives (<see cref="ZephyrBootloaderConfig"/>): images signed with
/// <c>sign --build-dir</c> pass the bootloader model for that build, and fail with the right code when signed for
/// another configuration (another key, SHA-256 against a SHA-512 bootloader, too large for swap-move's extra sector).
/// </summary>
public sealed class BuildBootloaderConfigTests
{
    private static string KeyFor(BootloaderSignatureType type) => CliWorkspace.ConformanceKey(type switch
    {
        BootloaderSignatureType.Rsa2048 => "rsa-2048.pem",
        BootloaderSignatureType.EcdsaP256 => "ecdsa-p256.pem",
        _ => "ed25519.pem",
    });

    private static BootloaderKey Public(string keyFile) => BootloaderKey.FromKey(KeyLoader.Load(keyFile, null));

    public static TheoryData<string, string> Builds() => SignBuildDirectoryTests.AllBuilds();

    [Theory]
    [MemberData(nameof(Builds))]
    public void Images_signed_for_the_build_pass_its_bootloader(string buildDir, string buildImage)
    {
        using var w = new CliWorkspace();
        var build = ZephyrBuildReader.Read(buildDir, buildImage.Length == 0 ? null : buildImage);
        var model = ZephyrBootloaderConfig.From(build, [Public(CliWorkspace.ConformanceKey("ed25519.pem"))]);
        string key = KeyFor(model.SignatureType);
        var config = model with { Keys = [Public(key)] };
        string firmware = SignBuildDirectoryTests.Firmware(w, build);
        string[] args = ["sign", "--build-dir", buildDir, "--no-build-check", "-k", key, "-v", "1.0.0", firmware, "signed.bin"];
        CliAssert.Succeeded(w.Run(buildImage.Length == 0 ? args : [.. args, "--build-image", buildImage]), allowWarnings: true);

        var verdict = BootImageValidator.ValidateSlot(w.Read("signed.bin"), config);
        Assert.True(verdict.Accepted, $"{buildDir}: {verdict.Rejection}");
        Assert.True(verdict.SignatureVerified || config.SignatureType == BootloaderSignatureType.None);
    }

    [Theory]
    [InlineData("Saket-Titan__ecu-edge-ai-can-anomaly__build_ids_node", BootloaderSignatureType.Rsa2048, UpgradeMode.OverwriteOnly, 0x20000)]
    [InlineData("Botz-Limited__sensing_system-Zephyr__build_primary_sensing_fw", BootloaderSignatureType.Rsa2048, UpgradeMode.OverwriteOnly, 0x1000)]
    [InlineData("olofjohnsson__car-heater__build_car-heater", BootloaderSignatureType.EcdsaP256, UpgradeMode.SwapMove, 0x1000)]
    public void The_bootloader_config_comes_from_its_own_config_and_the_builds_flash(string name, BootloaderSignatureType signature, UpgradeMode mode, int sector)
    {
        var build = ZephyrBuildReader.Read(ZephyrBuilds.BuildDir(name));
        var config = ZephyrBootloaderConfig.From(build);
        Assert.Equal(signature, config.SignatureType);
        Assert.Equal(mode, config.Mode);
        Assert.Equal(sector, config.SectorSize);
        Assert.Equal(build.Image.PrimarySize, (uint)config.PrimarySlotSize!.Value);

        // The key file is another machine's MCUboot checkout: it is MCUboot's published development key, and says so.
        var dev = Assert.Single(config.Keys);
        Assert.Contains("development key", dev.Source, StringComparison.Ordinal);
        Assert.Contains(config.Assumptions, a => a.Contains("published development key", StringComparison.Ordinal));
    }

    [Fact]
    public void Saket_titan_bootloader_uses_the_flash_write_size_not_imgtools_align_1()
    {
        var build = ZephyrBuildReader.Read(ZephyrBuilds.BuildDir("Saket-Titan__ecu-edge-ai-can-anomaly__build_ids_node"));
        Assert.Equal(1, build.Arguments.Align);
        Assert.Equal(32, ZephyrBootloaderConfig.From(build).WriteAlignment);
    }

    [Fact]
    public void Another_key_is_rejected()
    {
        using var w = new CliWorkspace();
        string buildDir = ZephyrBuilds.BuildDir("olofjohnsson__car-heater__build_car-heater");
        var build = ZephyrBuildReader.Read(buildDir);
        var config = ZephyrBootloaderConfig.From(build, [Public(CliWorkspace.ConformanceKey("ecdsa-p256.pem"))]);
        string firmware = SignBuildDirectoryTests.Firmware(w, build);
        string other = w.File(w.Keygen("ecdsa-p256", "other.pem"));
        // sign --build-dir checks the image against the build's bootloader, as the MSBuild task does: it holds MCUboot's
        // development key, not ours, so the run fails with the model's code and leaves nothing behind.
        var refused = w.Run("sign", "--build-dir", buildDir, "-k", other, "-v", "1.0.0", firmware, "other.bin");
        Assert.Equal(5, refused.ExitCode);
        Assert.Contains($"error {ErrorCodes.KeyHashMismatch}:", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("error MCUB7201:", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(w.File("other.bin")));

        // --no-build-check (a device whose bootloader was built elsewhere) signs; the model still rejects it here.
        CliAssert.Succeeded(w.Run("sign", "--build-dir", buildDir, "--no-build-check", "-k", other, "-v", "1.0.0", firmware, "other.bin"), allowWarnings: true);
        var verdict = BootImageValidator.ValidateSlot(w.Read("other.bin"), config);
        Assert.False(verdict.Accepted);
        Assert.Equal(ErrorCodes.KeyHashMismatch, verdict.Rejection!.Code);

        // The build's bootloader holds MCUboot's development key: an image signed with our key fails against it too.
        var dev = ZephyrBootloaderConfig.From(build);
        Assert.False(BootImageValidator.ValidateSlot(w.Read("other.bin"), dev).Accepted);
    }

    [Fact]
    public void Sign_build_dir_says_when_the_bootloaders_key_is_not_here_and_the_image_was_not_checked()
    {
        // The hand-written nrf54l15-sha512 bootloader names /opt/keys/product-ed25519.pem, which no test machine has.
        using var w = new CliWorkspace();
        string buildDir = Path.Combine(ZephyrBuilds.Fixtures, "nrf54l15-sha512", "build");
        var build = ZephyrBuildReader.Read(buildDir);
        string firmware = SignBuildDirectoryTests.Firmware(w, build);
        var signed = w.Run("sign", "--build-dir", buildDir, "-k", CliWorkspace.ConformanceKey("ed25519.pem"), firmware, "signed.hex");
        Assert.Equal(0, signed.ExitCode);
        string warning = Assert.Single(signed.Stderr.Split('\n'), l => l.Contains($"warning {ErrorCodes.BuildDirKeyNotFound}:", StringComparison.Ordinal));
        Assert.Contains("product-ed25519.pem", warning, StringComparison.Ordinal);
        Assert.Contains("the image was not checked against that bootloader", warning, StringComparison.Ordinal);
        Assert.Contains("--bootloader", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("with -k", warning, StringComparison.Ordinal); // -k is the signing key in sign
        Assert.True(File.Exists(w.File("signed.hex")));
    }

    [Fact]
    public void Sha256_against_a_sha512_bootloader_is_rejected()
    {
        using var w = new CliWorkspace();
        string buildDir = Path.Combine(ZephyrBuilds.Fixtures, "nrf54l15-sha512", "build");
        var build = ZephyrBuildReader.Read(buildDir);
        string key = CliWorkspace.ConformanceKey("ed25519.pem");
        var config = ZephyrBootloaderConfig.From(build, [Public(key)]);
        Assert.Equal(ImageHashAlgorithm.Sha512, config.HashAlgorithm);
        string firmware = SignBuildDirectoryTests.Firmware(w, build);

        CliAssert.Succeeded(w.Run("sign", "--build-dir", buildDir, "-k", key, firmware, "ok.bin"), allowWarnings: true);
        Assert.True(BootImageValidator.ValidateSlot(w.Read("ok.bin"), config).Accepted);

        // --sha 256 (explicit options win) signs an image this bootloader cannot check: no SHA-512 hash TLV.
        CliAssert.Succeeded(w.Run("sign", "--build-dir", buildDir, "-k", key, "--sha", "256", firmware, "sha256.bin"), allowWarnings: true);
        var verdict = BootImageValidator.ValidateSlot(w.Read("sha256.bin"), config);
        Assert.False(verdict.Accepted);
        Assert.Equal(ErrorCodes.NoHashTlv, verdict.Rejection!.Code);
    }

    [Fact]
    public void An_image_that_fits_imgtools_trailer_but_not_swap_moves_extra_sector_is_rejected()
    {
        using var w = new CliWorkspace();
        string buildDir = Path.Combine(ZephyrBuilds.Fixtures, "multi-image", "build");
        var build = ZephyrBuildReader.Read(buildDir);
        string key = CliWorkspace.ConformanceKey("ecdsa-p256.pem");
        var config = ZephyrBootloaderConfig.From(build, [Public(key)]);
        Assert.Equal(UpgradeMode.SwapMove, config.Mode);
        long max = SlotLimits.MaxImageSize(config)!.Value;

        // imgtool only checks image + its trailer <= slot: 0x1000 below the slot end still signs.
        int body = (int)(build.Arguments.SlotSize - 0x200 - 0x700 - 0x200);
        string firmware = SignBuildDirectoryTests.Firmware(w, build, body);
        CliAssert.Succeeded(w.Run("sign", "--build-dir", buildDir, "-k", key, "-v", "1.0.0", firmware, "big.bin"), allowWarnings: true);
        Assert.True(w.Read("big.bin").Length > max, $"image {w.Read("big.bin").Length} <= limit {max}");
        var verdict = BootImageValidator.ValidateSlot(w.Read("big.bin"), config);
        Assert.False(verdict.Accepted);
        Assert.Equal(ErrorCodes.BootImageTooLarge, verdict.Rejection!.Code);
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Check_build_dir_passes_what_sign_build_dir_wrote_and_verify_build_dir_agrees(string buildDir, string buildImage)
    {
        using var w = new CliWorkspace();
        var build = ZephyrBuildReader.Read(buildDir, buildImage.Length == 0 ? null : buildImage);
        string key = KeyFor(ZephyrBootloaderConfig.From(build, [Public(CliWorkspace.ConformanceKey("ed25519.pem"))]).SignatureType);
        string firmware = SignBuildDirectoryTests.Firmware(w, build);
        string[] pick = buildImage.Length == 0 ? [] : ["--build-image", buildImage];
        CliAssert.Succeeded(w.Run(["sign", "--build-dir", buildDir, "--no-build-check", .. pick, "-k", key, "-v", "1.0.0", firmware, "signed.hex"]), allowWarnings: true);

        bool arm = build.Folder.ApplicationConfig?.IsEnabled("CONFIG_ARM") != false && !buildDir.Contains("kambojvipul", StringComparison.Ordinal);
        string[] vector = arm ? [] : ["--skip-vector-table"];
        var check = w.Run(["check", "--build-dir", buildDir, .. pick, "-k", key, .. vector, "signed.hex"]);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Contains("bootloader (build folder):", check.Stdout, StringComparison.Ordinal);
        CliAssert.Succeeded(w.Run(["verify", "--build-dir", buildDir, .. pick, "-k", key, "signed.hex"]), allowWarnings: true);
    }

    [Fact]
    public void Check_build_dir_fails_with_the_models_code_for_another_configuration()
    {
        using var w = new CliWorkspace();
        string buildDir = Path.Combine(ZephyrBuilds.Fixtures, "nrf54l15-sha512", "build");
        var build = ZephyrBuildReader.Read(buildDir);
        string key = CliWorkspace.ConformanceKey("ed25519.pem");
        string firmware = SignBuildDirectoryTests.Firmware(w, build);
        CliAssert.Succeeded(w.Run("sign", "--build-dir", buildDir, "-k", key, "--sha", "256", firmware, "sha256.hex"), allowWarnings: true);
        var check = w.Run("check", "--build-dir", buildDir, "-k", key, "sha256.hex");
        Assert.Equal(ExitCodes.Rejected, check.ExitCode);
        Assert.Contains($"error {ErrorCodes.NoHashTlv}:", check.Stdout, StringComparison.Ordinal);

        var verify = w.Run("verify", "--build-dir", buildDir, "-k", key, "sha256.hex");
        CliAssert.Failed(verify, ErrorCodes.NoHashTlv);

        // Another key than the bootloader's: the model rejects the signature.
        string other = w.File(w.Keygen("ed25519", "other.pem"));
        CliAssert.Succeeded(w.Run("sign", "--build-dir", buildDir, "-k", other, firmware, "other.hex"), allowWarnings: true);
        var wrongKey = w.Run("check", "--build-dir", buildDir, "-k", key, "other.hex");
        Assert.Equal(ExitCodes.Rejected, wrongKey.ExitCode);
    }
}
