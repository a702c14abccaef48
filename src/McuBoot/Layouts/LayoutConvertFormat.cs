namespace McuBoot.Layouts;

/// <summary>What <c>layout convert</c> writes.</summary>
public enum LayoutConvertFormat
{
    /// <summary>A Zephyr devicetree overlay with <c>fixed-partitions</c>, mapped the way sdk-nrf's <c>scripts/pm_to_dts.py</c> maps Partition Manager partitions.</summary>
    DtsOverlay,

    /// <summary>Our own schema (docs/layout-schema.md): the derived image geometry plus the other partitions.</summary>
    McuBootLayout,
}
