using McuBoot.Bootloader;
using McuBoot.Diagnostics;
using McuBoot.Keys;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;
using McuBoot.Zephyr;

namespace McuBoot.Tests.Zephyr;

/// <summary>
/// <c>verify --build-dir</c>: the build's bootloader configuration is the base, and explicit bootloader options
/// (<c>--mode</c>, <c>--max-sectors</c>, <c>--sha</c>, <c>--no-allow-list</c>, <c>-k</c>) are layered over it, not ignored.
/// </summary>
public sealed class VerifyBuildDirOptionsTests
{
    private static readonly string CarHeater = ZephyrBuilds.BuildDir("olofjohnsson__car-heater__build_car-heater");
    private static readonly string Sha512Build = Path.Combine(ZephyrBuilds.Fixtures, "nrf54l15-sha512", "build");

    private static string P256 => CliWorkspace.ConformanceKey("ecdsa-p256.pem");

    private static BootloaderKey Public(string keyFile) => BootloaderKey.FromKey(KeyLoader.Load(keyFile, null));

    [Fact]
    public void Mode_and_max_sectors_layer_over_the_builds_swap_move()
    {
        using var w = new CliWorkspace();
        var build = ZephyrBuildReader.Read(CarHeater);
        var config = ZephyrBootloaderConfig.From(build, [Public(P256)]);
        Assert.Equal(UpgradeMode.SwapMove, config.Mode);

        // Fits imgtool's trailer and overwrite-only's limit, but not swap-move's spare sector.
        int body = (int)(build.Arguments.SlotSize - 0x200 - 0x700 - 0x200);
        string firmware = SignBuildDirectoryTests.Firmware(w, build, body);
        CliAssert.Succeeded(w.Run("sign", "--build-dir", CarHeater, "--no-build-check", "-k", P256, firmware, "big.bin"), allowWarnings: true);
        long overwriteLimit = SlotLimits.MaxImageSize(config with { Mode = UpgradeMode.OverwriteOnly })!.Value;
        Assert.True(w.Read("big.bin").Length <= overwriteLimit);

        CliAssert.Failed(w.Run("verify", "--build-dir", CarHeater, "-k", P256, "big.bin"), ErrorCodes.BootImageTooLarge);

        var overwrite = w.Run("verify", "--build-dir", CarHeater, "-k", P256, "--mode", "overwrite-only", "--explain", "big.bin");
        Assert.True(overwrite.ExitCode == 0, overwrite.Stdout + overwrite.Stderr);
        Assert.Contains("overwrite-only", overwrite.Stderr, StringComparison.Ordinal);
        CliAssert.Succeeded(w.Run("verify", "--build-dir", CarHeater, "-k", P256, "--overwrite-only", "big.bin"), allowWarnings: true);

        // The rest of the build's configuration stays: its sector size and key type still apply under --mode.
        string other = w.File(w.Keygen("ecdsa-p256", "other.pem"));
        CliAssert.Failed(w.Run("verify", "--build-dir", CarHeater, "-k", other, "--mode", "overwrite-only", "big.bin"), ErrorCodes.KeyHashMismatch);

        // --max-sectors reaches the model: swap-move's status area grows with BOOT_MAX_IMG_SECTORS, so a bootloader built
        // for very many sectors has no room even for a small image.
        string small = SignBuildDirectoryTests.Firmware(w, build);
        CliAssert.Succeeded(w.Run("sign", "--build-dir", CarHeater, "--no-build-check", "-k", P256, small, "small.bin"), allowWarnings: true);
        CliAssert.Succeeded(w.Run("verify", "--build-dir", CarHeater, "-k", P256, "small.bin"), allowWarnings: true);
        CliAssert.Failed(w.Run("verify", "--build-dir", CarHeater, "-k", P256, "--max-sectors", "100000", "small.bin"), ErrorCodes.BootImageTooLarge);
    }

    [Fact]
    public void Sha_layers_over_the_builds_sha512()
    {
        using var w = new CliWorkspace();
        var build = ZephyrBuildReader.Read(Sha512Build);
        string key = CliWorkspace.ConformanceKey("ed25519.pem");
        string firmware = SignBuildDirectoryTests.Firmware(w, build);
        CliAssert.Succeeded(w.Run("sign", "--build-dir", Sha512Build, "-k", key, "--sha", "256", firmware, "sha256.bin"), allowWarnings: true);

        CliAssert.Failed(w.Run("verify", "--build-dir", Sha512Build, "-k", key, "sha256.bin"), ErrorCodes.NoHashTlv);
        var explained = w.Run("verify", "--build-dir", Sha512Build, "-k", key, "--sha", "256", "--explain", "sha256.bin");
        Assert.True(explained.ExitCode == 0, explained.Stdout + explained.Stderr);
        Assert.Contains("SHA256", explained.Stderr, StringComparison.Ordinal);
    }
}
