using System.Globalization;
using System.Xml.Linq;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Layouts;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Layouts;

/// <summary><c>layout show --format svg|html</c> (issue 9 item 5): the drawing's structure, scale, labels and overflow.</summary>
public sealed class LayoutSvgTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> DrawableLayouts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestPaths.Layouts, "*.yml").Order(StringComparer.Ordinal))
        {
            if (LayoutReader.Load(file).Layout is not null)
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DrawableLayouts))]
    public void EveryPartitionIsOneRectAtItsScaledOffset(string name)
    {
        var layout = LayoutReader.Load(Path.Combine(TestPaths.Layouts, name)).Layout!;
        var doc = XDocument.Parse(LayoutSvgWriter.Write(FlashMap.Build(layout)));
        var root = doc.Root!;
        Assert.Equal(Svg + "svg", root.Name);
        double barTop = D(root.Attribute("data-bar-top")!.Value);
        double barHeight = D(root.Attribute("data-bar-height")!.Value);

        foreach (var p in layout.Partitions.Where(p => p.Size > 0))
        {
            var rects = doc.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("data-name") == p.Name).ToList();
            Assert.True(rects.Count == 1, $"{name}: {p.Name} has {rects.Count} rects");
            var rect = rects[0];
            var region = rect.Ancestors(Svg + "g").First(g => (string?)g.Attribute("class") == "region");
            Assert.Equal(p.Region, (string)region.Attribute("data-region")!);
            ulong start = H(region.Attribute("data-start")!.Value);
            ulong end = H(region.Attribute("data-end")!.Value);
            double scale = barHeight / (end - start);
            Assert.Equal("0x" + p.Address.ToString("x", CultureInfo.InvariantCulture), (string)rect.Attribute("data-address")!);
            Assert.Equal("0x" + p.Size.ToString("x", CultureInfo.InvariantCulture), (string)rect.Attribute("data-size")!);
            double y = D(rect.Attribute("y")!.Value);
            double h = D(rect.Attribute("height")!.Value);
            if (p.IsContainer)
            {
                // Brackets are inset by one pixel at each end.
                Assert.InRange(y, barTop + ((p.Address - start) * scale), barTop + ((p.Address - start) * scale) + 1.01);
                Assert.Contains("container", (string)rect.Attribute("class")!);
            }
            else
            {
                Assert.Equal(barTop + ((p.Address - start) * scale), y, 0.01);
                Assert.Equal(Math.Max(2, p.Size * scale), h, 0.01);
                Assert.Contains("partition role-", (string)rect.Attribute("class")!);
            }

            // Named in a label (inside its rectangle, beside the column, or along its bracket).
            Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == p.Name || t.Value.StartsWith(p.Name + " ", StringComparison.Ordinal) || t.Value.StartsWith(p.Name + "·", StringComparison.Ordinal)
                || t.Nodes().OfType<XText>().Any(n => n.Value == p.Name));
        }
    }

    [Fact]
    public void RegionsAddressesAndFreeSpaceAreDrawn()
    {
        var layout = LayoutReader.Load(Path.Combine(TestPaths.Layouts, "nrfconnect__sdk-nrf__samples_nrf5340_extxip_smp_svr_pm_static.yml")).Layout!;
        var doc = XDocument.Parse(LayoutSvgWriter.Write(FlashMap.Build(layout)));
        var regions = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "region").Select(g => (string)g.Attribute("data-region")!).ToList();
        Assert.Equal(["flash_primary", "external_flash", "ram_flash", "otp", "sram_primary"], regions);

        // The gap between app (ends 0xe4000) and settings_storage (0xf0000) is free space.
        var gap = doc.Descendants(Svg + "rect").Single(r => (string?)r.Attribute("class") == "gap" && (string?)r.Attribute("data-address") == "0xe4000");
        Assert.Equal("0xc000", (string)gap.Attribute("data-size")!);
        Assert.Contains(doc.Descendants(Svg + "text"), t => (string?)t.Attribute("class") == "address" && t.Value == "0x010000");
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value.Contains("MX25R64", StringComparison.Ordinal));
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value.StartsWith("image 1 (network core): header 0x200", StringComparison.Ordinal));
    }

    [Fact]
    public void SignedImageAndTrailerArePlacedInTheirSlot()
    {
        var layout = Helion();
        string image = SignedImage("app.bin", 180_000);
        var map = FlashMap.Build(layout, image);
        Assert.Empty(map.Diagnostics);
        Assert.Equal("mcuboot_primary", map.Image!.Slot);
        Assert.Equal(0u, map.Image.Overflow);
        var doc = XDocument.Parse(LayoutSvgWriter.Write(map));
        double barTop = D(doc.Root!.Attribute("data-bar-top")!.Value);
        double scale = 720.0 / 0x80000;
        var img = doc.Descendants(Svg + "rect").Single(r => (string?)r.Attribute("class") == "image");
        Assert.Equal(barTop + (0xc000 * scale), D(img.Attribute("y")!.Value), 0.01);
        Assert.Equal(map.Image.ImageSize * scale, D(img.Attribute("height")!.Value), 0.01);
        var trailer = doc.Descendants(Svg + "rect").Single(r => (string?)r.Attribute("class") == "trailer");
        Assert.Equal(barTop + (0x46000 * scale), D(trailer.Attribute("y")!.Value) + D(trailer.Attribute("height")!.Value), 0.01);
        Assert.DoesNotContain(doc.Descendants(Svg + "rect"), r => (string?)r.Attribute("class") == "overflow");
        Assert.Contains(doc.Descendants(Svg + "text"), t => (string?)t.Attribute("class") == "caption good" && t.Value.Contains("fits", StringComparison.Ordinal));
    }

    [Fact]
    public void OverflowIsDrawnInRed()
    {
        string image = SignedImage("big.bin", 236_000);
        var map = FlashMap.Build(Helion(), image);
        Assert.True(map.Image!.Overflow > 0);
        var warning = Assert.Single(map.Diagnostics);
        Assert.Equal(ErrorCodes.LayoutDrawingImageOverflow, warning.Code);
        string svg = LayoutSvgWriter.Write(map);
        var doc = XDocument.Parse(svg);
        var overflow = doc.Descendants(Svg + "rect").Single(r => (string?)r.Attribute("class") == "overflow");
        Assert.Equal("0x46000", (string)overflow.Attribute("data-address")!);
        Assert.Equal("0x" + map.Image.Overflow.ToString("x", CultureInfo.InvariantCulture), (string)overflow.Attribute("data-size")!);
        Assert.Contains(".overflow { fill: url(#hatch-overflow); stroke: #dc2626;", svg);
        Assert.Contains("stroke=\"#dc2626\"", svg);
        Assert.Contains(doc.Descendants(Svg + "text"), t => ((string?)t.Attribute("class"))?.Contains("overflow-label", StringComparison.Ordinal) == true
            && t.Value.Contains($"{map.Image.Overflow} bytes over mcuboot_primary", StringComparison.Ordinal));
        Assert.Contains(doc.Descendants(Svg + "text"), t => (string?)t.Attribute("class") == "caption bad");
    }

    [Fact]
    public void HtmlHoldsTheDrawingAndTables()
    {
        string html = LayoutHtmlWriter.Write(FlashMap.Build(Helion(), SignedImage("app.bin", 100_000)));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", html);
        Assert.Contains("<td>mcuboot_secondary</td><td class=\"n\">0x46000</td>", html);
        Assert.Contains("<h2>Signed image</h2>", html);
    }

    [Fact]
    public void CliWritesSvgAndHtml()
    {
        File.Copy(Path.Combine(TestPaths.Layouts, "helion-labs__uwb-nrf-tut__pm_static.yml"), _dir.File("pm_static.yml"));
        SignedImage("app.bin", 236_000);
        var result = ToolRunner.Run(_dir.Path, "layout", "show", "pm_static.yml", "--format", "svg", "--signed", "app.bin", "-o", "flash.svg");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning MCUB6311:", result.Stderr);
        var doc = XDocument.Load(_dir.File("flash.svg"));
        Assert.Single(doc.Descendants(Svg + "rect"), r => (string?)r.Attribute("class") == "overflow");

        var html = ToolRunner.Run(_dir.Path, "layout", "show", "pm_static.yml", "--format", "html");
        CliAssert.Succeeded(html);
        Assert.Contains("<!DOCTYPE html>", html.Stdout);

        var wrongImage = ToolRunner.Run(_dir.Path, "layout", "show", "pm_static.yml", "--format", "svg", "--signed", "app.bin", "--image", "3");
        Assert.Equal(ExitCodes.Usage, wrongImage.ExitCode);
        Assert.StartsWith("error MCUB6310:", wrongImage.Stderr);
        Assert.Empty(wrongImage.Stdout);

        File.WriteAllBytes(_dir.File("garbage.bin"), new byte[64]);
        var notImage = ToolRunner.Run(_dir.Path, "layout", "show", "pm_static.yml", "--format", "svg", "--signed", "garbage.bin", "-o", "x.svg");
        Assert.NotEqual(0, notImage.ExitCode);
        Assert.StartsWith("error MCUB", notImage.Stderr);
        Assert.False(File.Exists(_dir.File("x.svg")));
    }

    [Fact]
    public void CliConvertsToAFile()
    {
        File.Copy(Path.Combine(TestPaths.Layouts, "helion-labs__uwb-nrf-tut__pm_static.yml"), _dir.File("pm_static.yml"));
        var result = ToolRunner.Run(_dir.Path, "layout", "convert", "pm_static.yml", "-o", "app.overlay");
        CliAssert.Succeeded(result);
        Assert.Contains("slot1_partition: partition@46000 {", File.ReadAllText(_dir.File("app.overlay")));

        var yaml = ToolRunner.Run(_dir.Path, "layout", "convert", "pm_static.yml", "--format", "mcuboot-layout");
        CliAssert.Succeeded(yaml);
        Assert.Contains("mcuboot-layout: 1", yaml.Stdout);

        var bad = ToolRunner.Run(_dir.Path, "layout", "convert", "pm_static.yml", "--format", "dts");
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        var missing = ToolRunner.Run(_dir.Path, "layout", "convert", "nope.yml");
        Assert.StartsWith("error MCUB6001:", missing.Stderr);
    }

    private static PartitionLayout Helion() => LayoutReader.Load(Path.Combine(TestPaths.Layouts, "helion-labs__uwb-nrf-tut__pm_static.yml")).Layout!;

    private string SignedImage(string name, int firmwareSize)
    {
        var fw = new byte[firmwareSize];
        new Random(3).NextBytes(fw);
        var image = ImageBuilder.Build(fw, null, new ImageSignOptions { Version = ImageVersion.Parse("1.0.0"), HeaderSize = 0x200, PadHeader = true, SlotSize = 0x40000 });
        string path = _dir.File(name);
        ImageFileWriter.Write(image, path);
        return path;
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static ulong H(string s) => ulong.Parse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
