using McuBoot.Diagnostics;
using McuBoot.Layouts;

namespace McuBoot.Tests.Layouts;

/// <summary>One test per layout diagnostic: code, severity and line, on small YAML snippets.</summary>
public sealed class LayoutLintTests
{
    private const string File = "snippet.yml";

    // Lines: 1 mcuboot, 4 mcuboot_pad, 7 mcuboot_primary (8 address, 9 size, 10 span), 11 app (12, 13),
    // 14 mcuboot_secondary (15 address, 16 size).
    private const string Good = """
        mcuboot:
          address: 0x0
          size: 0xc000
        mcuboot_pad:
          address: 0xc000
          size: 0x200
        mcuboot_primary:
          address: 0xc000
          size: 0x70000
          span: [mcuboot_pad, app]
        app:
          address: 0xc200
          size: 0x6fe00
        mcuboot_secondary:
          address: 0x7c000
          size: 0x70000
        """;

    [Fact]
    public void CleanLayoutHasNoDiagnostics()
    {
        var (read, geometry) = ReadAndDerive(Good);
        Assert.Empty(read.Diagnostics);
        Assert.Empty(geometry.Diagnostics);
        var image = Assert.Single(geometry.Images);
        Assert.Equal((0x200, 0x70000u, 0xc000u, 0xc200u, 0x7c000u), (image.HeaderSize, image.SlotSize, image.HexBaseAddress!.Value, image.LoadAddress!.Value, image.SecondaryAddress!.Value));
        Assert.Equal("mcuboot_pad", image.HeaderPartition);
        Assert.Null(image.AppPartition);
    }

    [Fact]
    public void InvalidYamlIsAnErrorWithItsLine()
    {
        var read = LayoutReader.Parse("mcuboot:\n  address: 0x0\n  size: 0xc000: 0x1\n", File);
        Assert.Null(read.Layout);
        AssertDiagnostic(Assert.Single(read.Diagnostics), ErrorCodes.LayoutNotYaml, LayoutSeverity.Error, 3);
    }

    [Theory]
    [InlineData("mcuboot:\n  address: 0x0\n  size: [0xc000\nmcuboot_pad:\n")]
    [InlineData("mcuboot: {address: 0x0, size: 0xc000\n")]
    [InlineData("mcuboot:\n  address: \"0x0\n")]
    [InlineData("\tmcuboot:\n\t\taddress: 0x0\n")]
    [InlineData("mcuboot:\n  address: *undefined\n")]
    public void MalformedYamlNeverThrows(string yaml)
    {
        var read = LayoutReader.Parse(yaml, File);
        Assert.Null(read.Layout);
        var d = Assert.Single(read.Diagnostics);
        Assert.Equal((ErrorCodes.LayoutNotYaml, LayoutSeverity.Error), (d.Code, d.Severity));
        Assert.DoesNotContain('\n', d.Message);
    }

    [Fact]
    public void DuplicatePartitionNameIsInvalidYaml()
    {
        var read = LayoutReader.Parse("mcuboot:\n  address: 0x0\n  size: 0xc000\nmcuboot:\n  address: 0x0\n  size: 0xc000\n", File);
        Assert.Null(read.Layout);
        AssertDiagnostic(Assert.Single(read.Diagnostics), ErrorCodes.LayoutNotYaml, LayoutSeverity.Error, 4);
    }

    [Fact]
    public void BinaryContentIsNotYaml()
    {
        var read = LayoutReader.Parse("\u007fELF\0\0\u0001", File);
        Assert.Null(read.Layout);
        AssertDiagnostic(Assert.Single(read.Diagnostics), ErrorCodes.LayoutNotYaml, LayoutSeverity.Error, 0);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("# only a comment\n", 0)]
    [InlineData("just some text\n", 1)]
    [InlineData("{}\n", 1)]
    public void YamlWithoutPartitionsIsRefused(string yaml, int line)
    {
        var read = LayoutReader.Parse(yaml, File);
        Assert.Null(read.Layout);
        AssertDiagnostic(Assert.Single(read.Diagnostics), ErrorCodes.LayoutNoPartitions, LayoutSeverity.Error, line);
    }

    [Fact]
    public void ListAtTopLevelIsUnknownSchema()
    {
        var read = LayoutReader.Parse("- name: mcuboot\n  address: 0x0\n", File);
        Assert.Null(read.Layout);
        AssertDiagnostic(Assert.Single(read.Diagnostics), ErrorCodes.LayoutUnknownSchema, LayoutSeverity.Error, 1);
    }

    [Fact]
    public void NonPartitionTopLevelKeyIsUnknownSchema()
    {
        var read = LayoutReader.Parse("mcuboot:\n  address: 0x0\n  size: 0xc000\n\npartitions:\n  - name: slot0\n    address: 0xc000\n", File);
        Assert.Null(read.Layout);
        var d = AssertDiagnostic(Assert.Single(read.Diagnostics), ErrorCodes.LayoutUnknownSchema, LayoutSeverity.Error, 5);
        Assert.Contains("'partitions'", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mcuboot:\n  size: 0xc000\n", 1, "no address")]
    [InlineData("mcuboot:\n  address: 0x0\n  end_address: 0xc000\n", 1, "no size")]
    public void PartitionWithoutAddressOrSizeIsRefused(string yaml, int line, string text)
    {
        var read = LayoutReader.Parse(yaml, File);
        Assert.Null(read.Layout);
        var d = AssertDiagnostic(Assert.Single(read.Diagnostics), ErrorCodes.LayoutMissingField, LayoutSeverity.Error, line);
        Assert.Contains(text, d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("48k")]
    [InlineData("0xG000")]
    [InlineData("-4096")]
    [InlineData("0x100000000")]
    [InlineData("[1, 2]")]
    public void InvalidNumbersAreRefused(string value)
    {
        var read = LayoutReader.Parse($"mcuboot:\n  address: 0x0\n  size: {value}\n", File);
        Assert.Null(read.Layout);
        AssertDiagnostic(Assert.Single(read.Diagnostics), ErrorCodes.LayoutInvalidNumber, LayoutSeverity.Error, 3);
    }

    [Theory]
    [InlineData("0x0fd000", 0xfd000u)]
    [InlineData("0XA0000", 0xa0000u)]
    [InlineData("0xAbC", 0xabcu)]
    [InlineData("4096", 4096u)]
    [InlineData("0x01000000", 0x1000000u)]
    [InlineData("\"0x200\"", 0x200u)]
    [InlineData("0xffffffff", 0xffffffffu)]
    public void NumbersAreDecimalOrHex(string value, uint expected)
    {
        var read = LayoutReader.Parse($"mcuboot:\n  address: {value}\n  size: 0x1000\n", File);
        Assert.Equal(expected, Assert.IsType<PartitionLayout>(read.Layout).Find("mcuboot")!.Address);
    }

    [Fact]
    public void EndAddressContradictionIsAWarningOnItsLineAndSizeWins()
    {
        var read = LayoutReader.Parse("app:\n  address: 0xc200\n  end_address: 0xfce00\n  size: 0xf0400\n", File);
        var d = AssertDiagnostic(Assert.Single(read.Diagnostics), ErrorCodes.LayoutEndAddressMismatch, LayoutSeverity.Warning, 3);
        Assert.Contains("0xfc600", d.Message, StringComparison.Ordinal);
        Assert.Equal(0xfc600ul, read.Layout!.Find("app")!.End);
    }

    [Fact]
    public void OverlappingLeavesInARegionAreAWarningOnTheLaterOne()
    {
        const string yaml = """
            settings_storage:
              address: 0xf0000
              size: 0x10000
            my_nvs_storage:
              address: 0xf8000
              size: 0x8000
            ext_data:
              address: 0xf0000
              size: 0x10000
              region: external_flash
            external_flash:
              address: 0x0
              size: 0x800000
              region: external_flash
            """;
        var read = LayoutReader.Parse(yaml, File);
        Assert.NotNull(read.Layout);

        // ext_data is in another region; the external_flash remainder partition is not a leaf to compare.
        var d = AssertDiagnostic(Assert.Single(read.Diagnostics, x => x.Code != ErrorCodes.LayoutExternalNotPacked), ErrorCodes.LayoutPartitionsOverlap, LayoutSeverity.Warning, 4);
        Assert.Contains("settings_storage", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContainerNotCoveringItsSpanIsAWarningOnTheSpanLine()
    {
        const string yaml = """
            mcuboot_primary_app:
              address: 0xc200
              size: 0x1000
              span: [app]
            app:
              address: 0xc200
              size: 0x2000
            """;
        var read = LayoutReader.Parse(yaml, File);
        AssertDiagnostic(Assert.Single(read.Diagnostics), ErrorCodes.LayoutSpanOutsideContainer, LayoutSeverity.Warning, 4);
    }

    [Fact]
    public void ExternalRegionWithAGapIsAWarning()
    {
        const string yaml = """
            mcuboot_secondary:
              address: 0x1000
              size: 0xf2000
              region: external_flash
            """;
        var read = LayoutReader.Parse(yaml, File);
        var d = AssertDiagnostic(Assert.Single(read.Diagnostics), ErrorCodes.LayoutExternalNotPacked, LayoutSeverity.Warning, 1);
        Assert.Contains("0x0-0x1000", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShareSizeDisagreementIsAWarningOnTheSizeLine()
    {
        var yaml = Good.Replace("  address: 0x7c000\n  size: 0x70000", "  address: 0x7c000\n  share_size: [mcuboot_primary]\n  size: 0x71000", StringComparison.Ordinal);
        var read = LayoutReader.Parse(yaml, File);
        AssertDiagnostic(Assert.Single(read.Diagnostics), ErrorCodes.LayoutShareSizeMismatch, LayoutSeverity.Warning, 17);
    }

    [Fact]
    public void LayoutWithoutMcuBootPartitionsSaysWhichAreMissing()
    {
        var (read, geometry) = ReadAndDerive("settings_storage:\n  address: 0xfe000\n  size: 0x2000\n");
        Assert.Empty(read.Diagnostics);
        Assert.Empty(geometry.Images);
        Assert.False(geometry.Succeeded);
        var d = AssertDiagnostic(Assert.Single(geometry.Diagnostics), ErrorCodes.LayoutNoMcuBootGeometry, LayoutSeverity.Error, 0);
        Assert.Contains("mcuboot_pad and mcuboot_primary", d.Message, StringComparison.Ordinal);
        Assert.Contains("partitions.yml", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingPadMeansHeaderSizeUnknown()
    {
        var yaml = Good.Replace("mcuboot_pad:\n  address: 0xc000\n  size: 0x200\n", string.Empty, StringComparison.Ordinal);
        var (_, geometry) = ReadAndDerive(yaml);
        Assert.Empty(geometry.Images);
        var d = AssertDiagnostic(Assert.Single(geometry.Diagnostics), ErrorCodes.LayoutMissingHeaderPad, LayoutSeverity.Error, 4);
        Assert.Contains("mcuboot_pad", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0x10")]
    [InlineData("0x10000")]
    public void HeaderSizeOutOfRangeIsAnError(string size)
    {
        var yaml = Good.Replace("  address: 0xc000\n  size: 0x200", $"  address: 0xc000\n  size: {size}", StringComparison.Ordinal);
        var (_, geometry) = ReadAndDerive(yaml);
        Assert.Empty(geometry.Images);
        Assert.Contains(geometry.Diagnostics, d => d.Code == ErrorCodes.LayoutInvalidHeaderSize && d.IsError && d.Line == 6);
    }

    [Fact]
    public void SmallerSecondaryIsAWarningOnItsSizeLine()
    {
        var yaml = Good.Replace("  address: 0x7c000\n  size: 0x70000", "  address: 0x7c000\n  size: 0x3d000", StringComparison.Ordinal);
        var (_, geometry) = ReadAndDerive(yaml);
        var d = AssertDiagnostic(Assert.Single(geometry.Diagnostics), ErrorCodes.LayoutSecondarySmaller, LayoutSeverity.Warning, 16);
        Assert.Contains("secondary size 0x3d000 != primary size 0x70000", d.Message, StringComparison.Ordinal);
        Assert.Equal(0x70000u, geometry.Image(0)!.SlotSize);
    }

    [Fact]
    public void UnalignedSlotIsAWarningOnTheSlotLine()
    {
        var yaml = Good.Replace("  address: 0x7c000\n  size: 0x70000", "  address: 0x7c200\n  size: 0x70000", StringComparison.Ordinal);
        var (read, geometry) = ReadAndDerive(yaml);
        Assert.Empty(read.Diagnostics);
        var d = AssertDiagnostic(Assert.Single(geometry.Diagnostics), ErrorCodes.LayoutSlotNotAligned, LayoutSeverity.Warning, 14);
        Assert.Contains("mcuboot_secondary not 4 KiB aligned (0x7c200+0x70000)", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SectorSizeOptionChangesTheAlignmentCheck()
    {
        var yaml = Good.Replace("  address: 0x7c000\n  size: 0x70000", "  address: 0x7c800\n  size: 0x70000", StringComparison.Ordinal);
        var layout = LayoutReader.Parse(yaml, File).Layout!;
        Assert.Single(LayoutGeometry.Derive(layout).Diagnostics);
        Assert.Empty(LayoutGeometry.Derive(layout, new LayoutGeometryOptions { SectorSize = 0x800 }).Diagnostics);
    }

    [Fact]
    public void AppNotRightAfterTheHeaderIsAWarning()
    {
        var yaml = Good + "\nmcuboot_primary_app:\n  address: 0xc400\n  size: 0x6fe00\n  span: [app]\n";
        var (_, geometry) = ReadAndDerive(yaml);
        var d = AssertDiagnostic(Assert.Single(geometry.Diagnostics), ErrorCodes.LayoutLoadAddressMismatch, LayoutSeverity.Warning, 18);
        Assert.Contains("0xc400", d.Message, StringComparison.Ordinal);
        Assert.Equal(0xc400u, geometry.Image(0)!.LoadAddress);
    }

    [Fact]
    public void PrimarySizeNotPadPlusAppIsAWarningOnThePrimarySizeLine()
    {
        var yaml = Good + "\nmcuboot_primary_app:\n  address: 0xc200\n  size: 0x6f000\n  span: [app]\n";
        var (_, geometry) = ReadAndDerive(yaml);
        AssertDiagnostic(Assert.Single(geometry.Diagnostics), ErrorCodes.LayoutPrimarySizeMismatch, LayoutSeverity.Warning, 9);
    }

    [Fact]
    public void NetworkCoreWithoutSecondaryIsAnError()
    {
        var yaml = Good + "\nmcuboot_primary_1:\n  address: 0x0\n  size: 0x40000\n  region: ram_flash\n";
        var (_, geometry) = ReadAndDerive(yaml);
        AssertDiagnostic(Assert.Single(geometry.Diagnostics), ErrorCodes.LayoutNetCoreSecondaryMissing, LayoutSeverity.Error, 17);
        Assert.Single(geometry.Images);
    }

    [Fact]
    public void NetworkCoreIsSignedWithTheSecondarySize()
    {
        var yaml = Good + "\nmcuboot_primary_1:\n  address: 0x0\n  size: 0x40000\n  region: ram_flash\nmcuboot_secondary_1:\n  address: 0xec000\n  size: 0x30000\n";
        var (_, geometry) = ReadAndDerive(yaml);
        var net = geometry.Image(1)!;
        Assert.True(net.IsNetworkCore);
        Assert.Equal(0x30000u, net.SlotSize);
        Assert.Equal(0x200, net.HeaderSize);
        Assert.Null(net.LoadAddress);
        Assert.Null(net.HexBaseAddress);
        Assert.Equal(0xec000u, net.SecondaryHexAddress);
    }

    [Fact]
    public void OrphanSecondaryOfImageNIsAnError()
    {
        var yaml = Good + "\nmcuboot_secondary_2:\n  address: 0xec000\n  size: 0x10000\n";
        var (_, geometry) = ReadAndDerive(yaml);
        var d = AssertDiagnostic(Assert.Single(geometry.Diagnostics), ErrorCodes.LayoutNoMcuBootGeometry, LayoutSeverity.Error, 17);
        Assert.Contains("mcuboot_primary_2", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageNUsesItsOwnPadAndApp()
    {
        var yaml = Good + """

            mcuboot_primary_1:
              address: 0x100000
              size: 0x10000
            mcuboot_primary_1_pad:
              address: 0x100000
              size: 0x800
            mcuboot_primary_1_app:
              address: 0x100800
              size: 0xf800
            """;
        var (_, geometry) = ReadAndDerive(yaml);
        Assert.Empty(geometry.Diagnostics);
        var image = geometry.Image(1)!;
        Assert.Equal((0x800, 0x10000u, 0x100800u, 0x100000u), (image.HeaderSize, image.SlotSize, image.LoadAddress!.Value, image.HexBaseAddress!.Value));
        Assert.False(image.HasSecondary);
        Assert.Equal("mcuboot_primary_1_pad", image.HeaderPartition);
    }

    [Fact]
    public void AMissingPrimaryContainerIsAnErrorNotAGuessFromPadPlusPrimaryApp()
    {
        // Issue 8: taking the slot from mcuboot_pad + mcuboot_primary_app signed a misspelled file without a word.
        var yaml = Good.Replace("mcuboot_primary:\n  address: 0xc000\n  size: 0x70000\n  span: [mcuboot_pad, app]\n",
            "mcuboot_primary_app:\n  address: 0xc200\n  size: 0x6fe00\n  span: [app]\n", StringComparison.Ordinal);
        var (_, geometry) = ReadAndDerive(yaml);
        var error = Assert.Single(geometry.Diagnostics, d => d.Code == ErrorCodes.LayoutIncompleteMcuBootSet);
        Assert.Contains("no mcuboot_primary", error.Message, StringComparison.Ordinal);
        Assert.Contains("mcuboot_pad and mcuboot_primary_app", error.Message, StringComparison.Ordinal);
        Assert.Null(geometry.Image(0));
    }

    [Theory]
    [InlineData("mcuboot_primay")]
    [InlineData("mcuboot-primary")]
    [InlineData("MCUboot_primary")]
    [InlineData("mcuboot_primaryy")]
    public void AMisspelledPrimaryIsNamedInTheError(string misspelled)
    {
        var yaml = Good.Replace("mcuboot_primary:\n", misspelled + ":\n", StringComparison.Ordinal);
        var (_, geometry) = ReadAndDerive(yaml);
        var error = Assert.Single(geometry.Diagnostics, d => d.Code == ErrorCodes.LayoutIncompleteMcuBootSet);
        Assert.Contains($"found '{misspelled}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"rename '{misspelled}' to mcuboot_primary", error.Message, StringComparison.Ordinal);
        Assert.Null(geometry.Image(0));
    }

    [Fact]
    public void XipBaseGivesCpuAddressesForExternalSlots()
    {
        var path = Path.Combine(McuBoot.Tests.Infrastructure.TestPaths.Layouts, "nrfconnect__sdk-nrf__samples_nrf5340_extxip_smp_svr_pm_static.yml");
        var layout = LayoutReader.Load(path).Layout!;
        var geometry = LayoutGeometry.Derive(layout, new LayoutGeometryOptions { XipBase = 0x10000000 });
        Assert.True(geometry.Succeeded);
        Assert.Equal(0x10000000u, geometry.Image(0)!.SecondaryHexAddress);
        Assert.Equal(0x10000u, geometry.Image(0)!.HexBaseAddress);
        Assert.Equal(0x100d4000u, geometry.Image(1)!.SecondaryHexAddress);
        var xip = geometry.Image(2)!;
        Assert.True(xip.PrimaryIsExternal);
        Assert.Equal((0x10120000u, 0x10120200u, 0x10160000u), (xip.HexBaseAddress!.Value, xip.LoadAddress!.Value, xip.SecondaryHexAddress!.Value));
        Assert.Equal(0x10000000u, xip.XipBase);
    }

    [Fact]
    public void PartitionManagerSyntaxVariantsAreRead()
    {
        const string yaml = """
            #include <autoconf.h>
            # comment with non-ASCII: ✓ — ü
            app: {address: 0xC200, size: 0x6FE00}   
            mcuboot_pad: {address: 0x0000c000, size: 512}
            mcuboot_primary:
              address: 0xc000
              orig_span: &my_custom_anchor
              - mcuboot_pad
              - {one_of: [tfm, app]}
              span: *my_custom_anchor
              size: 0x70000
            mcuboot_secondary:
              address: 0x0
              size: 0x70000
              device: DT_CHOSEN(nordic_pm_ext_flash)
              region: external_flash
            mcuboot_sram:
              address: 0x20000000
              size: 0x10000
            """;
        var (read, geometry) = ReadAndDerive(yaml);
        Assert.Empty(read.Diagnostics);
        var layout = read.Layout!;
        Assert.Equal(["mcuboot_pad", "app"], layout.Find("mcuboot_primary")!.Span);
        Assert.Equal(LayoutRegion.FlashPrimary, layout.Find("app")!.Region);
        Assert.Equal(LayoutRegion.SramPrimary, layout.Find("mcuboot_sram")!.Region);
        Assert.Equal(3, layout.Find("app")!.Line);
        Assert.Equal("DT_CHOSEN(nordic_pm_ext_flash)", layout.FindRegion("external_flash")!.Device);
        Assert.Equal(["flash_primary", "external_flash", "sram_primary"], layout.Regions.Select(r => r.Name));
        var image = Assert.Single(geometry.Images);
        Assert.Equal((0x200, 0x70000u, 0xc200u), (image.HeaderSize, image.SlotSize, image.LoadAddress!.Value));
        Assert.True(image.SecondaryIsExternal);
        Assert.Null(image.SecondaryHexAddress);
    }

    [Fact]
    public void MissingFileThrowsWithTheAbsolutePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "pm_static.yml");
        var ex = Assert.Throws<McuBootException>(() => LayoutReader.Load(missing));
        Assert.Equal(ErrorCodes.LayoutNotFound, ex.Code);
        Assert.Equal(Path.GetFullPath(missing), ex.File);
        Assert.Contains(Path.GetFullPath(missing), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadReportsTheAbsolutePath()
    {
        var dir = Directory.CreateTempSubdirectory("layouts-");
        try
        {
            var path = Path.Combine(dir.FullName, "pm_static.yml");
            System.IO.File.WriteAllText(path, "flash:\n  size: 512k\n");
            var read = LayoutReader.Load(path);
            Assert.Null(read.Layout);
            Assert.All(read.Diagnostics, d => Assert.StartsWith(path + ":", d.Message, StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static (LayoutReadResult Read, LayoutGeometryResult Geometry) ReadAndDerive(string yaml)
    {
        var read = LayoutReader.Parse(yaml, File);
        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        return (read, LayoutGeometry.Derive(read.Layout!));
    }

    private static LayoutDiagnostic AssertDiagnostic(LayoutDiagnostic d, string code, LayoutSeverity severity, int line)
    {
        Assert.True(code == d.Code && severity == d.Severity && line == d.Line, $"expected {code} {severity} line {line}, got {d.Code} {d.Severity} line {d.Line}: {d.Message}");
        Assert.Equal(File, d.File);
        Assert.StartsWith(line > 0 ? $"{File}:{line}: " : $"{File}: ", d.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', d.Message);
        Assert.DoesNotContain('\r', d.Message);
        return d;
    }
}
