using McuBoot.Diagnostics;
using McuBoot.Layouts;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Layouts;

/// <summary>Our own mcuboot-layout schema (docs/layout-schema.md): reading, errors and round trips.</summary>
public sealed class McuBootLayoutSchemaTests
{
    private const string File = "layout.yml";

    // The example of docs/layout-schema.md.
    private const string DocumentedExample = """
        mcuboot-layout: 1          # required; identifies the schema and its version
        write-alignment: 4         # imgtool --align (flash write-block-size): 1, 2, 4, 8, 16 or 32
        erase-value: 0xff          # erased-flash value: 0xff (NOR) or 0 (imgtool --pad-value)
        sector-size: 0x1000        # erase sector/page size used for alignment checks (default 4 KiB)

        regions:                   # optional: facts about regions
          external_flash:
            device: MX25R64        # informational
            sector-size: 0x1000    # overrides the top-level sector-size for this region
            xip-base: 0x10000000   # CPU address where the device is memory-mapped (QSPI XIP)

        partitions:                # optional: Partition Manager style entries (same keys and rules)
          mcuboot: {address: 0x0, size: 0x10000}
          settings_storage: {address: 0xf0000, size: 0x10000}

        images:
          - index: 0               # MCUboot image index (default: position in the list)
            header-size: 0x200     # imgtool --header-size (default: size of mcuboot_pad)
            primary:   {address: 0x10000, size: 0xe0000}                  # slot including the header
            secondary: {address: 0x0, size: 0xe0000, region: external_flash}
            load-address: 0x10200  # optional; default primary address + header size
            hex-base: 0x10000      # optional; default primary address (+ xip-base when external)
          - index: 1
            header-size: 0x200
            primary: {address: 0x0, size: 0x40000, region: ram_flash}     # nRF5340 network core
            secondary: {address: 0xe0000, size: 0x40000, region: external_flash}
        """;

    [Fact]
    public void DocumentedExampleReads()
    {
        var read = LayoutReader.Parse(DocumentedExample, File);
        Assert.Empty(read.Diagnostics);
        var layout = read.Layout!;
        Assert.Equal(LayoutKind.McuBootLayout, layout.Kind);
        Assert.Equal((4, (byte)0xff, 0x1000u), (layout.WriteAlignment!.Value, layout.EraseValue!.Value, layout.SectorSize!.Value));
        Assert.Equal(new LayoutRegion("external_flash", "MX25R64", 0x1000, 0x10000000), layout.FindRegion("external_flash"));
        Assert.Equal(2, layout.Images.Count);
        Assert.Equal(19, layout.Find("mcuboot_primary")!.Line);

        var geometry = LayoutGeometry.Derive(layout);
        Assert.Empty(geometry.Diagnostics);
        var app = geometry.Image(0)!;
        Assert.Equal((0x200, 0xe0000u, 0x10000u, 0x10200u), (app.HeaderSize, app.SlotSize, app.HexBaseAddress!.Value, app.LoadAddress!.Value));
        Assert.Equal((0x10000000u, "MX25R64", true), (app.SecondaryHexAddress!.Value, app.SecondaryDevice!, app.SecondaryIsExternal));
        Assert.Equal(4, app.WriteAlignment);
        Assert.Equal("mcuboot_secondary", app.SecondaryPartition);
        Assert.Null(app.HeaderPartition);

        var net = geometry.Image(1)!;
        Assert.True(net.IsNetworkCore);
        Assert.Equal(0x40000u, net.SlotSize);
        Assert.Equal(0x100e0000u, net.SecondaryHexAddress);
        Assert.Equal("mcuboot_secondary_1", net.SecondaryPartition);
        Assert.Equal(0x0u, geometry.Bootloader!.Address);
    }

    [Fact]
    public void SlotsByPartitionNameAndHeaderFromThePad()
    {
        const string yaml = """
            mcuboot-layout: 1
            sector-size: 0x800
            partitions:
              mcuboot_pad: {address: 0xc000, size: 0x800}
              slot0: {address: 0xc000, size: 0x7800, span: [mcuboot_pad]}
              slot1: {address: 0x13800, size: 0x7800}
            images:
              - primary: slot0
                secondary: {partition: slot1}
            """;
        var read = LayoutReader.Parse(yaml, File);
        Assert.Empty(read.Diagnostics);
        var geometry = LayoutGeometry.Derive(read.Layout!);
        Assert.Empty(geometry.Diagnostics); // 0x800-aligned slots are fine with sector-size 0x800
        var image = Assert.Single(geometry.Images);
        Assert.Equal((0, 0x800, 0x7800u, 0xc800u, 0x13800u), (image.ImageIndex, image.HeaderSize, image.SlotSize, image.LoadAddress!.Value, image.SecondaryAddress!.Value));
        Assert.Equal(("slot0", "slot1", "mcuboot_pad"), (image.PrimaryPartition, image.SecondaryPartition!, image.HeaderPartition!));
        Assert.Equal(0x800u, image.SectorSize);
    }

    [Fact]
    public void PartitionsOnlyFileUsesThePartitionManagerRules()
    {
        const string yaml = """
            mcuboot-layout: 1
            write-alignment: 16
            partitions:
              mcuboot_pad: {address: 0x10000, size: 0x800}
              mcuboot_primary: {address: 0x10000, size: 0x80000, span: [mcuboot_pad, app]}
              app: {address: 0x10800, size: 0x7f800}
              mcuboot_secondary: {address: 0x90000, size: 0x80000}
            """;
        var geometry = LayoutGeometry.Derive(LayoutReader.Parse(yaml, File).Layout!);
        Assert.Empty(geometry.Diagnostics);
        var image = Assert.Single(geometry.Images);
        Assert.Equal((0x800, 0x80000u, 16), (image.HeaderSize, image.SlotSize, image.WriteAlignment!.Value));
    }

    [Theory]
    [InlineData("mcuboot-layout: 2\nimages:\n  - {header-size: 0x200, primary: {address: 0x0, size: 0x1000}}\n", ErrorCodes.LayoutInvalidValue, 1)]
    [InlineData("mcuboot-layout: 1\nwrite-alignment: 3\nimages:\n  - {header-size: 0x200, primary: {address: 0x0, size: 0x1000}}\n", ErrorCodes.LayoutInvalidValue, 2)]
    [InlineData("mcuboot-layout: 1\nsector-size: 0x1800\nimages:\n  - {header-size: 0x200, primary: {address: 0x0, size: 0x1000}}\n", ErrorCodes.LayoutInvalidValue, 2)]
    [InlineData("mcuboot-layout: 1\nerase-value: 0x7f\nimages:\n  - {header-size: 0x200, primary: {address: 0x0, size: 0x1000}}\n", ErrorCodes.LayoutInvalidValue, 2)]
    [InlineData("mcuboot-layout: 1\nimages:\n  - header-size: 0x200\n    primary: slot0\n", ErrorCodes.LayoutInvalidValue, 4)]
    [InlineData("mcuboot-layout: 1\nimages:\n  - header-size: 0x200\n    primary: {address: 0x0}\n", ErrorCodes.LayoutMissingField, 4)]
    [InlineData("mcuboot-layout: 1\nimages:\n  - header-size: 0x200\n", ErrorCodes.LayoutMissingField, 3)]
    [InlineData("mcuboot-layout: 1\nimages:\n  - {primary: {address: 0x0, size: 0x1000}}\n  - {index: 0, primary: {address: 0x1000, size: 0x1000}}\n", ErrorCodes.LayoutInvalidValue, 4)]
    [InlineData("mcuboot-layout: 1\npartitions:\n  mcuboot_primary: {address: 0x0, size: 0x1000}\nimages:\n  - primary: {address: 0x0, size: 0x1000}\n", ErrorCodes.LayoutInvalidValue, 5)]
    [InlineData("mcuboot-layout: 1\nimages:\n  - header-size: 48k\n    primary: {address: 0x0, size: 0x1000}\n", ErrorCodes.LayoutInvalidNumber, 3)]
    [InlineData("mcuboot-layout: 1\n", ErrorCodes.LayoutNoPartitions, 0)]
    public void SchemaErrorsAreCodedWithTheirLine(string yaml, string code, int line)
    {
        var read = LayoutReader.Parse(yaml, File);
        Assert.Null(read.Layout);
        var d = Assert.Single(read.Diagnostics, x => x.IsError);
        Assert.True((code, line) == (d.Code, d.Line), $"expected {code} line {line}, got {d}");
        Assert.StartsWith(line > 0 ? $"{File}:{line}: " : $"{File}: ", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKeysAreWarnings()
    {
        const string yaml = "mcuboot-layout: 1\nimages:\n  - hedaer-size: 0x200\n    header-size: 0x200\n    primary: {address: 0x0, size: 0x1000}\nflash: 512k\n";
        var read = LayoutReader.Parse(yaml, File);
        Assert.NotNull(read.Layout);
        Assert.Equal([(ErrorCodes.LayoutUnknownKey, 3), (ErrorCodes.LayoutUnknownKey, 6)], read.Diagnostics.Select(d => (d.Code, d.Line)));
        Assert.All(read.Diagnostics, d => Assert.Equal(LayoutSeverity.Warning, d.Severity));
    }

    [Fact]
    public void ImageWithoutHeaderSizeOrPadIsAnError()
    {
        var read = LayoutReader.Parse("mcuboot-layout: 1\nimages:\n  - primary: {address: 0x0, size: 0x1000}\n", File);
        var geometry = LayoutGeometry.Derive(read.Layout!);
        var d = Assert.Single(geometry.Diagnostics);
        Assert.Equal((ErrorCodes.LayoutMissingHeaderPad, LayoutSeverity.Error, 3), (d.Code, d.Severity, d.Line));
        Assert.Empty(geometry.Images);
    }

    [Fact]
    public void SchemaSlotsAreLintedLikePartitionManagerOnes()
    {
        const string yaml = """
            mcuboot-layout: 1
            regions:
              flash_primary: {sector-size: 0x2000}
            images:
              - header-size: 0x200
                primary: {address: 0x1000, size: 0x8000}
                secondary: {address: 0x8000, size: 0x4000}
            """;
        var read = LayoutReader.Parse(yaml, File);
        Assert.Equal([(ErrorCodes.LayoutPartitionsOverlap, 7)], read.Diagnostics.Select(d => (d.Code, d.Line)));
        var geometry = LayoutGeometry.Derive(read.Layout!);
        Assert.Equal(
            [(ErrorCodes.LayoutSecondarySmaller, 7), (ErrorCodes.LayoutSlotNotAligned, 6)],
            geometry.Diagnostics.Select(d => (d.Code, d.Line)));
        Assert.Contains("not 8 KiB aligned", geometry.Diagnostics[1].Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> DerivableFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestPaths.Layouts, "*.yml").Order(StringComparer.Ordinal))
        {
            var read = LayoutReader.Load(f);
            if (read.Layout is not null && LayoutGeometry.Derive(read.Layout).Succeeded)
            {
                data.Add(Path.GetFileName(f));
            }
        }

        return data;
    }

    [Fact]
    public void AllButTheRefusedFixtureRoundTrip() => Assert.Equal(11, DerivableFixtures().Count);

    [Theory]
    [MemberData(nameof(DerivableFixtures))]
    public void PartitionManagerGeometryRoundTripsThroughOurSchema(string file)
    {
        foreach (var options in new[] { LayoutGeometryOptions.Default, new LayoutGeometryOptions { XipBase = 0x10000000 } })
        {
            var original = LayoutGeometry.Derive(LayoutReader.Load(Path.Combine(TestPaths.Layouts, file)).Layout!, options);
            var yaml = McuBootLayoutWriter.Write(original.Images, writeAlignment: 4, eraseValue: 0xff, comment: "derived from " + file);

            var read = LayoutReader.Parse(yaml, "roundtrip.yml");
            Assert.False(read.HasErrors, yaml + string.Join("\n", read.Diagnostics));
            Assert.Equal(LayoutKind.McuBootLayout, read.Layout!.Kind);
            var again = LayoutGeometry.Derive(read.Layout);
            Assert.False(again.HasErrors, string.Join("\n", again.Diagnostics));

            // Same warnings (by code) as the original geometry; same geometry apart from pad/app partition names.
            Assert.Equal(original.Diagnostics.Select(d => d.Code).Order(), again.Diagnostics.Select(d => d.Code).Order());
            Assert.Equal(original.Images.Select(i => Normalise(i) with { WriteAlignment = 4 }), again.Images.Select(Normalise));
        }
    }

    private static ImageGeometry Normalise(ImageGeometry image) => image with { HeaderPartition = null, AppPartition = null };
}
