using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using McuBoot.Diagnostics;
using McuBoot.Layouts;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Layouts;

/// <summary>Every real layout in tests/data/layouts against its expected.json entry.</summary>
public sealed partial class LayoutFixtureTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Expected = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Layouts, "expected.json")));
        return doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("file").GetString()!, e => e.Clone());
    });

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestPaths.Layouts, "*.yml").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            data.Add(f!);
        }

        return data;
    }

    [Fact]
    public void EveryLayoutFileHasAnExpectedEntryAndViceVersa()
    {
        var files = Directory.GetFiles(TestPaths.Layouts, "*.yml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        Assert.Equal(files, Expected.Value.Keys.Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void LayoutMatchesExpected(string file)
    {
        var expected = Expected.Value[file];
        var path = Path.Combine(TestPaths.Layouts, file);
        var read = LayoutReader.Load(path);
        var notes = expected.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.All(read.Diagnostics, d => Assert.Equal(Path.GetFullPath(path), d.File));

        if (expected.GetProperty("header_size").ValueKind == JsonValueKind.Null)
        {
            AssertRefused(read, notes);
            return;
        }

        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        var layout = Assert.IsType<PartitionLayout>(read.Layout);
        Assert.Equal(LayoutKind.NordicPartitionManager, layout.Kind);
        var geometry = LayoutGeometry.Derive(layout);
        Assert.True(geometry.Succeeded, string.Join("\n", geometry.Diagnostics));

        // Layout-wide facts.
        Assert.Equal(expected.GetProperty("has_mcuboot_partition").GetBoolean(), geometry.Bootloader is not null);
        AssertRange(expected.GetProperty("bootloader"), geometry.Bootloader);
        Assert.Equal(expected.GetProperty("b0").GetBoolean(), geometry.HasB0);
        Assert.Equal(expected.GetProperty("tfm").GetBoolean(), geometry.HasTfm);
        if (expected.GetProperty("scratch").GetString() is { } scratch)
        {
            var m = ScratchPattern().Match(scratch);
            Assert.True(m.Success, scratch);
            var s = Assert.IsType<LayoutPartition>(geometry.Scratch);
            Assert.Equal((Hex(m.Groups[1].Value), Hex(m.Groups[2].Value)), (s.Address, s.Size));
        }
        else
        {
            Assert.Null(geometry.Scratch);
        }

        // Image 0: NCS rules.
        var image = Assert.IsType<ImageGeometry>(geometry.Image(0));
        var header = Hex(expected.GetProperty("header_size").GetString()!);
        Assert.Equal((int)header, image.HeaderSize);
        Assert.Equal("mcuboot_pad", image.HeaderPartition);
        var primary = Slot(expected.GetProperty("primary").GetString()!);
        Assert.Equal(primary.Address, image.PrimaryAddress);
        Assert.Equal(primary.Size, image.PrimarySize);
        Assert.Equal(primary.Size, image.SlotSize);
        Assert.Equal(primary.Region, image.PrimaryRegion);
        Assert.Equal(primary.Address, image.HexBaseAddress);
        Assert.Equal(Hex(expected.GetProperty("app_load_address").GetString()!), image.LoadAddress);
        Assert.Equal(image.PrimaryAddress + header, image.LoadAddress);
        Assert.False(image.IsNetworkCore);
        Assert.Null(image.WriteAlignment);

        if (expected.GetProperty("secondary").GetString() is { } secondaryText)
        {
            var secondary = Slot(secondaryText);
            Assert.True(image.HasSecondary);
            Assert.Equal(secondary.Address, image.SecondaryAddress);
            Assert.Equal(secondary.Size, image.SecondarySize);
            Assert.Equal(secondary.Region, image.SecondaryRegion);
            Assert.Equal(secondary.Device, image.SecondaryDevice);
            var external = secondary.Region == "external_flash";
            Assert.Equal(external, image.SecondaryIsExternal);

            // Without an XIP base an external slot has no CPU address; internal ones are their own address.
            Assert.Equal(external ? null : secondary.Address, image.SecondaryHexAddress);
        }
        else
        {
            Assert.False(image.HasSecondary);
            Assert.Null(image.SecondaryPartition);
        }

        // Extra images (multi-image, nRF5340 network core).
        var extras = expected.GetProperty("extra_images").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(1 + extras.Count, geometry.Images.Count);
        foreach (var extra in extras)
        {
            var m = ExtraPattern().Match(extra);
            Assert.True(m.Success, extra);
            var index = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            var img = Assert.IsType<ImageGeometry>(geometry.Image(index));
            Assert.Equal($"mcuboot_primary_{index}", img.PrimaryPartition);
            Assert.Equal($"mcuboot_secondary_{index}", img.SecondaryPartition);
            Assert.Equal(Hex(m.Groups["pa"].Value), img.PrimaryAddress);
            Assert.Equal(Hex(m.Groups["ps"].Value), img.PrimarySize);
            Assert.Equal(m.Groups["pr"].Value, img.PrimaryRegion);
            Assert.Equal(m.Groups["pd"].Value, img.PrimaryDevice);
            Assert.Equal(Hex(m.Groups["sa"].Value), img.SecondaryAddress);
            Assert.Equal(Hex(m.Groups["ss"].Value), img.SecondarySize);
            Assert.Equal(m.Groups["sr"].Value, img.SecondaryRegion);
            Assert.Equal(m.Groups["sd"].Value, img.SecondaryDevice);
            Assert.Equal(image.HeaderSize, img.HeaderSize);

            // nRF5340 network core rule: primary in ram_flash, slot size = size(mcuboot_secondary_N), no load address here.
            var netCore = img.PrimaryRegion == "ram_flash";
            Assert.Equal(netCore, img.IsNetworkCore);
            Assert.Equal(netCore ? img.SecondarySize : img.PrimarySize, img.SlotSize);
            if (netCore)
            {
                Assert.Null(img.LoadAddress);
                Assert.Null(img.HexBaseAddress);
            }
        }

        // Notes: each is reported (by code, with the note's text) and nothing else is.
        var warnings = read.Diagnostics.Concat(geometry.Diagnostics).ToList();
        Assert.All(warnings, w => Assert.Equal(LayoutSeverity.Warning, w.Severity));
        Assert.Equal(notes.Count, warnings.Count);
        foreach (var note in notes)
        {
            var code = note.StartsWith("secondary size", StringComparison.Ordinal) ? ErrorCodes.LayoutSecondarySmaller
                : note.Contains("not 4 KiB aligned", StringComparison.Ordinal) ? ErrorCodes.LayoutSlotNotAligned
                : throw new Xunit.Sdk.XunitException($"unmapped note '{note}'");
            Assert.Contains(warnings, w => w.Code == code && w.Message.Contains(note, StringComparison.Ordinal));
        }
    }

    private static void AssertRefused(LayoutReadResult read, List<string> notes)
    {
        var errors = read.Diagnostics.Where(d => d.IsError).ToList();
        if (read.Layout is not null)
        {
            var geometry = LayoutGeometry.Derive(read.Layout);
            Assert.False(geometry.Succeeded);
            Assert.Empty(geometry.Images);
            errors.AddRange(geometry.Diagnostics.Where(d => d.IsError));
            Assert.Contains(errors, e => e.Code == ErrorCodes.LayoutNoMcuBootGeometry);
            return;
        }

        Assert.NotEmpty(errors);
        foreach (var note in notes)
        {
            var code = note.StartsWith("non-partition top-level keys", StringComparison.Ordinal) ? ErrorCodes.LayoutUnknownSchema
                : note.StartsWith("some entries lack address", StringComparison.Ordinal) ? ErrorCodes.LayoutMissingField
                : throw new Xunit.Sdk.XunitException($"unmapped note '{note}'");
            Assert.Contains(errors, e => e.Code == code);
        }

        // The note names the keys: every one of them is named by an MCUB6004 error.
        foreach (Match key in QuotedName().Matches(string.Join(" ", notes.Where(n => n.StartsWith("non-partition", StringComparison.Ordinal)))))
        {
            Assert.Contains(errors, e => e.Code == ErrorCodes.LayoutUnknownSchema && e.Message.Contains($"'{key.Groups[1].Value}'", StringComparison.Ordinal));
        }
    }

    private static void AssertRange(JsonElement expected, LayoutPartition? actual)
    {
        if (expected.GetString() is not { } text)
        {
            Assert.Null(actual);
            return;
        }

        var parts = text.Split('+');
        var p = Assert.IsType<LayoutPartition>(actual);
        Assert.Equal((Hex(parts[0]), Hex(parts[1])), (p.Address, p.Size));
    }

    private static (uint Address, uint Size, string Region, string? Device) Slot(string text)
    {
        var m = SlotPattern().Match(text);
        Assert.True(m.Success, text);
        return (Hex(m.Groups["a"].Value), Hex(m.Groups["s"].Value), m.Groups["r"].Value, m.Groups["d"].Success ? m.Groups["d"].Value : null);
    }

    private static uint Hex(string text) => uint.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<a>0x[0-9a-f]+) size (?<s>0x[0-9a-f]+) \((?<r>[a-z_]+)(?:, (?<d>.+))?\)$")]
    private static partial Regex SlotPattern();

    [GeneratedRegex(@"^(0x[0-9a-f]+) size (0x[0-9a-f]+)$")]
    private static partial Regex ScratchPattern();

    [GeneratedRegex(@"^img(?<n>\d+): primary (?<pa>0x[0-9a-f]+)\+(?<ps>0x[0-9a-f]+) (?<pr>[a-z_]+)/(?<pd>\S+); secondary (?<sa>0x[0-9a-f]+)\+(?<ss>0x[0-9a-f]+) (?<sr>[a-z_]+)/(?<sd>\S+)$")]
    private static partial Regex ExtraPattern();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex QuotedName();
}
