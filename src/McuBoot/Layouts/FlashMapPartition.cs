namespace McuBoot.Layouts;

/// <summary>A partition as drawn: its extent in its region, its role, and whether it only groups others (a span).</summary>
/// <param name="Name">Partition name (<c>free</c> for a computed gap).</param>
/// <param name="Address">Start (device-relative, as in the layout).</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Role">What it is for.</param>
/// <param name="IsContainer">True for a Partition Manager <c>span</c> (or a partition that covers others): drawn as a bracket beside the column.</param>
/// <param name="Lane">For containers: the bracket lane (0 nearest the column), so nested brackets do not overlap.</param>
public sealed record FlashMapPartition(string Name, ulong Address, ulong Size, FlashMapRole Role, bool IsContainer, int Lane = 0)
{
    /// <summary>One past the last byte.</summary>
    public ulong End => Address + Size;
}
