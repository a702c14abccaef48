namespace McuBoot.Bootloader;

/// <summary>
/// How the bootloader installs an update (Zephyr <c>BOOT_IMAGE_UPGRADE_MODE</c>, mcuboot-acceptance-rules.md §10). It
/// decides the trailer layout (<c>bootutil_area.h</c> status states), the size limit
/// (<c>bootutil_misc.c:bootutil_max_image_size</c>) and the swap table (<c>bootutil_public.c:boot_swap_tables</c>).
/// </summary>
public enum UpgradeMode
{
    /// <summary><c>MCUBOOT_SWAP_USING_SCRATCH</c>: swap through a scratch partition (3 status states).</summary>
    SwapScratch,

    /// <summary><c>MCUBOOT_SWAP_USING_MOVE</c>: primary moved up one sector, then swapped (3 status states, one spare sector in the primary).</summary>
    SwapMove,

    /// <summary><c>MCUBOOT_SWAP_USING_OFFSET</c>: secondary image stored one sector in (2 status states, one spare sector in the secondary).</summary>
    SwapOffset,

    /// <summary><c>MCUBOOT_OVERWRITE_ONLY</c>: the secondary overwrites the primary; no revert.</summary>
    OverwriteOnly,

    /// <summary><c>MCUBOOT_DIRECT_XIP</c>: each slot runs in place; the highest valid version boots.</summary>
    DirectXip,

    /// <summary><c>MCUBOOT_RAM_LOAD</c>: the chosen slot is copied to RAM.</summary>
    RamLoad,

    /// <summary><c>MCUBOOT_SINGLE_APPLICATION_SLOT</c> (also the firmware loader): one slot, no trailer status.</summary>
    SingleApp,
}
