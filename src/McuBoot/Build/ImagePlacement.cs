// partition-layouts-and-manifests.md §A.4: the image body is linked at the application partition (slot + header pad),
// and the header goes in front of it; an image must never start below its slot (the partition before it is the
// bootloader's or another image's).
using McuBoot.Diagnostics;

namespace McuBoot.Build;

/// <summary>
/// Decides whether a HEX firmware's own start fits the slot it is signed for. The CLI (<c>sign --layout</c>) and the
/// MSBuild task call this one rule, so they give the same verdict: an error when the image would start below the slot
/// (e.g. <c>--pad-header</c> on a HEX linked at the slot's first address), a warning when the firmware was linked for
/// another address inside or above the slot.
/// </summary>
public static class ImagePlacement
{
    /// <summary>
    /// Checks <paramref name="inputStart"/> (the HEX's lowest address, null for a .bin) against the slot of
    /// <paramref name="geometry"/>. Returns a <see cref="ErrorCodes.FirmwareAddressMismatch"/> warning, or null.
    /// </summary>
    /// <param name="geometry">The resolved geometry; without a slot address (no layout or build folder) nothing is checked.</param>
    /// <param name="inputStart">The input HEX's first address.</param>
    /// <param name="padHeader">Whether the header is added in front of the input.</param>
    /// <param name="explicitHexAddress">Whether the output address was given explicitly (then the input's own address does not place the image).</param>
    /// <param name="firmwarePath">The firmware, for messages.</param>
    /// <param name="padHeaderSetting">How the caller names the pad-header setting, e.g. <c>--pad-header</c> or <c>McuBootPadHeader</c>.</param>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.ImageBelowSlot"/> when the image would start below the slot.</exception>
    public static McuBootWarning? Check(SigningGeometry geometry, uint? inputStart, bool padHeader, bool explicitHexAddress, string firmwarePath, string padHeaderSetting)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        // The slot's start: the primary slot address from the layout or the build folder (not an explicit hex address,
        // which places the image itself).
        if (inputStart is not uint start || explicitHexAddress || geometry.HexAddress is not uint slot)
        {
            return null;
        }

        int header = geometry.HeaderSize;
        long imageStart = padHeader ? (long)start - header : start;
        string slotName = geometry.Layout?.PrimaryPartition ?? "primary slot";
        if (imageStart < slot)
        {
            string fix = padHeader && start < slot + (long)header && start >= slot
                ? $"drop {padHeaderSetting} if the firmware already reserves the header's first 0x{header:x} bytes (Zephyr CONFIG_ROM_START_OFFSET; they must be zero), or link the firmware at slot + header, 0x{slot + (long)header:x}"
                : $"link the firmware at slot + header, 0x{slot + (long)header:x}, or use the partition layout it was built for";
            throw new McuBootException(ErrorCodes.ImageBelowSlot,
                $"{firmwarePath} starts at 0x{start:x}, so {(padHeader ? $"with {padHeaderSetting} its 0x{header:x}-byte header would start at 0x{imageStart:x}" : "the image would start there")}, below the slot {slotName} at 0x{slot:x}, over the partition before it; nothing was written: {fix}.",
                firmwarePath);
        }

        if (padHeader && geometry.LoadAddress is uint load && start != load)
        {
            return new McuBootWarning(ErrorCodes.FirmwareAddressMismatch,
                $"{firmwarePath} starts at 0x{start:x}, but the image is loaded at 0x{load:x} by the partition layout ({geometry.Layout?.AppPartition ?? slotName + " + header"}); the firmware was linked for another layout and will not boot from this slot: rebuild it for this layout or fix the layout.",
                firmwarePath);
        }

        return null;
    }
}
