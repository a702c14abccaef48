// Sysbuild mode -> application Kconfig (zephyr share/sysbuild/image_configurations/MAIN_image_default.cmake L18-59,
// zephyr-build-geometry.md §13).
namespace McuBoot.Zephyr;

/// <summary>Reads the upgrade mode from an application (<c>CONFIG_MCUBOOT_BOOTLOADER_MODE_*</c>) or sysbuild (<c>SB_CONFIG_MCUBOOT_MODE_*</c>) <c>.config</c>.</summary>
public static class ZephyrModeSymbols
{
    private static readonly (string Suffix, ZephyrBootMode Mode)[] Suffixes =
    [
        ("SINGLE_APP_RAM_LOAD", ZephyrBootMode.SingleAppRamLoad),
        ("SINGLE_APP", ZephyrBootMode.SingleApp),
        ("SWAP_USING_OFFSET", ZephyrBootMode.SwapOffset),
        ("SWAP_USING_MOVE", ZephyrBootMode.SwapMove),
        ("SWAP_WITHOUT_SCRATCH", ZephyrBootMode.SwapMove),
        ("SWAP_SCRATCH", ZephyrBootMode.SwapScratch),
        ("OVERWRITE_ONLY", ZephyrBootMode.OverwriteOnly),
        ("DIRECT_XIP_WITH_REVERT", ZephyrBootMode.DirectXipWithRevert),
        ("DIRECT_XIP", ZephyrBootMode.DirectXip),
        ("RAM_LOAD_WITH_REVERT", ZephyrBootMode.RamLoadWithRevert),
        ("RAM_LOAD", ZephyrBootMode.RamLoad),
        ("FIRMWARE_UPDATER", ZephyrBootMode.FirmwareUpdater),
    ];

    /// <summary>The mode the application's <c>.config</c> assumes, with the symbol that says so.</summary>
    public static (ZephyrBootMode Mode, string? Symbol) Application(KconfigFile? config) => Find(config, "CONFIG_MCUBOOT_BOOTLOADER_MODE_");

    /// <summary>The mode sysbuild's <c>.config</c> selects, with the symbol that says so.</summary>
    public static (ZephyrBootMode Mode, string? Symbol) Sysbuild(KconfigFile? config) => Find(config, "SB_CONFIG_MCUBOOT_MODE_");

    /// <summary>True for the modes whose images are loaded to RAM.</summary>
    public static bool IsRamLoad(ZephyrBootMode mode) => mode is ZephyrBootMode.RamLoad or ZephyrBootMode.RamLoadWithRevert or ZephyrBootMode.SingleAppRamLoad;

    /// <summary>A readable name (<c>swap-move</c>).</summary>
    public static string Name(ZephyrBootMode mode) => mode switch
    {
        ZephyrBootMode.SingleApp => "single-app",
        ZephyrBootMode.SwapScratch => "swap-scratch",
        ZephyrBootMode.SwapMove => "swap-move",
        ZephyrBootMode.SwapOffset => "swap-offset",
        ZephyrBootMode.OverwriteOnly => "overwrite-only",
        ZephyrBootMode.DirectXip => "direct-xip",
        ZephyrBootMode.DirectXipWithRevert => "direct-xip-with-revert",
        ZephyrBootMode.RamLoad => "ram-load",
        ZephyrBootMode.RamLoadWithRevert => "ram-load-with-revert",
        ZephyrBootMode.SingleAppRamLoad => "single-app-ram-load",
        ZephyrBootMode.FirmwareUpdater => "firmware-updater",
        _ => "unknown",
    };

    private static (ZephyrBootMode, string?) Find(KconfigFile? config, string prefix)
    {
        if (config is null)
        {
            return (ZephyrBootMode.Unknown, null);
        }

        foreach (var (suffix, mode) in Suffixes)
        {
            if (config.IsEnabled(prefix + suffix))
            {
                return (mode, prefix + suffix);
            }
        }

        return (ZephyrBootMode.Unknown, null);
    }
}
