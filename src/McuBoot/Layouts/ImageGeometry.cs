namespace McuBoot.Layouts;

/// <summary>
/// MCUboot signing geometry of one image, derived from a layout by the NCS rules
/// (partition-layouts-and-manifests.md §A.4): <c>--header-size</c> = pad size, <c>--slot-size</c> = primary
/// size (nRF5340 network core: secondary size), hex base = primary address, load address = primary + pad.
/// Addresses of external-flash slots are offsets in the device; CPU (XIP) addresses are given only when the
/// XIP base is known.
/// </summary>
public sealed record ImageGeometry
{
    /// <summary>MCUboot image index (0 = application; N uses <c>mcuboot_primary_N</c>/<c>mcuboot_secondary_N</c>).</summary>
    public required int ImageIndex { get; init; }

    /// <summary>imgtool <c>--header-size</c>: size of <c>mcuboot_pad</c> (or <c>mcuboot_primary_N_pad</c>, or the schema's header-size).</summary>
    public required int HeaderSize { get; init; }

    /// <summary>imgtool <c>--slot-size</c>: size of the primary slot, or of the secondary for an nRF5340 network-core image.</summary>
    public required uint SlotSize { get; init; }

    /// <summary>Primary slot start (pad included), device-relative.</summary>
    public required uint PrimaryAddress { get; init; }

    /// <summary>Primary slot size.</summary>
    public required uint PrimarySize { get; init; }

    /// <summary>Region of the primary slot (<c>flash_primary</c>, <c>ram_flash</c>, <c>external_flash</c>...).</summary>
    public required string PrimaryRegion { get; init; }

    /// <summary>Device of the primary slot's region, if named.</summary>
    public string? PrimaryDevice { get; init; }

    /// <summary>True when the primary slot is in external flash (its address is a device offset).</summary>
    public bool PrimaryIsExternal { get; init; }

    /// <summary>Secondary slot start (device offset when external), or null when there is no secondary (single slot).</summary>
    public uint? SecondaryAddress { get; init; }

    /// <summary>Secondary slot size, or null.</summary>
    public uint? SecondarySize { get; init; }

    /// <summary>Region of the secondary slot, or null.</summary>
    public string? SecondaryRegion { get; init; }

    /// <summary>Device of the secondary slot's region, if named.</summary>
    public string? SecondaryDevice { get; init; }

    /// <summary>True when the secondary slot lives in external flash.</summary>
    public bool SecondaryIsExternal { get; init; }

    /// <summary>Where the signed .hex starts (imgtool <c>--pad-header</c> result): the primary slot address, plus the XIP base for external slots; null when unknown (network core, or external without XIP base).</summary>
    public uint? HexBaseAddress { get; init; }

    /// <summary>Where a "moved" test hex for the secondary goes: XIP base (external QSPI) + secondary address; null when unknown or no secondary.</summary>
    public uint? SecondaryHexAddress { get; init; }

    /// <summary>Link/load address of the image body (after the header): <c>mcuboot_primary_app</c> address or primary + header; null for the network core (its link address is in the CPUNET domain layout).</summary>
    public uint? LoadAddress { get; init; }

    /// <summary>XIP base used for external addresses, when known.</summary>
    public uint? XipBase { get; init; }

    /// <summary>imgtool <c>--align</c> when the layout says (Partition Manager files never do: take it from the devicetree, default 4).</summary>
    public int? WriteAlignment { get; init; }

    /// <summary>Erase sector size the slots were checked against.</summary>
    public uint SectorSize { get; init; }

    /// <summary>True for the nRF5340 network-core rule (primary slot in <c>ram_flash</c>).</summary>
    public bool IsNetworkCore { get; init; }

    /// <summary>Name of the primary slot partition (<c>mcuboot_primary</c>, <c>mcuboot_primary_1</c>...).</summary>
    public required string PrimaryPartition { get; init; }

    /// <summary>Name of the secondary slot partition, or null.</summary>
    public string? SecondaryPartition { get; init; }

    /// <summary>Name of the partition the header size came from (<c>mcuboot_pad</c>...), or null when given explicitly.</summary>
    public string? HeaderPartition { get; init; }

    /// <summary>Name of the partition giving the load address (<c>mcuboot_primary_app</c>...), or null.</summary>
    public string? AppPartition { get; init; }

    /// <summary>True when a secondary slot exists.</summary>
    public bool HasSecondary => SecondaryAddress.HasValue;
}
