using McuBoot.Diagnostics;

namespace McuBoot.Devicetree;

/// <summary>
/// A parsed devicetree (<see cref="DtsParser"/>): the root node, label and path lookup, and the <c>/chosen</c> node.
/// </summary>
public sealed class DtsDocument
{
    internal DtsDocument(string sourcePath, DtsNode root)
    {
        SourcePath = sourcePath;
        Root = root;
    }

    /// <summary>The file the tree was read from (as given to the parser).</summary>
    public string SourcePath { get; }

    /// <summary>The root node <c>/</c>.</summary>
    public DtsNode Root { get; }

    /// <summary>The node carrying <paramref name="label"/>, or null.</summary>
    public DtsNode? FindLabel(string label) => Root.SelfAndDescendants().FirstOrDefault(n => n.Labels.Contains(label, StringComparer.Ordinal));

    /// <summary>The node at <paramref name="path"/> (<c>/soc/flash-controller@4001e000/flash@0</c>; a unit address may be left out when unambiguous), or null.</summary>
    public DtsNode? FindPath(string path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            return null;
        }

        var node = Root;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node.Child(part);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>
    /// Resolves a reference: a label (<c>slot0_partition</c>), a path (<c>/soc/flash@0</c>), or an alias name from
    /// <c>/aliases</c>. Null when nothing matches.
    /// </summary>
    public DtsNode? Resolve(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.StartsWith('/'))
        {
            return FindPath(reference);
        }

        return FindLabel(reference)
               ?? (Root.Child("aliases")?.Property(reference)?.Target is { } alias && alias != reference ? Resolve(alias) : null);
    }

    /// <summary>The <c>/chosen</c> property <paramref name="name"/> (e.g. <c>zephyr,code-partition</c>), or null.</summary>
    public DtsProperty? ChosenProperty(string name) => Root.Child("chosen")?.Property(name);

    /// <summary>The node chosen as <paramref name="name"/>, or null when not chosen.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.DtsUnresolvedReference"/> when the chosen reference names no node.</exception>
    public DtsNode? Chosen(string name)
    {
        var property = ChosenProperty(name);
        if (property?.Target is not { } target)
        {
            return null;
        }

        return Resolve(target) ?? throw new McuBootException(ErrorCodes.DtsUnresolvedReference,
            $"{SourcePath}:{property.Line}: chosen {name} refers to '{target}', which is no node of the devicetree; pass the zephyr.dts of the same build.",
            SourcePath)
        { Line = property.Line };
    }
}
