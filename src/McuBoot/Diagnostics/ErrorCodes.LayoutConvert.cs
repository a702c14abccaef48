namespace McuBoot.Diagnostics;

/// <summary>MCUB63xx: converting partition layouts (<c>layout convert</c>) and drawing them (<c>layout show --format svg|html</c>).</summary>
public static partial class ErrorCodes
{
    /// <summary>The layout yields no MCUboot image geometry, so there is nothing to write in the mcuboot-layout schema.</summary>
    public const string LayoutConvertNoGeometry = "MCUB6301";

    /// <summary>A devicetree overlay can only be written from a Partition Manager file (the mapping of sdk-nrf's pm_to_dts.py).</summary>
    public const string LayoutConvertNeedsPartitionManager = "MCUB6302";

    /// <summary>Warning: a partition has no place in the devicetree overlay (RAM regions, the nRF5340 network-core RAM slot, an unknown region) and was left out.</summary>
    public const string LayoutConvertPartitionNotMapped = "MCUB6303";

    /// <summary>The input layout cannot be read or has errors, so it is not converted.</summary>
    public const string LayoutConvertUnusableLayout = "MCUB6304";

    /// <summary>Warning: the <c>app</c> partition plus <c>mcuboot_pad</c> is not <c>mcuboot_primary</c>; slot0 is written as <c>mcuboot_primary</c>, the slot MCUboot uses.</summary>
    public const string LayoutConvertSlotAdjusted = "MCUB6305";

    /// <summary>An unknown <c>--format</c> for <c>layout convert</c>, or an invalid devicetree node label option.</summary>
    public const string LayoutConvertInvalidOption = "MCUB6306";

    /// <summary>The layout has nothing to draw (no partitions in any region).</summary>
    public const string LayoutDrawingEmpty = "MCUB6310";

    /// <summary>Warning: the signed image drawn in its slot (with its trailer) does not fit the slot; the overflow is drawn in red.</summary>
    public const string LayoutDrawingImageOverflow = "MCUB6311";
}
