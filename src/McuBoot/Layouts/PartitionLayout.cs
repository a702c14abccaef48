namespace McuBoot.Layouts;

/// <summary>
/// A partition layout read from a YAML file: Nordic Partition Manager (partition-layouts-and-manifests.md §A.2)
/// or our mcuboot-layout schema (docs/layout-schema.md), normalised to one model.
/// </summary>
public sealed class PartitionLayout
{
    private readonly Dictionary<string, LayoutPartition> _byName;

    /// <summary>Creates a layout.</summary>
    public PartitionLayout(
        string sourcePath,
        LayoutKind kind,
        IReadOnlyList<LayoutPartition> partitions,
        IReadOnlyList<LayoutRegion> regions,
        IReadOnlyList<LayoutImageSpec>? images = null,
        int? writeAlignment = null,
        byte? eraseValue = null,
        uint? sectorSize = null)
    {
        SourcePath = sourcePath;
        Kind = kind;
        Partitions = partitions;
        Regions = regions;
        Images = images ?? [];
        WriteAlignment = writeAlignment;
        EraseValue = eraseValue;
        SectorSize = sectorSize;
        _byName = new Dictionary<string, LayoutPartition>(StringComparer.Ordinal);
        foreach (var p in partitions)
        {
            _byName.TryAdd(p.Name, p);
        }
    }

    /// <summary>The file the layout was read from (absolute when read by <see cref="LayoutReader.Load"/>).</summary>
    public string SourcePath { get; }

    /// <summary>The schema of the file.</summary>
    public LayoutKind Kind { get; }

    /// <summary>All partitions in file order.</summary>
    public IReadOnlyList<LayoutPartition> Partitions { get; }

    /// <summary>Regions used by the partitions (and declared ones), in first-use order.</summary>
    public IReadOnlyList<LayoutRegion> Regions { get; }

    /// <summary>Images declared explicitly (mcuboot-layout schema); empty for Partition Manager files.</summary>
    public IReadOnlyList<LayoutImageSpec> Images { get; }

    /// <summary>Flash write alignment (imgtool <c>--align</c>) when the layout says; Partition Manager files never do.</summary>
    public int? WriteAlignment { get; }

    /// <summary>Erased-flash byte value (0xff or 0) when the layout says.</summary>
    public byte? EraseValue { get; }

    /// <summary>Default erase sector/page size when the layout says (else 4 KiB is assumed for checks).</summary>
    public uint? SectorSize { get; }

    /// <summary>The partition with this name, or null.</summary>
    public LayoutPartition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The region with this name, or null.</summary>
    public LayoutRegion? FindRegion(string name) => Regions.FirstOrDefault(r => r.Name == name);
}
