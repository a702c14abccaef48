// Reads Partition Manager YAML entries: partition-layouts-and-manifests.md §A.2 (keys, defaults, one_of,
// anchors, flow style, hex numbers) and §A.3 (names).
using McuBoot.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace McuBoot.Layouts;

/// <summary>Turns a mapping of <c>name: {address, size, ...}</c> entries into <see cref="LayoutPartition"/>s.</summary>
internal static class PartitionManagerParser
{
    private const string SchemaHint =
        "a Partition Manager layout maps each partition name to {address: 0x..., size: 0x...}; pass a pm_static.yml or build/partitions.yml, or write the mcuboot-layout schema (docs/layout-schema.md)";

    /// <summary>Parses the entries; returns false when any entry was refused (errors added to <paramref name="diagnostics"/>).</summary>
    public static bool TryParse(
        YamlMappingNode map,
        string file,
        bool topLevel,
        List<LayoutDiagnostic> diagnostics,
        List<LayoutPartition> partitions)
    {
        var ok = true;
        var raw = new List<RawPartition>();
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var line = YamlNodes.Line(keyNode);
            if (YamlNodes.Scalar(keyNode) is not { Length: > 0 } name)
            {
                diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutUnknownSchema, file, line,
                    $"a key that is not a plain name: not a partition layout; {SchemaHint}"));
                ok = false;
                continue;
            }

            if (valueNode is not YamlMappingNode entry)
            {
                var where = topLevel ? "top-level key" : "partition";
                diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutUnknownSchema, file, line,
                    $"non-partition {where} '{YamlNodes.Clip(name)}' holds {YamlNodes.Describe(valueNode)}, not a partition mapping: this is not a Partition Manager layout; {SchemaHint}"));
                ok = false;
                continue;
            }

            var p = ParseEntry(name, line, entry, file, diagnostics);
            if (p is null)
            {
                ok = false;
            }
            else
            {
                raw.Add(p);
            }
        }

        var names = new HashSet<string>(raw.Select(r => r.Name), StringComparer.Ordinal);
        foreach (var r in raw)
        {
            partitions.Add(new LayoutPartition(
                r.Name, r.Address, r.Size, r.Region ?? DefaultRegion(r.Name), r.Line, r.EndAddress, r.Device,
                Resolve(r.Span, names), Resolve(r.ShareSize, names), r.KeyLines));
        }

        return ok;
    }

    /// <summary>The default region: <c>*_sram</c> names are RAM partitions (§A.2), everything else <c>flash_primary</c>.</summary>
    public static string DefaultRegion(string name) =>
        name.EndsWith("_sram", StringComparison.Ordinal) ? LayoutRegion.SramPrimary : LayoutRegion.FlashPrimary;

    /// <summary>Collects regions in first-use order; the device is the first one a partition of the region names.</summary>
    public static List<LayoutRegion> CollectRegions(IEnumerable<LayoutPartition> partitions, IEnumerable<LayoutRegion>? declared = null)
    {
        var result = new List<LayoutRegion>();
        foreach (var r in declared ?? [])
        {
            result.Add(r);
        }

        foreach (var p in partitions)
        {
            var index = result.FindIndex(r => r.Name == p.Region);
            if (index < 0)
            {
                result.Add(new LayoutRegion(p.Region, p.Device));
            }
            else if (result[index].Device is null && p.Device is not null)
            {
                result[index] = result[index] with { Device = p.Device };
            }
        }

        return result;
    }

    private static RawPartition? ParseEntry(string name, int line, YamlMappingNode entry, string file, List<LayoutDiagnostic> diagnostics)
    {
        var r = new RawPartition(name, line);
        var ok = true;
        List<List<string>>? span = null, origSpan = null;
        foreach (var (k, v) in entry.Children)
        {
            var key = YamlNodes.Scalar(k) ?? string.Empty;
            var keyLine = YamlNodes.Line(k);
            r.KeyLines[key] = keyLine;
            switch (key)
            {
                case "address":
                    ok &= Number(v, name, key, keyLine, file, diagnostics, out var a);
                    r.Address = a ?? 0;
                    r.HasAddress = a.HasValue;
                    break;
                case "size":
                    ok &= Number(v, name, key, keyLine, file, diagnostics, out var s);
                    r.Size = s ?? 0;
                    r.HasSize = s.HasValue;
                    break;
                case "end_address":
                    ok &= Number(v, name, key, keyLine, file, diagnostics, out var e);
                    r.EndAddress = e;
                    break;
                case "region":
                    r.Region = YamlNodes.Scalar(v) is { Length: > 0 } region ? region.Trim() : r.Region;
                    break;
                case "device":
                    r.Device = YamlNodes.Scalar(v) is { Length: > 0 } device ? device.Trim() : null;
                    break;
                case "span":
                    span = NameList(v);
                    break;
                case "orig_span":
                    origSpan = NameList(v);
                    break;
                case "share_size":
                    r.ShareSize = NameList(v);
                    break;
                default:
                    // placement, inside, sharers, affiliation, extra_params...: inert for a static layout (§A.2).
                    break;
            }
        }

        r.Region ??= DefaultRegion(name);
        r.Span = span ?? origSpan ?? [];
        if (!r.HasAddress && !r.KeyLines.ContainsKey("address"))
        {
            diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutMissingField, file, line,
                $"partition '{YamlNodes.Clip(name)}' has no address: a static layout needs address and size for every partition (entries without them are pm.yml requirements or another schema); add 'address: 0x...' or pass the build's partitions.yml"));
            ok = false;
        }

        if (!r.HasSize && !r.KeyLines.ContainsKey("size"))
        {
            diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutMissingField, file, line,
                $"partition '{YamlNodes.Clip(name)}' has no size; add 'size: 0x...' (Partition Manager static partitions need address and size)"));
            ok = false;
        }

        return ok ? r : null;
    }

    internal static bool Number(YamlNode node, string owner, string key, int line, string file, List<LayoutDiagnostic> diagnostics, out uint? value)
    {
        value = null;
        var text = YamlNodes.Scalar(node);
        if (LayoutNumber.TryParse(text, out var parsed))
        {
            value = parsed;
            return true;
        }

        var shown = text is null ? YamlNodes.Describe(node) : $"'{YamlNodes.Clip(text)}'";
        diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidNumber, file, line,
            $"{key} of '{YamlNodes.Clip(owner)}' is {shown}, not a number: write a 32-bit decimal or 0x hex value (e.g. 0x80000 instead of 512k)"));
        return false;
    }

    /// <summary>A list of names: a scalar, a sequence of scalars and <c>{one_of: [...]}</c> alternatives, or <c>{one_of: [...]}</c>.</summary>
    private static List<List<string>> NameList(YamlNode node)
    {
        var result = new List<List<string>>();
        switch (node)
        {
            case YamlScalarNode { Value: { Length: > 0 } v }:
                result.Add([v.Trim()]);
                break;
            case YamlSequenceNode seq:
                foreach (var item in seq.Children)
                {
                    if (YamlNodes.Scalar(item) is { Length: > 0 } name)
                    {
                        result.Add([name.Trim()]);
                    }
                    else if (OneOf(item) is { } alternatives)
                    {
                        result.Add(alternatives);
                    }
                }

                break;
            case YamlMappingNode when OneOf(node) is { } alts:
                result.Add(alts);
                break;
        }

        return result;
    }

    private static List<string>? OneOf(YamlNode node) =>
        node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("one_of"), out var list) && list is YamlSequenceNode seq
            ? seq.Children.Select(YamlNodes.Scalar).OfType<string>().Select(s => s.Trim()).ToList()
            : null;

    /// <summary>Resolves <c>one_of</c> alternatives to the first existing name (or the first listed when none exists).</summary>
    private static List<string> Resolve(List<List<string>> items, HashSet<string> names) =>
        items.Where(alts => alts.Count > 0)
            .Select(alts => alts.FirstOrDefault(names.Contains) ?? alts[0])
            .ToList();

    private sealed class RawPartition(string name, int line)
    {
        public string Name { get; } = name;

        public int Line { get; } = line;

        public uint Address { get; set; }

        public bool HasAddress { get; set; }

        public uint Size { get; set; }

        public bool HasSize { get; set; }

        public uint? EndAddress { get; set; }

        public string? Region { get; set; }

        public string? Device { get; set; }

        public List<List<string>> Span { get; set; } = [];

        public List<List<string>> ShareSize { get; set; } = [];

        public Dictionary<string, int> KeyLines { get; } = new(StringComparer.Ordinal);
    }
}
