// Reads YAML partition layouts: partition-layouts-and-manifests.md §A.1/§A.2 (Partition Manager files:
// pm_static*.yml, build/partitions.yml, partitions_<domain>.yml) and docs/layout-schema.md (mcuboot-layout).
using McuBoot.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McuBoot.Layouts;

/// <summary>
/// Reads a YAML partition layout. Never throws for bad content: problems come back as
/// <see cref="LayoutDiagnostic"/>s (and a null <see cref="LayoutReadResult.Layout"/> when the file is refused).
/// Structural lint (<see cref="LayoutLinter"/>) runs on every layout that was read.
/// </summary>
public static class LayoutReader
{
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
}
