// Partition Manager -> devicetree overlay, with the partition mapping of nrfconnect/sdk-nrf scripts/pm_to_dts.py
// (v0.06): its IGNORE_LIST, NAME_EXCHANGE and LABEL_EXCHANGE tables, slot0 widened by mcuboot_pad, the TF-M slot0
// container with slot0_s/slot0_ns subpartitions, s0/s1 widened by s0_pad under TF-M, duplicates at one address dropped,
// internal flash under &flash0 (&cpuapp_rram on nRF54L), external flash under &mx25r64 with its own fixed-partitions
// node, the network core (partitions_CPUNET.yml) under &flash1. Our own code; the differences are documented in
// docs/layout-convert.md (hex sizes instead of DT_SIZE_K, slot0 taken from mcuboot_primary, scratch_partition, flash1
// offsets, compatible/#cells also on the internal node).
using System.Globalization;
using System.Text;
using McuBoot.Diagnostics;

namespace McuBoot.Layouts;

/// <summary>Writes a Zephyr devicetree overlay (<c>fixed-partitions</c>) from a Nordic Partition Manager layout.</summary>
public static class PartitionManagerToDts
{
    /// <summary>The base address of the nRF5340 network core's flash (<c>flash1</c>); its partitions are offsets from it.</summary>
    public const uint NetworkCoreFlashBase = 0x0100_0000;

    /// <summary>Partitions pm_to_dts.py never writes (containers, pads, RAM, the NSIB containers, EMPTY_n gaps).</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "mcuboot_primary_app", "mcuboot_secondary_app", "otp", "pcd_sram", "rpmsg_nrf53_sram", "sram_primary",
        "mcuboot_secondary_pad", "b0n_container", "bootconf", "nrf70_wifi_fw_mcuboot_pad", "EMPTY_0", "EMPTY_1", "EMPTY_2",
        "EMPTY_3", "EMPTY_4", "EMPTY_5", "b0_container", "s0", "s1", "app_image", "tfm", "s1_pad",
    };

    /// <summary>Partition Manager name -> (devicetree node label, partition label).</summary>
    private static readonly Dictionary<string, (string Node, string Label)> Names = new(StringComparer.Ordinal)
    {
        ["mcuboot"] = ("boot_partition", "mcuboot"),
        ["app"] = ("slot0_partition", "image-0"),
        ["factory_data"] = ("factory_data_partition", "factory-data"),
        ["settings_storage"] = ("storage_partition", "storage"),
        ["mcuboot_secondary"] = ("slot1_partition", "image-1"),
        ["mcuboot_primary_1"] = ("slot2_partition", "image-2"),
        ["mcuboot_secondary_1"] = ("slot3_partition", "image-3"),
        ["mcuboot_primary_2"] = ("slot4_partition", "image-4"),
        ["mcuboot_secondary_2"] = ("slot5_partition", "image-5"),
        ["mcuboot_primary_3"] = ("slot6_partition", "image-6"),
        ["mcuboot_secondary_3"] = ("slot7_partition", "image-7"),
        ["mcuboot_primary_4"] = ("slot8_partition", "image-8"),
        ["mcuboot_secondary_4"] = ("slot9_partition", "image-9"),
        ["mcuboot_primary_5"] = ("slot10_partition", "image-10"),
        ["mcuboot_secondary_5"] = ("slot11_partition", "image-11"),
        ["b0n"] = ("b0n_partition", "b0n"),
        ["b0"] = ("b0_partition", "b0"),
        ["provision"] = ("provision_partition", "b0-provision-data"),
        ["s0_image"] = ("s0_partition", "b0-image-0"),
        ["s1_image"] = ("s1_partition", "b0-image-1"),
        ["tfm_secure"] = ("slot0_s_partition", "image-0-secure"),
        ["tfm_nonsecure"] = ("slot0_ns_partition", "image-0-nonsecure"),
        ["tfm_storage"] = ("tfm_storage_partition", "tfm-storage"),
        ["tfm_its"] = ("tfm_its_partition", "tfm-its"),
        ["tfm_otp_nv_counters"] = ("tfm_otp_partition", "tfm-otp"),
        ["tfm_ps"] = ("tfm_ps_partition", "tfm-ps"),

        // Not in pm_to_dts.py: Zephyr's MCUboot finds the swap-scratch area by this node label.
        ["mcuboot_scratch"] = ("scratch_partition", "image-scratch"),
    };

    /// <summary>Writes the overlay for <paramref name="layout"/> (a Partition Manager layout).</summary>
    /// <exception cref="McuBootException">The layout is not a Partition Manager layout (MCUB6302), or maps to no partition (MCUB6301).</exception>
    public static LayoutConversion Convert(PartitionLayout layout, DtsOverlayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        options ??= DtsOverlayOptions.Default;
        if (layout.Kind != LayoutKind.NordicPartitionManager)
        {
            throw new McuBootException(ErrorCodes.LayoutConvertNeedsPartitionManager,
                $"{layout.SourcePath} is an mcuboot-layout file; a devicetree overlay is written from a Partition Manager file (pm_static.yml or build/partitions.yml): convert that one.",
                layout.SourcePath) { ExitCode = ExitCodes.Usage };
        }

        foreach (var label in new[] { options.FlashNode, options.ExternalFlashNode })
        {
            if (label is not null && !IsNodeLabel(label))
            {
                throw new McuBootException(ErrorCodes.LayoutConvertInvalidOption,
                    $"'{label}' is not a devicetree node label (letters, digits and '_', not starting with a digit); pass the label of the board's flash node, e.g. flash0, cpuapp_rram or mx25r64.")
                { ExitCode = ExitCodes.Usage };
            }
        }

        var diagnostics = new List<LayoutDiagnostic>();
        bool netCore = options.NetworkCore ?? Path.GetFileName(layout.SourcePath).Contains("CPUNET", StringComparison.OrdinalIgnoreCase);
        var internalAreas = new List<Area>();
        var externalAreas = new List<Area>();
        var primary = layout.Find("mcuboot_primary");
        uint padSize = layout.Find("mcuboot_pad")?.Size ?? 0;
        uint s0PadSize = layout.Find("s0_pad")?.Size ?? 0;
        bool b0 = layout.Find("s1_image") is not null;
        bool tfm = layout.Find("tfm_secure") is not null;

        foreach (var p in layout.Partitions)
        {
            if (Ignored.Contains(p.Name) || p.Name is "external_flash" or "ram_flash" or "mcuboot_primary" or "mcuboot_pad" or "s0_pad")
            {
                continue;
            }

            List<Area> list;
            if (p.Region == LayoutRegion.ExternalFlash)
            {
                list = externalAreas;
            }
            else if (p.Region is LayoutRegion.FlashPrimary or "")
            {
                list = internalAreas;
            }
            else
            {
                if (p.Region != LayoutRegion.SramPrimary)
                {
                    string why = p.Region == LayoutRegion.RamFlash
                        ? "the nRF5340 network-core update slot lives in RAM (ram_flash), which the devicetree does not describe as flash; pm_to_dts.py leaves it out too: the network core's own layout (partitions_CPUNET.yml) converts to &flash1"
                            + (LaterImageExists(layout, p.Name) ? "; NCS's sysbuild signing looks for slot pairs in order and stops at the first missing one (sign_sysbuild.cmake find_slot_addr_size), so the images after it are only found once this slot is in the devicetree" : string.Empty)
                        : $"its region '{p.Region}' is neither flash_primary nor external_flash; add it to the overlay by hand";
                    diagnostics.Add(LayoutDiagnostic.Warning(ErrorCodes.LayoutConvertPartitionNotMapped, layout.SourcePath, p.Line,
                        $"partition {p.Name} (0x{p.Address:x}+0x{p.Size:x}) is not in the overlay: {why}"));
                }

                continue;
            }

            var (node, label) = Names.TryGetValue(p.Name, out var mapped) ? mapped : (p.Name, p.Name.Replace('_', '-'));
            list.Add(new Area(p.Name, node, label, p.Address, p.Size, p));
        }

        ApplySlotRules(layout, internalAreas, primary, padSize, s0PadSize, b0, tfm, diagnostics);
        internalAreas = DropDuplicates(layout, internalAreas, diagnostics);
        externalAreas = DropDuplicates(layout, externalAreas, diagnostics);
        if (internalAreas.Count == 0 && externalAreas.Count == 0)
        {
            throw new McuBootException(ErrorCodes.LayoutConvertNoGeometry,
                $"{layout.SourcePath} has no flash partition to write as devicetree (only RAM, ignored or unknown regions); convert the build's partitions.yml.",
                layout.SourcePath);
        }

        string flashNode = netCore ? "flash1" : options.FlashNode ?? (LooksLikeNrf54L(internalAreas) ? "cpuapp_rram" : "flash0");
        var sb = new StringBuilder();
        sb.Append("/*\n * Partitions of ").Append(Path.GetFileName(layout.SourcePath))
            .Append(", written by dotnet mcuboot layout convert with the mapping of sdk-nrf scripts/pm_to_dts.py.\n");
        if (primary is not null && padSize > 0)
        {
            sb.Append(" * MCUboot header: set CONFIG_ROM_START_OFFSET=").Append(Hex(padSize))
                .Append(" in the application (the size of mcuboot_pad; it is no partition in devicetree).\n");
        }

        sb.Append(" */\n\n");
        if (internalAreas.Count > 0)
        {
            uint bias = netCore ? NetworkCoreFlashBase : 0;
            WriteFlashNode(sb, flashNode, internalAreas, bias, tfm && primary is not null ? primary : null, external: false);
        }

        if (externalAreas.Count > 0)
        {
            if (internalAreas.Count > 0)
            {
                sb.Append('\n');
            }

            WriteFlashNode(sb, options.ExternalFlashNode, externalAreas, 0, null, external: true);
        }

        return new LayoutConversion(LayoutConvertFormat.DtsOverlay, sb.ToString(), diagnostics);
    }

    private static void ApplySlotRules(PartitionLayout layout, List<Area> areas, LayoutPartition? primary, uint padSize, uint s0PadSize, bool b0, bool tfm, List<LayoutDiagnostic> diagnostics)
    {
        int slot0 = areas.FindIndex(a => a.Node == "slot0_partition");
        if (primary is not null && !tfm)
        {
            // pm_to_dts.py: slot0 = app - mcuboot_pad, app + mcuboot_pad; that is mcuboot_primary, the slot MCUboot uses.
            if (slot0 >= 0)
            {
                var app = areas[slot0];
                if ((ulong)app.Address != (ulong)primary.Address + padSize || (ulong)app.Size + padSize != primary.Size)
                {
                    diagnostics.Add(LayoutDiagnostic.Warning(ErrorCodes.LayoutConvertSlotAdjusted, layout.SourcePath, app.Source?.Line ?? 0,
                        $"app (0x{app.Address:x}+0x{app.Size:x}) plus mcuboot_pad (0x{padSize:x}) is not mcuboot_primary (0x{primary.Address:x}+0x{primary.Size:x}); slot0_partition is written as mcuboot_primary, the slot MCUboot boots from"));
                }

                areas[slot0] = app with { Address = primary.Address, Size = primary.Size };
            }
            else
            {
                areas.Add(new Area("mcuboot_primary", "slot0_partition", "image-0", primary.Address, primary.Size, primary));
            }
        }
        else if (primary is null && b0 && slot0 >= 0)
        {
            areas.RemoveAt(slot0);
        }

        if (tfm)
        {
            areas.RemoveAll(a => a.Node == "slot0_partition");
            for (int i = 0; i < areas.Count; i++)
            {
                if (areas[i].Node is "s0_partition" or "s1_partition")
                {
                    areas[i] = areas[i] with { Address = areas[i].Address - s0PadSize, Size = areas[i].Size + s0PadSize };
                }
            }
        }
    }

    /// <summary>Two nodes at one address would share a unit address: keep slot0/s0 or the partition over the container that spans it.</summary>
    private static List<Area> DropDuplicates(PartitionLayout layout, List<Area> areas, List<LayoutDiagnostic> diagnostics)
    {
        var sorted = areas.OrderBy(a => a.Address).ThenBy(a => a.Source?.IsContainer == true ? 1 : 0).ToList();
        var kept = new List<Area>();
        foreach (var area in sorted)
        {
            int same = kept.FindIndex(k => k.Address == area.Address);
            if (same < 0)
            {
                kept.Add(area);
                continue;
            }

            var other = kept[same];
            bool preferNew = area.Node is "slot0_partition" or "s0_partition" or "slot0_s_partition";
            var (keep, drop) = preferNew ? (area, other) : (other, area);
            kept[same] = keep;
            diagnostics.Add(LayoutDiagnostic.Warning(ErrorCodes.LayoutConvertPartitionNotMapped, layout.SourcePath, drop.Source?.Line ?? 0,
                $"partition {drop.PmName} starts at 0x{drop.Address:x} like {keep.PmName}; devicetree allows one partition node per address, so only {keep.Node} is written"));
        }

        return kept;
    }

    /// <summary>True when <paramref name="name"/> is <c>mcuboot_primary_N</c> and the layout has a slot of a later image.</summary>
    private static bool LaterImageExists(PartitionLayout layout, string name)
    {
        int n = name.StartsWith("mcuboot_primary_", StringComparison.Ordinal) && int.TryParse(name.AsSpan("mcuboot_primary_".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : -1;
        return n >= 0 && layout.Find($"mcuboot_primary_{n + 1}") is not null;
    }

    private static bool IsNodeLabel(string label)
        => label.Length > 0 && !char.IsAsciiDigit(label[0]) && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool LooksLikeNrf54L(List<Area> areas)
        => areas.Count > 0 && areas.Max(a => (ulong)a.Address + a.Size) > 0x10_0000;

    private static void WriteFlashNode(StringBuilder sb, string node, List<Area> areas, uint bias, LayoutPartition? tfmSlot0, bool external)
    {
        sb.Append('&').Append(node).Append(" {\n\tpartitions {\n");
        sb.Append("\t\tcompatible = \"fixed-partitions\";\n");
        if (external)
        {
            sb.Append("\t\tranges;\n");
        }

        sb.Append("\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n");
        string indent = "\t\t";
        uint subBase = 0;
        bool inContainer = false;
        foreach (var area in areas)
        {
            sb.Append('\n');
            uint address = area.Address >= bias ? area.Address - bias : area.Address;
            if (tfmSlot0 is not null && area.Node == "slot0_s_partition")
            {
                // The MCUboot slot holds TF-M and the non-secure application: a container node, as pm_to_dts.py writes it.
                subBase = address;
                inContainer = true;
                sb.Append(indent).Append("slot0_partition: partition@").Append(address.ToString("x", CultureInfo.InvariantCulture)).Append(" {\n");
                sb.Append(indent).Append("\tcompatible = \"fixed-subpartitions\";\n");
                sb.Append(indent).Append("\tlabel = \"image-0\";\n");
                sb.Append(indent).Append("\treg = <").Append(Hex(address)).Append(' ').Append(Hex(tfmSlot0.Size)).Append(">;\n");
                sb.Append(indent).Append("\tranges = <0x0 ").Append(Hex(address)).Append(' ').Append(Hex(tfmSlot0.Size)).Append(">;\n");
                sb.Append(indent).Append("\t#address-cells = <1>;\n");
                sb.Append(indent).Append("\t#size-cells = <1>;\n\n");
                indent = "\t\t\t";
            }

            uint offset = address - subBase;
            sb.Append(indent).Append(area.Node).Append(": partition@").Append(offset.ToString("x", CultureInfo.InvariantCulture)).Append(" {\n");
            sb.Append(indent).Append("\tlabel = \"").Append(area.Label).Append("\";\n");
            sb.Append(indent).Append("\treg = <").Append(Hex(offset)).Append(' ').Append(Hex(area.Size)).Append(">;\n");
            sb.Append(indent).Append("};\n");
            if (inContainer && area.Node == "slot0_ns_partition")
            {
                indent = "\t\t";
                subBase = 0;
                inContainer = false;
                sb.Append(indent).Append("};\n");
            }
        }

        if (inContainer)
        {
            sb.Append("\t\t};\n");
        }

        sb.Append("\t};\n};\n");
    }

    private static string Hex(uint value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>One partition node to write.</summary>
    private sealed record Area(string PmName, string Node, string Label, uint Address, uint Size, LayoutPartition? Source);
}
