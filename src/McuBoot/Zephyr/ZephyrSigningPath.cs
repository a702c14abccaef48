namespace McuBoot.Zephyr;

/// <summary>Which build flow signed the image (zephyr-build-geometry.md, the three paths).</summary>
public enum ZephyrSigningPath
{
    /// <summary>Path Z: upstream Zephyr <c>cmake/mcuboot.cmake</c>, from the application's devicetree and Kconfig.</summary>
    Zephyr,

    /// <summary>Path S: NCS sysbuild <c>mcuboot_sign_sysbuild()</c> (<c>SB_CONFIG_MCUBOOT_SYSBUILD_SIGN</c>), slots from the MCUboot image's devicetree.</summary>
    NcsSysbuild,

    /// <summary>Path PM: NCS with Partition Manager; <c>partitions.yml</c> wins, devicetree partitions are ignored.</summary>
    PartitionManager,
}
