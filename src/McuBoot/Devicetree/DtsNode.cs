namespace McuBoot.Devicetree;

/// <summary>A devicetree node: its name and unit address, labels, properties (last definition wins) and children.</summary>
public sealed class DtsNode
{
    private readonly Dictionary<string, DtsProperty> _properties = new(StringComparer.Ordinal);
    private readonly List<DtsNode> _children = [];
    private readonly List<string> _labels = [];

    /// <summary>Creates a node; <paramref name="parent"/> is null only for the root.</summary>
    public DtsNode(string name, DtsNode? parent, int line)
    {
        Name = name;
        Parent = parent;
        Line = line;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    /// <summary>The full node name, <c>flash@8000000</c> (the root is <c>/</c>).</summary>
    public string Name { get; }

    /// <summary>The name without the unit address, <c>flash</c>.</summary>
    public string BaseName => Name.Split('@')[0];

    /// <summary>The unit address after <c>@</c>, or null.</summary>
    public string? UnitAddress => Name.Contains('@', StringComparison.Ordinal) ? Name[(Name.IndexOf('@', StringComparison.Ordinal) + 1)..] : null;

    /// <summary>The parent node (null for the root).</summary>
    public DtsNode? Parent { get; }

    /// <summary>Nesting depth (root 0).</summary>
    public int Depth { get; }

    /// <summary>1-based line where the node was (first) opened in the parsed file.</summary>
    public int Line { get; }

    /// <summary>The <c>file:line</c> of a <c>/* node '...' defined in file:line */</c> comment before the node, or null.</summary>
    public string? Origin { get; internal set; }

    /// <summary>The node's path, <c>/soc/flash-controller@4001e000/flash@0</c>.</summary>
    public string Path => Parent is null ? "/" : (Parent.Parent is null ? "/" : Parent.Path + "/") + Name;

    /// <summary>Every label of the node (<c>slot0_partition: image_0: partition@c000</c> has two).</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The properties, in first-definition order.</summary>
    public IEnumerable<DtsProperty> Properties => _properties.Values;

    /// <summary>The child nodes, in order.</summary>
    public IReadOnlyList<DtsNode> Children => _children;

    /// <summary>The property <paramref name="name"/>, or null.</summary>
    public DtsProperty? Property(string name) => _properties.GetValueOrDefault(name);

    /// <summary>True when the node has the property.</summary>
    public bool Has(string name) => _properties.ContainsKey(name);

    /// <summary>The strings of <c>compatible</c> (empty when absent).</summary>
    public IReadOnlyList<string> Compatible => Property("compatible")?.Strings ?? [];

    /// <summary>True when <c>compatible</c> lists <paramref name="value"/>.</summary>
    public bool IsCompatible(string value) => Compatible.Contains(value, StringComparer.Ordinal);

    /// <summary>The child with this full name (or this base name when only one child has it), or null.</summary>
    public DtsNode? Child(string name)
        => _children.FirstOrDefault(c => c.Name == name)
           ?? (name.Contains('@', StringComparison.Ordinal) ? null : _children.Where(c => c.BaseName == name).ToList() is [var only] ? only : null);

    /// <summary><c>#address-cells</c> of this node (how many cells an address of a child's <c>reg</c> has); 2 when absent (devicetree spec).</summary>
    public int AddressCells => (int)Math.Min(Property("#address-cells")?.Number ?? 2, 4);

    /// <summary><c>#size-cells</c> of this node; 1 when absent (devicetree spec).</summary>
    public int SizeCells => (int)Math.Min(Property("#size-cells")?.Number ?? 1, 4);

    /// <summary>
    /// The (address, size) pairs of <c>reg</c>, split by the parent's <c>#address-cells</c>/<c>#size-cells</c>; empty when the
    /// node has no <c>reg</c>, or when its cells do not divide into whole entries.
    /// </summary>
    public IReadOnlyList<(ulong Address, ulong Size)> Reg
    {
        get
        {
            var cells = Property("reg")?.Cells;
            if (cells is null || Parent is null || cells.Any(c => c.IsReference))
            {
                return [];
            }

            int ac = Parent.AddressCells, sc = Parent.SizeCells, width = ac + sc;
            if (width == 0 || cells.Count % width != 0)
            {
                return [];
            }

            var list = new List<(ulong, ulong)>();
            for (int i = 0; i < cells.Count; i += width)
            {
                list.Add((Join(cells, i, ac), Join(cells, i + ac, sc)));
            }

            return list;
        }
    }

    /// <summary>The descendants (depth first, this node first).</summary>
    public IEnumerable<DtsNode> SelfAndDescendants()
    {
        var stack = new Stack<DtsNode>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            yield return n;
            for (int i = n._children.Count - 1; i >= 0; i--)
            {
                stack.Push(n._children[i]);
            }
        }
    }

    /// <summary>The ancestors, nearest first.</summary>
    public IEnumerable<DtsNode> Ancestors()
    {
        for (var p = Parent; p is not null; p = p.Parent)
        {
            yield return p;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Labels.Count > 0 ? $"{string.Join(": ", Labels)}: {Path}" : Path;

    internal void AddLabel(string label)
    {
        if (!_labels.Contains(label, StringComparer.Ordinal))
        {
            _labels.Add(label);
        }
    }

    internal void SetProperty(DtsProperty property) => _properties[property.Name] = property;

    internal void DeleteProperty(string name) => _properties.Remove(name);

    internal DtsNode GetOrAddChild(string name, int line)
    {
        var existing = _children.FirstOrDefault(c => c.Name == name);
        if (existing is not null)
        {
            return existing;
        }

        var child = new DtsNode(name, this, line);
        _children.Add(child);
        return child;
    }

    internal bool RemoveChild(string name) => _children.RemoveAll(c => c.Name == name) > 0;

    private static ulong Join(IReadOnlyList<DtsCell> cells, int start, int count)
    {
        ulong value = 0;
        for (int i = 0; i < count; i++)
        {
            value = (value << 32) | (cells[start + i].Number & 0xFFFF_FFFF);
        }

        return value;
    }
}
