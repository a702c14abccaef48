using McuBoot.Bootloader;
using McuBoot.Diagnostics;
using McuBoot.Tests.Cli;
using McuBoot.Zephyr;

namespace McuBoot.Tests.Zephyr;

/// <summary>
/// RAM-load's executable RAM window (ram_load.c:boot_verify_ram_load_address): the image from ih_load_addr must fit in
/// IMAGE_EXECUTABLE_RAM_START/SIZE; with a build folder the window is the bootloader's Kconfig, else the region the build
/// loads images to (mcuboot,ram-load-dev), said as an assumption.
/// </summary>
public sealed class RamLoadWindowTests
{
    private static readonly string RamLoadBuild = Path.Combine(ZephyrBuilds.Fixtures, "ram-load", "build");

    private static string Key => CliWorkspace.ConformanceKey("ed25519.pem");

    [Fact]
    public void The_build_folder_gives_the_window_of_its_ram_load_region()
    {
        var build = ZephyrBuildReader.Read(RamLoadBuild);
        var config = ZephyrBootloaderConfig.From(build, [BootloaderKey.FromKey(McuBoot.Keys.KeyLoader.Load(Key, null))]);
        Assert.Equal(UpgradeMode.RamLoad, config.Mode);
        Assert.Equal(0x1fff0000, config.ExecutableRamStart);
        Assert.Equal(0x10000, config.ExecutableRamSize);
        Assert.Contains(config.Assumptions, a => a.Contains("executable RAM", StringComparison.Ordinal));
    }

    [Fact]
    public void An_image_larger_than_the_window_is_rejected_and_one_inside_passes()
    {
        using var w = new CliWorkspace();
        var build = ZephyrBuildReader.Read(RamLoadBuild);

        string small = SignBuildDirectoryTests.Firmware(w, build);
        CliAssert.Succeeded(w.Run("sign", "--build-dir", RamLoadBuild, "--no-build-check", "-k", Key, small, "small.hex"), allowWarnings: true);
        var ok = w.Run("check", "--build-dir", RamLoadBuild, "-k", Key, "--skip-vector-table", "small.hex");
        Assert.True(ok.ExitCode == 0, ok.Stdout + ok.Stderr);

        // (The vector-table rule is not the subject: the helper links for the slot, not the RAM-load address.)
        // 0x12000 bytes do not fit the 64 KiB region at 0x1fff0000.
        string big = SignBuildDirectoryTests.Firmware(w, build, 0x12000);
        CliAssert.Succeeded(w.Run("sign", "--build-dir", RamLoadBuild, "--no-build-check", "-k", Key, big, "big.hex"), allowWarnings: true);
        var rejected = w.Run("check", "--build-dir", RamLoadBuild, "-k", Key, "--skip-vector-table", "big.hex");
        Assert.Equal(ExitCodes.Rejected, rejected.ExitCode);
        Assert.Contains($"error {ErrorCodes.BootRamLoadOutsideWindow}:", rejected.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_checks_the_load_address_against_the_window()
    {
        using var w = new CliWorkspace();
        string app = w.Write("app.bin", CliWorkspace.RandomBytes(0x1000, 9));
        CliAssert.Succeeded(w.Run("sign", "-k", Key, "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x20000", "-L", "0x20001000", app, "ram.bin"), allowWarnings: true);
        var key = BootloaderKey.FromKey(McuBoot.Keys.KeyLoader.Load(Key, null));
        var config = new BootloaderConfig { SignatureType = BootloaderSignatureType.Ed25519, Keys = [key], Mode = UpgradeMode.RamLoad, PrimarySlotSize = 0x20000 };

        Assert.True(BootImageValidator.ValidateSlot(w.Read("ram.bin"), config with { ExecutableRamStart = 0x20000000, ExecutableRamSize = 0x10000 }).Accepted);
        Assert.True(BootImageValidator.ValidateSlot(w.Read("ram.bin"), config).Accepted); // no window: not checked
        var below = BootImageValidator.ValidateSlot(w.Read("ram.bin"), config with { ExecutableRamStart = 0x20002000, ExecutableRamSize = 0x10000 });
        Assert.Equal(ErrorCodes.BootRamLoadOutsideWindow, below.Rejection?.Code);
        Assert.Equal("ram_load.c:boot_verify_ram_load_address", below.Rejection!.Rule);
        var small = BootImageValidator.ValidateSlot(w.Read("ram.bin"), config with { ExecutableRamStart = 0x20000000, ExecutableRamSize = 0x1800 });
        Assert.Equal(ErrorCodes.BootRamLoadOutsideWindow, small.Rejection?.Code);
    }
}
