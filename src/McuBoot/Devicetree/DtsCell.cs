namespace McuBoot.Devicetree;

/// <summary>One cell of a <c>&lt; ... &gt;</c> array: a number, or a reference to a node (a phandle).</summary>
/// <param name="Number">The value (0 for a reference).</param>
/// <param name="Reference">The referenced label (<c>nvic</c>) or path (<c>/soc/flash</c>), or null for a number.</param>
public sealed record DtsCell(ulong Number, string? Reference = null)
{
    /// <summary>True when the cell is a reference rather than a number.</summary>
    public bool IsReference => Reference is not null;

    /// <inheritdoc />
    public override string ToString() => Reference is null ? $"0x{Number:x}" : "&" + Reference;
}
