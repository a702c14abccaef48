namespace McuBoot.Zephyr;

/// <summary>
/// MCUboot's upgrade mode as a Zephyr build names it: application Kconfig <c>CONFIG_MCUBOOT_BOOTLOADER_MODE_*</c>,
/// sysbuild <c>SB_CONFIG_MCUBOOT_MODE_*</c> (zephyr-build-geometry.md §13), or the bootloader's own
/// <c>CONFIG_BOOT_*</c> choice.
/// </summary>
public enum ZephyrBootMode
{
    /// <summary>Not stated by the files read.</summary>
    Unknown,

    /// <summary>One slot, no upgrade by the bootloader (<c>SINGLE_APP</c>, <c>CONFIG_SINGLE_APPLICATION_SLOT</c>).</summary>
    SingleApp,

    /// <summary>Swap using a scratch area.</summary>
    SwapScratch,

    /// <summary>Swap using move (<c>SWAP_USING_MOVE</c>, older <c>SWAP_WITHOUT_SCRATCH</c>).</summary>
    SwapMove,

    /// <summary>Swap using offset.</summary>
    SwapOffset,

    /// <summary>Overwrite only (<c>CONFIG_BOOT_UPGRADE_ONLY</c>).</summary>
    OverwriteOnly,

    /// <summary>Direct execute-in-place.</summary>
    DirectXip,

    /// <summary>Direct execute-in-place with revert.</summary>
    DirectXipWithRevert,

    /// <summary>RAM load.</summary>
    RamLoad,

    /// <summary>RAM load with revert.</summary>
    RamLoadWithRevert,

    /// <summary>Single application slot loaded to RAM.</summary>
    SingleAppRamLoad,

    /// <summary>Firmware updater / loader.</summary>
    FirmwareUpdater,
}
