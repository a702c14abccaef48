// Reads YAML partition layouts: partition-layouts-and-manifests.md §A.1/§A.2 (Partition Manager files:
// pm_static*.yml, build/partitions.yml, partitions_<domain>.yml) and docs/layout-schema.md (mcuboot-layout).
using McuBoot.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace McuBoot.Layouts;

/// <summary>
/// Reads a YAML partition layout. Never throws for bad content: problems come back as
/// <see cref="LayoutDiagnostic"/>s (and a null <see cref="LayoutReadResult.Layout"/> when the file is refused).
/// Structural lint (<see cref="LayoutLinter"/>) runs on every layout that was read.
/// </summary>
public static class LayoutReader
{
    /// <summary>Deepest nesting of mappings and lists accepted (a layout needs 4; the YAML model recurses per level).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most YAML nodes accepted once aliases are expanded (a real layout has a few hundred).</summary>
    public const int MaxExpandedNodes = 100_000;

    /// <summary>Reads the layout at <paramref name="path"/>.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.LayoutNotFound"/> when the file does not exist; <see cref="ErrorCodes.ReadFailed"/> when it cannot be read.</exception>
    public static LayoutReadResult Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new McuBootException(ErrorCodes.LayoutNotFound,
                $"layout file not found: {full}; pass an existing pm_static.yml, build/partitions.yml or mcuboot-layout file",
                full)
            { ExitCode = ExitCodes.Usage };
        }

        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new McuBootException(ErrorCodes.ReadFailed,
                $"cannot read layout file {full}: {LayoutDiagnostic.OneLine(ex.Message)}; check its permissions", full, ex);
        }

        return Parse(text, full);
    }

    /// <summary>Parses layout YAML; <paramref name="path"/> is only used in diagnostics and <see cref="PartitionLayout.SourcePath"/>.</summary>
    public static LayoutReadResult Parse(string yamlText, string path)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new List<LayoutDiagnostic>();
        var root = LoadRoot(yamlText, path, diagnostics);
        if (root is null)
        {
            return new LayoutReadResult(null, diagnostics);
        }

        PartitionLayout? layout;
        if (root.Children.ContainsKey(new YamlScalarNode(McuBootLayoutParser.VersionKey)))
        {
            layout = McuBootLayoutParser.Parse(root, path, diagnostics);
        }
        else
        {
            var partitions = new List<LayoutPartition>();
            var ok = PartitionManagerParser.TryParse(root, path, topLevel: true, diagnostics, partitions);
            layout = ok
                ? new PartitionLayout(path, LayoutKind.NordicPartitionManager, partitions, PartitionManagerParser.CollectRegions(partitions))
                : null;
        }

        if (layout is not null)
        {
            diagnostics.AddRange(LayoutLinter.Lint(layout));
        }

        // Stable: file order by line, whole-file findings (line 0) first.
        return new LayoutReadResult(layout, diagnostics.OrderBy(d => d.Line).ToList());
    }

    private static YamlMappingNode? LoadRoot(string text, string path, List<LayoutDiagnostic> diagnostics)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutNotYaml, path, 0,
                "binary content (NUL bytes): not a YAML layout; pass a pm_static.yml, build/partitions.yml or mcuboot-layout file"));
            return null;
        }

        var stream = new YamlStream();
        try
        {
            if (CheckStructure(text, path) is { } refused)
            {
                diagnostics.Add(refused);
                return null;
            }

            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var line = (int)Math.Max(0, Math.Min(ex.Start.Line, int.MaxValue));
            diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutNotYaml, path, line,
                $"not valid YAML ({ex.Message}); fix the syntax (indentation, ':' after each name, unique keys) or pass the right file"));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed input (e.g. an unterminated flow sequence).
            diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutNotYaml, path, 0,
                $"not valid YAML (the parser gave up: {ex.Message}); look for unterminated [..] or {{..}} and quotes, or pass the right file"));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutNoPartitions, path, 0,
                "empty YAML, no partitions; pass a pm_static.yml, build/partitions.yml or mcuboot-layout file"));
            return null;
        }

        var root = stream.Documents[0].RootNode;
        switch (root)
        {
            case YamlMappingNode { Children.Count: > 0 } map:
                return map;
            case YamlSequenceNode:
                diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutUnknownSchema, path, YamlNodes.Line(root),
                    "the YAML is a list, not a mapping of partitions: not a Partition Manager layout; pass a pm_static.yml / build/partitions.yml or write the mcuboot-layout schema (docs/layout-schema.md)"));
                return null;
            default:
                diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutNoPartitions, path, YamlNodes.Line(root),
                    $"the YAML holds {YamlNodes.Describe(root)} and no partitions; pass a pm_static.yml, build/partitions.yml or mcuboot-layout file"));
                return null;
        }
    }

    /// <summary>
    /// Walks the YAML event stream (YamlDotNet's parser is iterative) before the recursive representation model is
    /// built: refuses nesting deeper than <see cref="MaxDepth"/> (a stack overflow cannot be caught), an alias or a
    /// list/mapping used as a mapping key (hashing such keys is exponential in the alias depth), and aliases that
    /// expand to more than <see cref="MaxExpandedNodes"/> nodes. Syntax errors are left to the loader that follows.
    /// </summary>
    private static LayoutDiagnostic? CheckStructure(string text, string path)
    {
        var parser = new Parser(new StringReader(text));
        var open = new Stack<Frame>();
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current;
            int line = current is null ? 0 : (int)Math.Min(current.Start.Line, int.MaxValue);
            bool isNode = current is NodeEvent or AnchorAlias;
            bool inKey = false;
            if (isNode && open.Count > 0 && open.Peek() is var parent)
            {
                inKey = parent.IsMapping && parent.Children % 2 == 0;
                parent.Children++;
            }

            switch (current)
            {
                case AnchorAlias alias:
                    if (inKey || open.Any(f => f.InKey))
                    {
                        return Refuse(ErrorCodes.LayoutAliasExpansion, path, line,
                            $"the alias *{alias.Value} is used as (part of) a mapping key; a layout's keys are plain names: write the key out");
                    }

                    total += anchors.TryGetValue(alias.Value.Value, out long size) ? size : 1;
                    break;
                case MappingStart or SequenceStart:
                    if (inKey)
                    {
                        return Refuse(ErrorCodes.LayoutAliasExpansion, path, line,
                            "a list or mapping is used as a mapping key; a layout's keys are plain names");
                    }

                    if (open.Count >= MaxDepth)
                    {
                        return Refuse(ErrorCodes.LayoutTooDeep, path, line,
                            $"the YAML nests deeper than {MaxDepth} levels; a partition layout needs 4: pass the right file");
                    }

                    var node = (NodeEvent)current;
                    open.Push(new Frame(current is MappingStart, node.Anchor.IsEmpty ? null : node.Anchor.Value, total, inKey || (open.Count > 0 && open.Peek().InKey)));
                    total++;
                    break;
                case MappingEnd or SequenceEnd:
                    var done = open.Pop();
                    if (done.Anchor is not null)
                    {
                        anchors[done.Anchor] = total - done.Start;
                    }

                    break;
                case Scalar scalar:
                    total++;
                    if (!scalar.Anchor.IsEmpty)
                    {
                        anchors[scalar.Anchor.Value] = 1;
                    }

                    break;
            }

            if (total > MaxExpandedNodes)
            {
                return Refuse(ErrorCodes.LayoutAliasExpansion, path, line,
                    $"the YAML holds more than {MaxExpandedNodes} nodes once its aliases are expanded; a partition layout has a few hundred: remove the aliases or pass the right file");
            }
        }

        return null;
    }

    private static LayoutDiagnostic Refuse(string code, string path, int line, string message)
        => LayoutDiagnostic.Error(code, path, line, message);

    /// <summary>An open mapping or list in <see cref="CheckStructure"/>.</summary>
    private sealed class Frame(bool isMapping, string? anchor, long start, bool inKey)
    {
        public bool IsMapping { get; } = isMapping;

        public string? Anchor { get; } = anchor;

        public long Start { get; } = start;

        public bool InKey { get; } = inKey;

        public int Children { get; set; }
    }
}
