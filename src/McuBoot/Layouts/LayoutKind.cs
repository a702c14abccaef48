namespace McuBoot.Layouts;

/// <summary>The schema a layout file was written in.</summary>
public enum LayoutKind
{
    /// <summary>Nordic nRF Connect SDK Partition Manager YAML (<c>pm_static*.yml</c>, <c>partitions*.yml</c>).</summary>
    NordicPartitionManager,

    /// <summary>Our own schema (top-level <c>mcuboot-layout: 1</c>), documented in <c>docs/layout-schema.md</c>.</summary>
    McuBootLayout,
}
