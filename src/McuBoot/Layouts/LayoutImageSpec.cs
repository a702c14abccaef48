namespace McuBoot.Layouts;

/// <summary>
/// An image declared explicitly by the mcuboot-layout schema (docs/layout-schema.md). Slots are partitions
/// of the layout (inline slots are added under the Partition Manager names <c>mcuboot_primary[_N]</c> /
/// <c>mcuboot_secondary[_N]</c>).
/// </summary>
/// <param name="Index">MCUboot image index.</param>
/// <param name="PrimaryPartition">Name of the primary slot partition (includes the header pad).</param>
/// <param name="SecondaryPartition">Name of the secondary slot partition, or null (single slot).</param>
/// <param name="HeaderSize">Header size when given; null = take it from the pad partition.</param>
/// <param name="LoadAddress">Explicit load (link) address, or null for primary + header.</param>
/// <param name="HexBase">Explicit base address for the signed .hex, or null for the primary slot address.</param>
/// <param name="Line">1-based line of the image entry.</param>
public sealed record LayoutImageSpec(
    int Index,
    string PrimaryPartition,
    string? SecondaryPartition,
    int? HeaderSize,
    uint? LoadAddress,
    uint? HexBase,
    int Line);
