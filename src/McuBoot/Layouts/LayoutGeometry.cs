// Derives MCUboot signing geometry: partition-layouts-and-manifests.md §0 items 1-4, §A.3 (names),
// §A.4 "Recommended derivation" (pad, slot size, load address, hex base, secondary hex address, checks),
// §C lessons 1, 2, 4, 6, 8 and §D #1/#21 (header size limits).
using System.Globalization;
using System.Text.RegularExpressions;
using McuBoot.Diagnostics;

namespace McuBoot.Layouts;

/// <summary>Derives per-image MCUboot signing geometry (<see cref="ImageGeometry"/>) from a <see cref="PartitionLayout"/>.</summary>
public static partial class LayoutGeometry
{
    /// <summary>imgtool's minimum <c>--header-size</c>.</summary>
    public const int MinimumHeaderSize = 32;

    /// <summary>The header size is a u16 field of the image header.</summary>
    public const int MaximumHeaderSize = 0xFFFF;

    /// <summary>
    /// Derives the geometry of every image. Partition Manager layouts: image 0 from <c>mcuboot_pad</c>,
    /// <c>mcuboot_primary</c> (or pad + <c>mcuboot_primary_app</c>), <c>mcuboot_secondary</c>; image N from
    /// <c>mcuboot_primary_N</c>/<c>mcuboot_secondary_N</c> with the header size of <c>mcuboot_primary_N_pad</c> or
    /// <c>mcuboot_pad</c>; a primary in <c>ram_flash</c> is the nRF5340 network core, signed with the secondary's
    /// size. mcuboot-layout files: the declared images. Never throws for bad layouts: errors are diagnostics.
    /// </summary>
    public static LayoutGeometryResult Derive(PartitionLayout layout, LayoutGeometryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var ctx = new Context(layout, options ?? LayoutGeometryOptions.Default);
        if (layout.Images.Count > 0)
        {
            DeriveDeclared(ctx);
        }
        else
        {
            DerivePartitionManager(ctx);
        }

        return new LayoutGeometryResult(layout, ctx.Images.OrderBy(i => i.ImageIndex).ToList(), ctx.Diagnostics);
    }

    /// <summary>A partition whose name is within two edits of <paramref name="expected"/> (case, '-' for '_' ignored), but not it.</summary>
    private static LayoutPartition? NearMiss(PartitionLayout layout, string expected)
    {
        static string Norm(string name) => name.ToLowerInvariant().Replace('-', '_');
        return layout.Partitions
            .Where(p => p.Name != expected && Distance(Norm(p.Name), expected) <= 2)
            .OrderBy(p => Distance(Norm(p.Name), expected))
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance (short names only: partition names are a few dozen characters).</summary>
    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2 || a.Length > 64)
        {
            return int.MaxValue;
        }

        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private static void DerivePartitionManager(Context ctx)
    {
        var layout = ctx.Layout;
        var pad = layout.Find("mcuboot_pad");
        var primary = layout.Find("mcuboot_primary");
        var app = layout.Find("mcuboot_primary_app");
        var primaryName = "mcuboot_primary";
        if (primary is null && (pad is not null || app is not null || layout.Find("mcuboot_secondary") is not null))
        {
            // Issue 8: §A.4 allows "if absent: pad + primary_app", but Partition Manager always writes the
            // mcuboot_primary container; a set without it is a hand-edited or misspelled file, and taking the slot from
            // the other partitions silently signed for a guessed geometry. Name the missing partition and the near miss.
            var present = new[] { pad, app, layout.Find("mcuboot_secondary") }.Where(p => p is not null).Select(p => p!.Name);
            var nearMiss = NearMiss(layout, "mcuboot_primary");
            ctx.Error(ErrorCodes.LayoutIncompleteMcuBootSet, nearMiss?.Line ?? (pad ?? app)?.Line ?? 0,
                $"incomplete MCUboot partition set: it has {string.Join(" and ", present)} but no mcuboot_primary{(nearMiss is null ? string.Empty : $" (found '{nearMiss.Name}' at line {nearMiss.Line}: a misspelling?)")}; "
                + $"{(nearMiss is null ? "add mcuboot_primary (the slot: mcuboot_pad + the application)" : $"rename '{nearMiss.Name}' to mcuboot_primary")}, or pass the build's partitions.yml");
            return;
        }

        if (primary is null)
        {
            var missing = pad is null ? "mcuboot_pad and mcuboot_primary" : "mcuboot_primary (and mcuboot_primary_app)";
            var present = string.Join(", ", layout.Partitions.Take(8).Select(p => p.Name)) + (layout.Partitions.Count > 8 ? ", ..." : string.Empty);
            ctx.Error(ErrorCodes.LayoutNoMcuBootGeometry, 0,
                $"no MCUboot geometry: the layout has no {missing} (it has {layout.Partitions.Count} partitions: {present}); pass the build's partitions.yml (build/partitions.yml) instead of a partial static file, or set HeaderSize and SlotSize explicitly");
            return;
        }

        if (pad is null)
        {
            ctx.Error(ErrorCodes.LayoutMissingHeaderPad, primary.Line,
                "mcuboot_primary exists but there is no mcuboot_pad, so the header size (imgtool --header-size) is unknown; add the mcuboot_pad partition (or pass the build's partitions.yml) or set HeaderSize explicitly");
            return;
        }

        ctx.Add(BuildImage(ctx, 0, primary, primaryName, layout.Find("mcuboot_secondary"), (int)Math.Min(pad.Size, int.MaxValue), pad, ownPad: true, app, null, null, pad.Line));

        var indices = layout.Partitions
            .Select(p => SlotName().Match(p.Name))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))
            .Where(n => n >= 1)
            .Distinct()
            .Order();
        foreach (var n in indices)
        {
            var primaryN = layout.Find($"mcuboot_primary_{n}");
            var secondaryN = layout.Find($"mcuboot_secondary_{n}");
            if (primaryN is null)
            {
                ctx.Error(ErrorCodes.LayoutNoMcuBootGeometry, secondaryN!.Line,
                    $"image {n} has mcuboot_secondary_{n} but no mcuboot_primary_{n}; add mcuboot_primary_{n} (pass the build's partitions.yml) or remove the orphan secondary");
                continue;
            }

            var padN = layout.Find($"mcuboot_primary_{n}_pad");
            var header = padN ?? pad;
            ctx.Add(BuildImage(ctx, n, primaryN, primaryN.Name, secondaryN, (int)Math.Min(header.Size, int.MaxValue), header, ownPad: padN is not null,
                layout.Find($"mcuboot_primary_{n}_app"), null, null, primaryN.Line));
        }
    }

    private static void DeriveDeclared(Context ctx)
    {
        var layout = ctx.Layout;
        foreach (var spec in layout.Images)
        {
            var primary = layout.Find(spec.PrimaryPartition)!;
            var secondary = spec.SecondaryPartition is null ? null : layout.Find(spec.SecondaryPartition);
            var suffix = spec.Index == 0 ? string.Empty : $"_{spec.Index}";
            var ownPad = layout.Find($"mcuboot_primary{suffix}_pad") ?? (spec.Index == 0 ? layout.Find("mcuboot_pad") : null);
            var pad = spec.HeaderSize is null ? ownPad ?? layout.Find("mcuboot_pad") : null;
            if (spec.HeaderSize is null && pad is null)
            {
                ctx.Error(ErrorCodes.LayoutMissingHeaderPad, spec.Line,
                    $"image {spec.Index} has no header-size and the layout has no mcuboot_pad, so imgtool --header-size is unknown; add 'header-size: 0x200' (or the pad your bootloader expects) to the image");
                continue;
            }

            var header = spec.HeaderSize ?? (int)Math.Min(pad!.Size, int.MaxValue);
            ctx.Add(BuildImage(ctx, spec.Index, primary, primary.Name, secondary, header, pad, ownPad: pad is not null && pad == ownPad,
                layout.Find($"mcuboot_primary{suffix}_app"), spec.LoadAddress, spec.HexBase, spec.Line));
        }
    }

    private static ImageGeometry? BuildImage(
        Context ctx,
        int index,
        LayoutPartition primary,
        string primaryName,
        LayoutPartition? secondary,
        int header,
        LayoutPartition? pad,
        bool ownPad,
        LayoutPartition? app,
        uint? loadOverride,
        uint? hexOverride,
        int line)
    {
        var headerLine = pad?.LineOf("size") ?? line;
        var isNetCore = primary.Region == LayoutRegion.RamFlash;
        if (isNetCore && secondary is null)
        {
            ctx.Error(ErrorCodes.LayoutNetCoreSecondaryMissing, primary.Line,
                $"image {index}: {primary.Name} is in ram_flash (nRF5340 network core) but there is no mcuboot_secondary_{index}; NCS signs the network core with --slot-size = size(mcuboot_secondary_{index}), so add that partition");
            return null;
        }

        var slot = isNetCore ? secondary!.Size : primary.Size;
        if (header < MinimumHeaderSize || header > MaximumHeaderSize)
        {
            ctx.Error(ErrorCodes.LayoutInvalidHeaderSize, headerLine,
                $"image {index}: header size {LayoutNumber.Hex((uint)Math.Max(header, 0))} is outside {MinimumHeaderSize}..{LayoutNumber.Hex(MaximumHeaderSize)} (imgtool minimum, u16 header field); set the pad to the bootloader's header size, usually 0x200 (0x800 on nRF54L)");
            return null;
        }

        if ((uint)header >= slot)
        {
            ctx.Error(ErrorCodes.LayoutInvalidHeaderSize, headerLine,
                $"image {index}: header size {LayoutNumber.Hex((uint)header)} leaves no room in the {LayoutNumber.Hex(slot)} slot; check the sizes of {pad?.Name ?? "header-size"} and {primary.Name}");
            return null;
        }

        var primaryExternal = LayoutRegion.IsExternal(primary.Region);
        var secondaryExternal = secondary is not null && LayoutRegion.IsExternal(secondary.Region);
        var xip = ctx.XipBase(primary.Region) ?? (secondary is null ? null : ctx.XipBase(secondary.Region));

        uint? hexBase = hexOverride ?? (isNetCore ? null : ctx.Cpu(primary.Region, primary.Address));
        uint? load = loadOverride;
        if (load is null && !isNetCore)
        {
            load = app is not null && app.Region == primary.Region
                ? ctx.Cpu(primary.Region, app.Address)
                : ctx.Cpu(primary.Region, (uint)Math.Min((ulong)primary.Address + (uint)header, uint.MaxValue));
        }

        // Consistency checks (§A.4 "checks").
        if (!isNetCore)
        {
            if (ownPad && pad is not null && pad.Address != primary.Address)
            {
                ctx.Warning(ErrorCodes.LayoutLoadAddressMismatch, pad.LineOf("address"),
                    $"{pad.Name} starts at {LayoutNumber.Hex(pad.Address)} but {primary.Name} starts at {LayoutNumber.Hex(primary.Address)}; the header pad must be the first bytes of the primary slot, move {pad.Name}");
            }

            if (app is not null && app.Region == primary.Region)
            {
                var expected = (ulong)primary.Address + (uint)header;
                if (app.Address != expected)
                {
                    ctx.Warning(ErrorCodes.LayoutLoadAddressMismatch, app.LineOf("address"),
                        $"{app.Name} address {LayoutNumber.Hex(app.Address)} != {primary.Name} address + header {LayoutNumber.Hex(expected)}: the app is not linked right after the header; fix the addresses (the signed hex starts at {LayoutNumber.Hex(primary.Address)})");
                }

                if ((ulong)header + app.Size != primary.Size)
                {
                    ctx.Warning(ErrorCodes.LayoutPrimarySizeMismatch, primary.LineOf("size"),
                        $"{primary.Name} size {LayoutNumber.Hex(primary.Size)} != header {LayoutNumber.Hex((uint)header)} + {app.Name} size {LayoutNumber.Hex(app.Size)}; make the slot exactly pad + app (slot size used: {LayoutNumber.Hex(primary.Size)})");
                }
            }

            if (secondary is not null && secondary.Size < primary.Size)
            {
                ctx.Warning(ErrorCodes.LayoutSecondarySmaller, secondary.LineOf("size"),
                    $"secondary size {LayoutNumber.Hex(secondary.Size)} != primary size {LayoutNumber.Hex(primary.Size)}: {secondary.Name} is smaller than {primary.Name}, so images are signed with --slot-size {LayoutNumber.Hex(primary.Size)} but an upload must fit {LayoutNumber.Hex(secondary.Size)}; make the slots equal unless intended (delta DFU, compressed images)");
            }

            CheckAligned(ctx, primary, primaryName);
        }

        if (secondary is not null)
        {
            CheckAligned(ctx, secondary, secondary.Name);
        }

        return new ImageGeometry
        {
            ImageIndex = index,
            HeaderSize = header,
            SlotSize = slot,
            PrimaryAddress = primary.Address,
            PrimarySize = primary.Size,
            PrimaryRegion = primary.Region,
            PrimaryDevice = primary.Device ?? ctx.Layout.FindRegion(primary.Region)?.Device,
            PrimaryIsExternal = primaryExternal,
            SecondaryAddress = secondary?.Address,
            SecondarySize = secondary?.Size,
            SecondaryRegion = secondary?.Region,
            SecondaryDevice = secondary is null ? null : secondary.Device ?? ctx.Layout.FindRegion(secondary.Region)?.Device,
            SecondaryIsExternal = secondaryExternal,
            HexBaseAddress = hexBase,
            SecondaryHexAddress = secondary is null ? null : ctx.Cpu(secondary.Region, secondary.Address),
            LoadAddress = load,
            XipBase = primaryExternal || secondaryExternal ? xip : null,
            WriteAlignment = ctx.Layout.WriteAlignment,
            SectorSize = ctx.SectorSize(primary.Region),
            IsNetworkCore = isNetCore,
            PrimaryPartition = primaryName,
            SecondaryPartition = secondary?.Name,
            HeaderPartition = pad?.Name,
            AppPartition = app?.Name,
        };
    }

    private static void CheckAligned(Context ctx, LayoutPartition slot, string name)
    {
        var sector = ctx.SectorSize(slot.Region);
        if (slot.Address % sector != 0 || slot.Size % sector != 0)
        {
            ctx.Warning(ErrorCodes.LayoutSlotNotAligned, slot.Line,
                $"{name} not {LayoutNumber.Bytes(sector)} aligned ({LayoutNumber.Hex(slot.Address)}+{LayoutNumber.Hex(slot.Size)}): MCUboot erases whole sectors, so a slot must start and end on a {LayoutNumber.Hex(sector)} boundary; move/resize it (or state the real sector-size)");
        }
    }

    [GeneratedRegex(@"^mcuboot_(primary|secondary)_(\d{1,3})$", RegexOptions.CultureInvariant)]
    private static partial Regex SlotName();

    private sealed class Context(PartitionLayout layout, LayoutGeometryOptions options)
    {
        public PartitionLayout Layout { get; } = layout;

        public List<ImageGeometry> Images { get; } = [];

        public List<LayoutDiagnostic> Diagnostics { get; } = [];

        public void Add(ImageGeometry? image)
        {
            if (image is not null)
            {
                Images.Add(image);
            }
        }

        public void Error(string code, int line, string text) =>
            Diagnostics.Add(LayoutDiagnostic.Error(code, Layout.SourcePath, line, text));

        public void Warning(string code, int line, string text) =>
            Diagnostics.Add(LayoutDiagnostic.Warning(code, Layout.SourcePath, line, text));

        public uint SectorSize(string region) =>
            options.SectorSize ?? Layout.FindRegion(region)?.SectorSize ?? Layout.SectorSize ?? LayoutGeometryOptions.DefaultSectorSize;

        public uint? XipBase(string region) =>
            LayoutRegion.IsExternal(region) ? options.XipBase ?? Layout.FindRegion(region)?.XipBase : null;

        /// <summary>CPU-visible address of a device address: unchanged internally, XIP base + offset externally (null when unknown).</summary>
        public uint? Cpu(string region, uint address)
        {
            if (!LayoutRegion.IsExternal(region))
            {
                return address;
            }

            if (XipBase(region) is not { } xip)
            {
                return null;
            }

            var sum = (ulong)xip + address;
            return sum <= uint.MaxValue ? (uint)sum : null;
        }
    }
}
