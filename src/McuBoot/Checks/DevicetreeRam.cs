// The RAM a Zephyr build knows (issue 13): the chosen zephyr,sram (zephyr dts/bindings/base/chosen: the RAM the image is
// linked into, where its stack lives) and the other RAM nodes of the flattened zephyr.dts (mmio-sram, memory nodes with
// device_type = "memory" such as SDRAM, tightly-coupled RAM: arm,dtcm / arm,itcm / nxp,imx-dtcm / nxp,imx-itcm,
// zephyr,memory-region RAM regions). Check's stack-pointer rule accepts an SP in any of them.
using McuBoot.Devicetree;

namespace McuBoot.Checks;

/// <summary>Finds the RAM a devicetree describes, for <see cref="CheckRequest.KnownRam"/>.</summary>
public static class DevicetreeRam
{
    private static readonly string[] RamCompatibles =
        ["mmio-sram", "arm,dtcm", "arm,itcm", "nxp,imx-dtcm", "nxp,imx-itcm", "nxp,imx-ocram", "st,stm32-ccm", "zephyr,memory-region"];

    /// <summary>
    /// The RAM nodes of <paramref name="doc"/>: the chosen <c>zephyr,sram</c> first, then every other RAM node
    /// (compatible <c>mmio-sram</c>, a tightly-coupled RAM, a <c>zephyr,memory-region</c> that is not flash, or
    /// <c>device_type = "memory"</c>), each with its node path as the source.
    /// </summary>
    public static IReadOnlyList<RamRange> From(DtsDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var result = new List<RamRange>();
        var chosen = doc.Chosen("zephyr,sram");
        if (chosen is { Reg.Count: > 0 })
        {
            result.Add(new RamRange(chosen.Reg[0].Address, chosen.Reg[0].Size, $"zephyr,sram {chosen.Path} of {Path.GetFileName(doc.SourcePath)}"));
        }

        foreach (var node in doc.Root.SelfAndDescendants())
        {
            if (node == chosen || node.Reg.Count == 0 || !IsRam(node))
            {
                continue;
            }

            var (address, size) = node.Reg[0];
            if (size > 0 && !result.Any(r => r.Start == address && r.Size == size))
            {
                result.Add(new RamRange(address, size, $"{node.Path} of {Path.GetFileName(doc.SourcePath)}"));
            }
        }

        return result;
    }

    private static bool IsRam(DtsNode node)
    {
        if (node.IsCompatible("soc-nv-flash") || node.BaseName.Contains("flash", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return node.Property("device_type")?.String == "memory" || RamCompatibles.Any(node.IsCompatible);
    }
}
