namespace McuBoot.Layouts;

/// <summary>
/// One partition of a layout (a Partition Manager entry, or a slot of the mcuboot-layout schema).
/// Addresses are relative to the region's device (partitions-layouts-and-manifests.md §A.2): CPU addresses
/// for internal flash, offsets inside the chip for <c>external_flash</c>.
/// </summary>
public sealed class LayoutPartition
{
    private readonly IReadOnlyDictionary<string, int> _keyLines;

    /// <summary>Creates a partition.</summary>
    public LayoutPartition(
        string name,
        uint address,
        uint size,
        string region,
        int line,
        uint? endAddress = null,
        string? device = null,
        IReadOnlyList<string>? span = null,
        IReadOnlyList<string>? shareSize = null,
        IReadOnlyDictionary<string, int>? keyLines = null)
    {
        Name = name;
        Address = address;
        Size = size;
        Region = region;
        Line = line;
        EndAddress = endAddress;
        Device = device;
        Span = span ?? [];
        ShareSize = shareSize ?? [];
        _keyLines = keyLines ?? new Dictionary<string, int>();
    }

    /// <summary>Partition name (the YAML key), e.g. <c>mcuboot_primary</c>.</summary>
    public string Name { get; }

    /// <summary>Start address (device-relative).</summary>
    public uint Address { get; }

    /// <summary>Size in bytes (the truth; <see cref="EndAddress"/> is only a consistency check).</summary>
    public uint Size { get; }

    /// <summary>The <c>end_address</c> written in the file, if any (may contradict address + size).</summary>
    public uint? EndAddress { get; }

    /// <summary><see cref="Address"/> + <see cref="Size"/> (exclusive end), computed in 64 bits.</summary>
    public ulong End => (ulong)Address + Size;

    /// <summary>Region name: <c>flash_primary</c> (default), <c>external_flash</c>, <c>ram_flash</c>, <c>sram_primary</c>, <c>otp</c>...</summary>
    public string Region { get; }

    /// <summary>Device of a non-default region (DT label, driver name or <c>DT_CHOSEN(...)</c> text), informational.</summary>
    public string? Device { get; }

    /// <summary>Names this container spans (empty for a leaf). <c>one_of</c> lists are resolved to their first existing member.</summary>
    public IReadOnlyList<string> Span { get; }

    /// <summary>The <c>share_size</c> list (partitions whose size this one copies), empty when absent.</summary>
    public IReadOnlyList<string> ShareSize { get; }

    /// <summary>True when the partition has a <c>span</c> (a container of other partitions).</summary>
    public bool IsContainer => Span.Count > 0;

    /// <summary>1-based line of the partition's name in the file.</summary>
    public int Line { get; }

    /// <summary>1-based line of one of this partition's keys (e.g. <c>size</c>, <c>end_address</c>), or <see cref="Line"/> when absent.</summary>
    public int LineOf(string key) => _keyLines.TryGetValue(key, out var line) ? line : Line;

    /// <inheritdoc />
    public override string ToString() => $"{Name} 0x{Address:x}+0x{Size:x} ({Region})";
}
