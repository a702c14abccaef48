namespace McuBoot.Artifacts;

/// <summary>Which file names a signing job writes (MSBuild <c>McuBootArtifactNaming</c>, CLI <c>--naming</c>).</summary>
public enum ArtifactNaming
{
    /// <summary>McuBoot.Build's names, all in the output folder: <c>NAME.signed.bin</c>, <c>NAME.signed.hex</c>, ...</summary>
    Default,

    /// <summary>
    /// NCS sysbuild (2.7 and later): each image's files in <c>NAME/zephyr/zephyr.signed.*</c>, <c>merged.hex</c> and
    /// <c>dfu_application.zip</c> at the top, as in an NCS build folder.
    /// </summary>
    NcsSysbuild,

    /// <summary>
    /// NCS Partition Manager child-image builds (2.6 and earlier): <c>zephyr/app_update.bin</c>, <c>zephyr/app_signed.hex</c>,
    /// <c>zephyr/app_moved_test_update.hex</c>, <c>zephyr/net_core_app_update.bin</c>, ...
    /// </summary>
    NcsPartitionManager,
}
