// Reads our own layout schema, documented in docs/layout-schema.md (top-level key `mcuboot-layout: 1`).
using McuBoot.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace McuBoot.Layouts;

/// <summary>Parses the mcuboot-layout schema into a <see cref="PartitionLayout"/>.</summary>
internal static class McuBootLayoutParser
{
    public const string VersionKey = "mcuboot-layout";

    private static readonly int[] ValidAlignments = [1, 2, 4, 8, 16, 32];

    public static PartitionLayout? Parse(YamlMappingNode root, string file, List<LayoutDiagnostic> diagnostics)
    {
        var ok = true;
        int? writeAlignment = null;
        byte? eraseValue = null;
        uint? sectorSize = null;
        var regions = new List<LayoutRegion>();
        var partitions = new List<LayoutPartition>();
        YamlSequenceNode? images = null;
        var imagesLine = 0;

        foreach (var (k, v) in root.Children)
        {
            var key = YamlNodes.Scalar(k) ?? string.Empty;
            var line = YamlNodes.Line(k);
            switch (key)
            {
                case VersionKey:
                    if (YamlNodes.Scalar(v)?.Trim() != "1")
                    {
                        diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidValue, file, line,
                            $"{VersionKey} is {YamlNodes.Describe(v)}; only version 1 is supported: write '{VersionKey}: 1'"));
                        ok = false;
                    }

                    break;
                case "write-alignment":
                    if (!PositiveNumber(v, key, line, file, diagnostics, out var align))
                    {
                        ok = false;
                    }
                    else if (align > 32 || !ValidAlignments.Contains((int)align))
                    {
                        diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidValue, file, line,
                            $"write-alignment {align} is not one of 1, 2, 4, 8, 16, 32 (imgtool --align); use the flash's write-block-size"));
                        ok = false;
                    }
                    else
                    {
                        writeAlignment = (int)align;
                    }

                    break;
                case "erase-value":
                    ok &= PartitionManagerParser.Number(v, "layout", key, line, file, diagnostics, out var erase);
                    if (erase is { } ev && ev != 0 && ev != 0xff)
                    {
                        diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidValue, file, line,
                            $"erase-value {LayoutNumber.Hex(ev)} must be 0xff (NOR flash) or 0 (imgtool --pad-value)"));
                        ok = false;
                    }
                    else if (erase is { } e)
                    {
                        eraseValue = (byte)e;
                    }

                    break;
                case "sector-size":
                    ok &= SectorSize(v, "layout", line, file, diagnostics, out sectorSize);
                    break;
                case "regions":
                    ok &= ParseRegions(v, line, file, diagnostics, regions);
                    break;
                case "partitions":
                    if (v is YamlMappingNode pm)
                    {
                        ok &= PartitionManagerParser.TryParse(pm, file, topLevel: false, diagnostics, partitions);
                    }
                    else if (!(v is YamlScalarNode { Value: null or "" }))
                    {
                        diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidValue, file, line,
                            $"partitions holds {YamlNodes.Describe(v)}; it must map partition names to {{address, size, region}} (Partition Manager style)"));
                        ok = false;
                    }

                    break;
                case "images":
                    if (v is YamlSequenceNode seq)
                    {
                        images = seq;
                        imagesLine = line;
                    }
                    else
                    {
                        diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidValue, file, line,
                            $"images holds {YamlNodes.Describe(v)}; it must be a list of '- index: N' entries"));
                        ok = false;
                    }

                    break;
                default:
                    diagnostics.Add(LayoutDiagnostic.Warning(ErrorCodes.LayoutUnknownKey, file, line,
                        $"unknown key '{YamlNodes.Clip(key)}' ignored; valid keys are {VersionKey}, write-alignment, erase-value, sector-size, regions, partitions, images (docs/layout-schema.md)"));
                    break;
            }
        }

        var specs = new List<LayoutImageSpec>();
        if (images is not null)
        {
            var position = 0;
            foreach (var item in images.Children)
            {
                var spec = ParseImage(item, position++, file, diagnostics, partitions, regions);
                if (spec is null)
                {
                    ok = false;
                }
                else if (specs.Any(s => s.Index == spec.Index))
                {
                    diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidValue, file, spec.Line,
                        $"image index {spec.Index} is declared twice; give each image a distinct index"));
                    ok = false;
                }
                else
                {
                    specs.Add(spec);
                }
            }
        }

        if (ok && partitions.Count == 0)
        {
            diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutNoPartitions, file, imagesLine,
                $"the {VersionKey} file declares no images and no partitions; add an 'images:' list with primary/secondary slots (docs/layout-schema.md)"));
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        return new PartitionLayout(file, LayoutKind.McuBootLayout, partitions,
            PartitionManagerParser.CollectRegions(partitions, regions), specs, writeAlignment, eraseValue, sectorSize);
    }

    private static bool ParseRegions(YamlNode node, int line, string file, List<LayoutDiagnostic> diagnostics, List<LayoutRegion> regions)
    {
        if (node is not YamlMappingNode map)
        {
            diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidValue, file, line,
                $"regions holds {YamlNodes.Describe(node)}; it must map region names to {{device, sector-size, xip-base}}"));
            return false;
        }

        var ok = true;
        foreach (var (k, v) in map.Children)
        {
            var name = YamlNodes.Scalar(k) ?? string.Empty;
            var regionLine = YamlNodes.Line(k);
            var region = new LayoutRegion(name);
            if (v is YamlMappingNode props)
            {
                foreach (var (pk, pv) in props.Children)
                {
                    var key = YamlNodes.Scalar(pk) ?? string.Empty;
                    var keyLine = YamlNodes.Line(pk);
                    switch (key)
                    {
                        case "device":
                            region = region with { Device = YamlNodes.Scalar(pv)?.Trim() };
                            break;
                        case "sector-size":
                            ok &= SectorSize(pv, name, keyLine, file, diagnostics, out var sector);
                            region = region with { SectorSize = sector };
                            break;
                        case "xip-base":
                            ok &= PartitionManagerParser.Number(pv, name, key, keyLine, file, diagnostics, out var xip);
                            region = region with { XipBase = xip };
                            break;
                        default:
                            diagnostics.Add(LayoutDiagnostic.Warning(ErrorCodes.LayoutUnknownKey, file, keyLine,
                                $"unknown region key '{YamlNodes.Clip(key)}' in region '{name}' ignored; valid keys are device, sector-size, xip-base"));
                            break;
                    }
                }
            }
            else if (!(v is YamlScalarNode { Value: null or "" }))
            {
                diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidValue, file, regionLine,
                    $"region '{name}' holds {YamlNodes.Describe(v)}; write '{name}: {{device: ..., sector-size: 0x1000, xip-base: 0x...}}'"));
                ok = false;
            }

            regions.Add(region);
        }

        return ok;
    }

    private static LayoutImageSpec? ParseImage(
        YamlNode node, int position, string file, List<LayoutDiagnostic> diagnostics, List<LayoutPartition> partitions, List<LayoutRegion> regions)
    {
        var line = YamlNodes.Line(node);
        if (node is not YamlMappingNode map)
        {
            diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidValue, file, line,
                $"image entry {position} holds {YamlNodes.Describe(node)}; write '- index: {position}' followed by header-size, primary and secondary"));
            return null;
        }

        var ok = true;
        var index = position;
        int? header = null;
        uint? load = null, hex = null;
        YamlNode? primary = null, secondary = null;
        int primaryLine = line, secondaryLine = line;
        foreach (var (k, v) in map.Children)
        {
            var key = YamlNodes.Scalar(k) ?? string.Empty;
            var keyLine = YamlNodes.Line(k);
            switch (key)
            {
                case "index":
                    ok &= PartitionManagerParser.Number(v, $"image {position}", key, keyLine, file, diagnostics, out var i);
                    if (i is > 255)
                    {
                        diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidValue, file, keyLine,
                            $"image index {i} is too large; MCUboot image indices are small numbers (0 = application, 1 = nRF5340 network core...)"));
                        ok = false;
                    }
                    else if (i is { } iv)
                    {
                        index = (int)iv;
                    }

                    break;
                case "header-size":
                    ok &= PartitionManagerParser.Number(v, $"image {index}", key, keyLine, file, diagnostics, out var h);
                    header = h is { } hv ? (int)Math.Min(hv, int.MaxValue) : null;
                    break;
                case "load-address":
                    ok &= PartitionManagerParser.Number(v, $"image {index}", key, keyLine, file, diagnostics, out load);
                    break;
                case "hex-base":
                    ok &= PartitionManagerParser.Number(v, $"image {index}", key, keyLine, file, diagnostics, out hex);
                    break;
                case "primary":
                    primary = v;
                    primaryLine = keyLine;
                    break;
                case "secondary":
                    secondary = v;
                    secondaryLine = keyLine;
                    break;
                default:
                    diagnostics.Add(LayoutDiagnostic.Warning(ErrorCodes.LayoutUnknownKey, file, keyLine,
                        $"unknown image key '{YamlNodes.Clip(key)}' ignored; valid keys are index, header-size, primary, secondary, load-address, hex-base"));
                    break;
            }
        }

        if (primary is null)
        {
            diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutMissingField, file, line,
                $"image {index} has no primary slot; add 'primary: {{address: 0x..., size: 0x...}}' or 'primary: <partition name>'"));
            return null;
        }

        var suffix = index == 0 ? string.Empty : $"_{index}";
        var primaryName = Slot(primary, "mcuboot_primary" + suffix, index, "primary", primaryLine, file, diagnostics, partitions, regions);
        string? secondaryName = null;
        if (secondary is not null && !(secondary is YamlScalarNode { Value: null or "" }))
        {
            secondaryName = Slot(secondary, "mcuboot_secondary" + suffix, index, "secondary", secondaryLine, file, diagnostics, partitions, regions);
            ok &= secondaryName is not null;
        }

        ok &= primaryName is not null;
        return ok ? new LayoutImageSpec(index, primaryName!, secondaryName, header, load, hex, line) : null;
    }

    /// <summary>A slot is a partition name, <c>{partition: name}</c> or an inline <c>{address, size, region, device}</c>.</summary>
    private static string? Slot(
        YamlNode node, string inlineName, int index, string role, int line, string file,
        List<LayoutDiagnostic> diagnostics, List<LayoutPartition> partitions, List<LayoutRegion> regions)
    {
        string? reference = YamlNodes.Scalar(node)?.Trim();
        if (node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("partition"), out var named))
        {
            reference = YamlNodes.Scalar(named)?.Trim();
        }

        if (reference is not null)
        {
            if (partitions.Any(p => p.Name == reference))
            {
                return reference;
            }

            diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidValue, file, line,
                $"image {index} {role} slot names partition '{YamlNodes.Clip(reference)}', which is not under 'partitions:'; declare it there or give the slot inline as {{address: 0x..., size: 0x...}}"));
            return null;
        }

        if (node is not YamlMappingNode slot)
        {
            diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidValue, file, line,
                $"image {index} {role} slot holds {YamlNodes.Describe(node)}; write a partition name or {{address: 0x..., size: 0x..., region: ...}}"));
            return null;
        }

        if (partitions.Any(p => p.Name == inlineName))
        {
            diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidValue, file, line,
                $"image {index} {role} slot is given inline but partition '{inlineName}' is already declared; refer to it by name ({role}: {inlineName})"));
            return null;
        }

        var ok = true;
        uint? address = null, size = null;
        string region = LayoutRegion.FlashPrimary;
        string? device = null;
        var keyLines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (k, v) in slot.Children)
        {
            var key = YamlNodes.Scalar(k) ?? string.Empty;
            var keyLine = YamlNodes.Line(k);
            keyLines[key] = keyLine;
            switch (key)
            {
                case "address":
                    ok &= PartitionManagerParser.Number(v, inlineName, key, keyLine, file, diagnostics, out address);
                    break;
                case "size":
                    ok &= PartitionManagerParser.Number(v, inlineName, key, keyLine, file, diagnostics, out size);
                    break;
                case "region":
                    region = YamlNodes.Scalar(v)?.Trim() is { Length: > 0 } r ? r : region;
                    break;
                case "device":
                    device = YamlNodes.Scalar(v)?.Trim();
                    break;
                default:
                    diagnostics.Add(LayoutDiagnostic.Warning(ErrorCodes.LayoutUnknownKey, file, keyLine,
                        $"unknown slot key '{YamlNodes.Clip(key)}' ignored; valid keys are address, size, region, device (or partition)"));
                    break;
            }
        }

        foreach (var (key, value) in new[] { ("address", address), ("size", size) })
        {
            if (value is null && !keyLines.ContainsKey(key))
            {
                diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutMissingField, file, line,
                    $"image {index} {role} slot has no {key}; write {role}: {{address: 0x..., size: 0x...}}"));
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        device ??= regions.FirstOrDefault(r => r.Name == region)?.Device;
        partitions.Add(new LayoutPartition(inlineName, address!.Value, size!.Value, region, line, device: device, keyLines: keyLines));
        return inlineName;
    }

    private static bool PositiveNumber(YamlNode node, string key, int line, string file, List<LayoutDiagnostic> diagnostics, out uint value)
    {
        value = 0;
        if (!PartitionManagerParser.Number(node, "layout", key, line, file, diagnostics, out var v))
        {
            return false;
        }

        value = v!.Value;
        return true;
    }

    private static bool SectorSize(YamlNode node, string owner, int line, string file, List<LayoutDiagnostic> diagnostics, out uint? value)
    {
        value = null;
        if (!PartitionManagerParser.Number(node, owner, "sector-size", line, file, diagnostics, out var v))
        {
            return false;
        }

        if (v is 0 || (v!.Value & (v.Value - 1)) != 0)
        {
            diagnostics.Add(LayoutDiagnostic.Error(ErrorCodes.LayoutInvalidValue, file, line,
                $"sector-size of '{owner}' is {LayoutNumber.Hex(v!.Value)}, not a power of two; use the flash erase page size (0x1000 on nRF internal flash)"));
            return false;
        }

        value = v;
        return true;
    }
}
