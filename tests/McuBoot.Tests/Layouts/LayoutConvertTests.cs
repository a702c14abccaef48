using McuBoot.Diagnostics;
using McuBoot.Layouts;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Layouts;

/// <summary>
/// <c>layout convert</c> (issue 9 item 4): over every real Partition Manager file in tests/data/layouts, the geometry
/// derived from the converted output equals the geometry derived from the PM file; the overlay follows pm_to_dts.py.
/// </summary>
public sealed class LayoutConvertTests
{
    /// <summary>Every real layout file (the unusable one included: it must be refused with a code).</summary>
    public static TheoryData<string> RealLayouts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestPaths.Layouts, "*.yml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void TheSetIsComplete()
        => Assert.True(RealLayouts().Count >= 12, "tests/data/layouts should hold the twelve real layouts");

    [Theory]
    [MemberData(nameof(RealLayouts))]
    public void McuBootLayoutRoundTripKeepsTheGeometry(string name)
    {
        string path = Path.Combine(TestPaths.Layouts, name);
        var read = LayoutReader.Load(path);
        if (read.Layout is null || read.Diagnostics.Any(d => d.IsError))
        {
            var e = Assert.Throws<McuBootException>(() => LayoutConverter.Convert(path, LayoutConvertFormat.McuBootLayout));
            Assert.Equal(ErrorCodes.LayoutConvertUnusableLayout, e.Code);
            return;
        }

        var original = LayoutGeometry.Derive(read.Layout);
        Assert.DoesNotContain(original.Diagnostics, d => d.IsError);
        var conversion = LayoutConverter.Convert(path, LayoutConvertFormat.McuBootLayout);
        Assert.StartsWith("# converted from " + name, conversion.Text);

        var back = LayoutReader.Parse(conversion.Text, "converted.yml");
        Assert.True(back.Layout is not null, string.Join("\n", back.Diagnostics));
        Assert.Equal(LayoutKind.McuBootLayout, back.Layout.Kind);
        Assert.DoesNotContain(back.Diagnostics, d => d.IsError);
        var roundTrip = LayoutGeometry.Derive(back.Layout);
        Assert.DoesNotContain(roundTrip.Diagnostics, d => d.IsError);
        Assert.Equal(original.Images.Count, roundTrip.Images.Count);
        foreach (var (a, b) in original.Images.Zip(roundTrip.Images))
        {
            AssertSameGeometry(a, b, name);
        }

        // The partitions that are no slot are kept (bootloader, storage, RAM for check's stack-pointer rule).
        foreach (var kept in new[] { "mcuboot", "sram_primary" }.Where(n => read.Layout.Find(n) is { Size: > 0 }))
        {
            var p = back.Layout.Find(kept);
            Assert.True(p is not null, $"{name}: {kept} was not kept");
            Assert.Equal(read.Layout.Find(kept)!.Address, p.Address);
            Assert.Equal(read.Layout.Find(kept)!.Size, p.Size);
        }
    }

    [Theory]
    [MemberData(nameof(RealLayouts))]
    public void DtsOverlayMapsTheSlotsLikePmToDts(string name)
    {
        string path = Path.Combine(TestPaths.Layouts, name);
        var read = LayoutReader.Load(path);
        if (read.Layout is null || read.Diagnostics.Any(d => d.IsError))
        {
            var e = Assert.Throws<McuBootException>(() => LayoutConverter.Convert(path, LayoutConvertFormat.DtsOverlay));
            Assert.Equal(ErrorCodes.LayoutConvertUnusableLayout, e.Code);
            return;
        }

        var conversion = LayoutConverter.Convert(path, LayoutConvertFormat.DtsOverlay);
        var overlay = OverlayNodes.Parse(conversion.Text);
        var layout = read.Layout;
        var primary = layout.Find("mcuboot_primary")!;
        var slot0 = overlay.Single(n => n.Label == "slot0_partition");
        Assert.Equal(primary.Address, slot0.Address);
        Assert.Equal(primary.Size, slot0.Size);
        Assert.Equal("image-0", slot0.PartitionLabel);
        Assert.Contains(slot0.FlashNode, new[] { "flash0", "cpuapp_rram" });
        Assert.Equal(layout.Find("mcuboot")!.Address, overlay.Single(n => n.Label == "boot_partition").Address);

        // Every slot of every image in flash: slot(2N) = mcuboot_primary_N, slot(2N+1) = mcuboot_secondary_N, in its flash node.
        foreach (var p in layout.Partitions.Where(p => p.Name.StartsWith("mcuboot_primary", StringComparison.Ordinal) || p.Name.StartsWith("mcuboot_secondary", StringComparison.Ordinal)))
        {
            var m = System.Text.RegularExpressions.Regex.Match(p.Name, @"^mcuboot_(primary|secondary)(?:_(\d+))?$");
            if (!m.Success || p.Name == "mcuboot_primary")
            {
                continue;
            }

            int image = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            string label = $"slot{(2 * image) + (m.Groups[1].Value == "secondary" ? 1 : 0)}_partition";
            if (p.Region == LayoutRegion.RamFlash)
            {
                Assert.DoesNotContain(overlay, n => n.Label == label);
                Assert.Contains(conversion.Diagnostics, d => d.Code == ErrorCodes.LayoutConvertPartitionNotMapped && d.Message.Contains(p.Name, StringComparison.Ordinal));
                continue;
            }

            var node = overlay.Single(n => n.Label == label);
            Assert.Equal(p.Address, node.Address);
            Assert.Equal(p.Size, node.Size);
            Assert.Equal(p.Region == LayoutRegion.ExternalFlash ? "mx25r64" : slot0.FlashNode, node.FlashNode);
            Assert.Equal($"image-{(2 * image) + (m.Groups[1].Value == "secondary" ? 1 : 0)}", node.PartitionLabel);
        }

        // No two nodes at one unit address in one flash node; nothing overlaps except TF-M's container.
        foreach (var group in overlay.Where(n => n.Parent is null).GroupBy(n => n.FlashNode))
        {
            Assert.Equal(group.Count(), group.Select(n => n.Address).Distinct().Count());
        }

        Assert.Contains("CONFIG_ROM_START_OFFSET=0x" + layout.Find("mcuboot_pad")!.Size.ToString("x", System.Globalization.CultureInfo.InvariantCulture), conversion.Text);
    }

    [Fact]
    public void OverlayOfTheNrf52832LayoutIsExactlyThis()
    {
        var conversion = LayoutConverter.Convert(Path.Combine(TestPaths.Layouts, "helion-labs__uwb-nrf-tut__pm_static.yml"), LayoutConvertFormat.DtsOverlay);
        Assert.Empty(conversion.Diagnostics);
        Assert.EndsWith("""
            &flash0 {
            	partitions {
            		compatible = "fixed-partitions";
            		#address-cells = <1>;
            		#size-cells = <1>;

            		boot_partition: partition@0 {
            			label = "mcuboot";
            			reg = <0x0 0xc000>;
            		};

            		slot0_partition: partition@c000 {
            			label = "image-0";
            			reg = <0xc000 0x3a000>;
            		};

            		slot1_partition: partition@46000 {
            			label = "image-1";
            			reg = <0x46000 0x3a000>;
            		};
            	};
            };

            """.Replace("\r\n", "\n", StringComparison.Ordinal), conversion.Text);
    }

    [Fact]
    public void Nrf54LLayoutGoesToRram()
    {
        var conversion = LayoutConverter.Convert(Path.Combine(TestPaths.Layouts, "DmitrySes__zephyr_sysbuild_issue__pm_static.yml"), LayoutConvertFormat.DtsOverlay);
        Assert.StartsWith("&cpuapp_rram {", conversion.Text[conversion.Text.IndexOf('&', StringComparison.Ordinal)..]);
        Assert.Contains("CONFIG_ROM_START_OFFSET=0x800", conversion.Text);

        var forced = LayoutConverter.Convert(Path.Combine(TestPaths.Layouts, "DmitrySes__zephyr_sysbuild_issue__pm_static.yml"), LayoutConvertFormat.DtsOverlay, new DtsOverlayOptions { FlashNode = "flash0" });
        Assert.Contains("&flash0 {", forced.Text);
    }

    [Fact]
    public void TfmLayoutWritesTheSlot0Container()
    {
        var conversion = LayoutConverter.Convert(Path.Combine(TestPaths.Layouts, "nrfconnect__sdk-nrf__boards_nordic_thingy91_thingy91_pm_static.yml"), LayoutConvertFormat.DtsOverlay);
        var nodes = OverlayNodes.Parse(conversion.Text);
        var slot0 = nodes.Single(n => n.Label == "slot0_partition");
        Assert.Equal((0xc000u, 0x69000u), (slot0.Address, slot0.Size));
        Assert.Contains("compatible = \"fixed-subpartitions\";", conversion.Text);
        var secure = nodes.Single(n => n.Label == "slot0_s_partition");
        var nonSecure = nodes.Single(n => n.Label == "slot0_ns_partition");
        Assert.Equal(("slot0_partition", 0x0u, 0xc000u), (secure.Parent, secure.Address, secure.Size));
        Assert.Equal(("slot0_partition", 0xc000u, 0x5b000u), (nonSecure.Parent, nonSecure.Address, nonSecure.Size));
        Assert.Equal(0xde000u, nodes.Single(n => n.Label == "scratch_partition").Address);

        // settings_storage and nonsecure_storage share 0xfe000: one node, and a warning.
        Assert.Single(nodes, n => n.Address == 0xfe000 && n.Parent is null);
        Assert.Contains(conversion.Diagnostics, d => d.Code == ErrorCodes.LayoutConvertPartitionNotMapped && d.Message.Contains("nonsecure_storage", StringComparison.Ordinal));
    }

    [Fact]
    public void NetworkCoreLayoutGoesToFlash1AtOffsets()
    {
        using var dir = new TempDirectory();
        string path = dir.File("partitions_CPUNET.yml");
        File.WriteAllText(path, """
            b0n:
              address: 0x1000000
              size: 0x8580
              region: flash_primary
            provision:
              address: 0x1008580
              size: 0x280
              region: flash_primary
            app:
              address: 0x1008800
              size: 0x37800
              region: flash_primary
            sram_primary:
              address: 0x21000000
              size: 0x10000
              region: sram_primary
            """);
        var conversion = LayoutConverter.Convert(path, LayoutConvertFormat.DtsOverlay);
        Assert.Contains("&flash1 {", conversion.Text);
        var nodes = OverlayNodes.Parse(conversion.Text);
        Assert.Equal((0x0u, 0x8580u), nodes.Single(n => n.Label == "b0n_partition") is var b ? (b.Address, b.Size) : default);
        Assert.Equal("b0-provision-data", nodes.Single(n => n.Label == "provision_partition").PartitionLabel);
        Assert.Equal(0x8800u, nodes.Single(n => n.Label == "slot0_partition").Address);
    }

    [Fact]
    public void McuBootLayoutInputCannotBecomeAnOverlay()
    {
        using var dir = new TempDirectory();
        string path = dir.File("layout.yml");
        File.WriteAllText(path, "mcuboot-layout: 1\nimages:\n  - header-size: 0x200\n    primary: {address: 0x10000, size: 0x40000}\n");
        var e = Assert.Throws<McuBootException>(() => LayoutConverter.Convert(path, LayoutConvertFormat.DtsOverlay));
        Assert.Equal(ErrorCodes.LayoutConvertNeedsPartitionManager, e.Code);
        Assert.Equal(ExitCodes.Usage, e.ExitCode);

        // ...but converts to itself.
        var same = LayoutConverter.Convert(path, LayoutConvertFormat.McuBootLayout);
        Assert.Contains("primary: {address: 0x10000, size: 0x40000", same.Text);
    }

    [Fact]
    public void InvalidNodeLabelIsRefused()
    {
        var e = Assert.Throws<McuBootException>(() => LayoutConverter.Convert(Path.Combine(TestPaths.Layouts, "helion-labs__uwb-nrf-tut__pm_static.yml"),
            LayoutConvertFormat.DtsOverlay, new DtsOverlayOptions { FlashNode = "flash0 { }; /delete-node/" }));
        Assert.Equal(ErrorCodes.LayoutConvertInvalidOption, e.Code);
    }

    private static void AssertSameGeometry(ImageGeometry a, ImageGeometry b, string name)
    {
        string what = $"{name} image {a.ImageIndex}";
        Assert.True(a.ImageIndex == b.ImageIndex, what);
        Assert.True(a.HeaderSize == b.HeaderSize, $"{what}: header 0x{a.HeaderSize:x} vs 0x{b.HeaderSize:x}");
        Assert.True(a.SlotSize == b.SlotSize, $"{what}: slot size 0x{a.SlotSize:x} vs 0x{b.SlotSize:x}");
        Assert.True(a.PrimaryAddress == b.PrimaryAddress && a.PrimarySize == b.PrimarySize, $"{what}: primary");
        Assert.True(a.PrimaryRegion == b.PrimaryRegion && a.PrimaryIsExternal == b.PrimaryIsExternal, $"{what}: primary region");
        Assert.True(a.SecondaryAddress == b.SecondaryAddress && a.SecondarySize == b.SecondarySize, $"{what}: secondary");
        Assert.True(a.SecondaryRegion == b.SecondaryRegion && a.SecondaryIsExternal == b.SecondaryIsExternal, $"{what}: secondary region");
        Assert.True(a.HexBaseAddress == b.HexBaseAddress, $"{what}: hex base {a.HexBaseAddress:x} vs {b.HexBaseAddress:x}");
        Assert.True(a.SecondaryHexAddress == b.SecondaryHexAddress, $"{what}: secondary hex");
        Assert.True(a.LoadAddress == b.LoadAddress, $"{what}: load address");
        Assert.True(a.XipBase == b.XipBase, $"{what}: xip base");
        Assert.True(a.WriteAlignment == b.WriteAlignment, $"{what}: write alignment");
        Assert.True(a.IsNetworkCore == b.IsNetworkCore, $"{what}: network core");
    }
}
