namespace McuBoot.Devicetree;

/// <summary>
/// A devicetree property with where it was written: its line in the parsed file and, for Zephyr's flattened
/// <c>zephyr.dts</c>, the source the build took it from (the <c>/* in file:line */</c> comment).
/// </summary>
public sealed class DtsProperty
{
    /// <summary>Creates a property.</summary>
    public DtsProperty(string name, IReadOnlyList<DtsValue> values, int line, string? origin)
    {
        Name = name;
        Values = values;
        Line = line;
        Origin = origin;
    }

    /// <summary>The property name, e.g. <c>reg</c>, <c>#address-cells</c>, <c>zephyr,code-partition</c>.</summary>
    public string Name { get; }

    /// <summary>The comma-separated components; empty for a boolean property (<c>ranges;</c>).</summary>
    public IReadOnlyList<DtsValue> Values { get; }

    /// <summary>1-based line of the property in the parsed file.</summary>
    public int Line { get; }

    /// <summary>The <c>file:line</c> of a <c>/* in file:line */</c> comment after the property, or null.</summary>
    public string? Origin { get; }

    /// <summary>True for a property without a value.</summary>
    public bool IsEmpty => Values.Count == 0;

    /// <summary>All cells of all cell-array components, in order.</summary>
    public IReadOnlyList<DtsCell> Cells => Values.Where(v => v.Kind == DtsValueKind.Cells).SelectMany(v => v.Cells).ToList();

    /// <summary>The first string component, or null.</summary>
    public string? String => Values.FirstOrDefault(v => v.Kind == DtsValueKind.String)?.Text;

    /// <summary>Every string component (a string list such as <c>compatible</c>).</summary>
    public IReadOnlyList<string> Strings => Values.Where(v => v.Kind == DtsValueKind.String).Select(v => v.Text!).ToList();

    /// <summary>The single number of a one-cell property (<c>write-block-size = &lt; 0x10 &gt;</c>), or null.</summary>
    public ulong? Number => Cells is [{ IsReference: false } cell] ? cell.Number : null;

    /// <summary>
    /// The node this property points to: a <c>&amp;label</c> reference, a one-cell <c>&lt; &amp;label &gt;</c>, or a path
    /// string; null when it is none of those.
    /// </summary>
    public string? Target
    {
        get
        {
            if (Values is [{ Kind: DtsValueKind.Reference } r])
            {
                return r.Text;
            }

            if (Cells is [{ IsReference: true } c])
            {
                return c.Reference;
            }

            return Values is [{ Kind: DtsValueKind.String } s] ? s.Text : null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => IsEmpty ? Name + ";" : $"{Name} = {string.Join(", ", Values)};";
}
