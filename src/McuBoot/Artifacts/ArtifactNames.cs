// NCS output names. Sysbuild: sdk-nrf cmake/sysbuild/image_signing.cmake (output prefix
// ${ZEPHYR_BINARY_DIR}/${KERNEL_NAME}.signed: .bin, .hex, .encrypted.bin; zephyr's cmake/mcuboot.cmake adds
// .confirmed.bin/.hex) and cmake/sysbuild/zip.cmake (zip entries ${DEFAULT_IMAGE}.signed.bin, the network core
// ${image_name}.bin, merged.hex and dfu_application.zip in the top build folder). Partition Manager era: NCS 2.6
// "Output build files" (zephyr/app_update.bin, app_signed.hex, app_test_update.hex, app_moved_test_update.hex,
// net_core_app_update.bin, net_core_app_signed.hex, net_core_app_moved_test_update.hex, zephyr/merged.hex,
// zephyr/dfu_application.zip).
using McuBoot.Build;
using McuBoot.Diagnostics;

namespace McuBoot.Artifacts;

/// <summary>The relative path of every file a signing job writes, for each <see cref="ArtifactNaming"/>.</summary>
public static class ArtifactNames
{
    /// <summary>Parses <c>default</c>, <c>ncs</c> / <c>ncs-sysbuild</c> or <c>ncs-pm</c> (case-insensitive); empty is default.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidArtifactNaming"/>.</exception>
    public static ArtifactNaming Parse(string? text, string setting = "McuBootArtifactNaming")
        => (text ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "" or "default" or "mcuboot" => ArtifactNaming.Default,
            "ncs" or "ncs-sysbuild" or "sysbuild" => ArtifactNaming.NcsSysbuild,
            "ncs-pm" or "ncs-partition-manager" or "pm" => ArtifactNaming.NcsPartitionManager,
            _ => throw new McuBootException(ErrorCodes.InvalidArtifactNaming,
                $"{setting} is '{text}', but it must be default, ncs (NCS sysbuild names: NAME/zephyr/zephyr.signed.*) or ncs-pm (NCS 2.6 Partition Manager names: zephyr/app_update.bin, ...).")
            { ExitCode = ExitCodes.Usage },
        };

    /// <summary>The path of an image's output relative to the output folder.</summary>
    /// <param name="naming">The naming scheme.</param>
    /// <param name="kind">Which output.</param>
    /// <param name="imageName">The image's output name (<c>NAME</c>).</param>
    /// <param name="imageIndex">Its MCUboot image index.</param>
    /// <param name="isNetworkCore">Whether it is the nRF5340 network-core image.</param>
    public static string ImageFile(ArtifactNaming naming, SignedOutputKind kind, string imageName, int imageIndex, bool isNetworkCore)
    {
        ArgumentNullException.ThrowIfNull(imageName);
        switch (naming)
        {
            case ArtifactNaming.NcsSysbuild:
                return Path.Combine(imageName, "zephyr", "zephyr" + DefaultSuffix(kind));
            case ArtifactNaming.NcsPartitionManager:
                string prefix = isNetworkCore ? "net_core_app" : imageIndex == 0 ? "app" : imageName;
                string file = kind switch
                {
                    SignedOutputKind.SignedBinary => "_update.bin",
                    SignedOutputKind.SignedHex => "_signed.hex",
                    SignedOutputKind.MovedHex => "_moved_test_update.hex",
                    SignedOutputKind.EncryptedBinary => "_update.encrypted.bin",
                    SignedOutputKind.ConfirmedBinary => "_update.confirmed.bin",
                    SignedOutputKind.ConfirmedHex => "_signed.confirmed.hex",
                    _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an image output"),
                };
                return Path.Combine("zephyr", prefix + file);
            default:
                return imageName + DefaultSuffix(kind);
        }
    }

    /// <summary>The name of an image inside <c>dfu_application.zip</c>.</summary>
    public static string DfuEntryName(ArtifactNaming naming, string uploadFileName, string imageName, int imageIndex, bool isNetworkCore, bool encrypted)
        => naming switch
        {
            // zip.cmake: the application as ${DEFAULT_IMAGE}.signed[.encrypted].bin, the network core as ${image_name}.bin.
            ArtifactNaming.NcsSysbuild => isNetworkCore ? imageName + ".bin" : imageName + (encrypted ? ".signed.encrypted.bin" : ".signed.bin"),
            // NCS 2.6 zipped app_update.bin and net_core_app_update.bin; the first is part of the second, which the iOS
            // reader's substring match confuses, so the network core's entry is net_core_update.bin (the files on disk
            // keep NCS's names; readers follow the manifest).
            ArtifactNaming.NcsPartitionManager => isNetworkCore
                ? (encrypted ? "net_core_update.encrypted.bin" : "net_core_update.bin")
                : Path.GetFileName(ImageFile(naming, encrypted ? SignedOutputKind.EncryptedBinary : SignedOutputKind.SignedBinary, imageName, imageIndex, isNetworkCore)),
            _ => uploadFileName,
        };

    /// <summary>The path of a job-level file (<c>merged.hex</c>, <c>dfu_application.zip</c>, the manifest) relative to the output folder.</summary>
    public static string JobFile(ArtifactNaming naming, string fileName)
        => naming == ArtifactNaming.NcsPartitionManager ? Path.Combine("zephyr", fileName) : fileName;

    private static string DefaultSuffix(SignedOutputKind kind) => kind switch
    {
        SignedOutputKind.SignedBinary => ".signed.bin",
        SignedOutputKind.SignedHex => ".signed.hex",
        SignedOutputKind.ConfirmedBinary => ".signed.confirmed.bin",
        SignedOutputKind.ConfirmedHex => ".signed.confirmed.hex",
        SignedOutputKind.EncryptedBinary => ".signed.encrypted.bin",
        SignedOutputKind.MovedHex => ".signed.moved.hex",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an image output"),
    };
}
