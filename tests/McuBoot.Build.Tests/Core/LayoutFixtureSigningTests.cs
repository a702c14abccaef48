using System.Globalization;
using System.Text.Json;
using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Diagnostics;

namespace McuBoot.Build.Tests.Core;

/// <summary>
/// The signing geometry the build integration takes from each real layout in tests/data/layouts (the layout reader itself
/// is tested in McuBoot.Tests/Layouts): header size, slot size, hex base and load address as expected.json says, and a
/// located, coded refusal for the files without MCUboot geometry.
/// </summary>
public sealed class LayoutFixtureSigningTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Layouts, "expected.json")));
        foreach (var entry in expected.RootElement.EnumerateArray())
        {
            data.Add(entry.GetProperty("file").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ImageZeroGeometryMatchesExpected(string file)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Layouts, "expected.json")));
        var entry = expected.RootElement.EnumerateArray().Single(e => e.GetProperty("file").GetString() == file);
        string path = Path.Combine(TestPaths.Layouts, file);
        var warnings = new List<McuBootWarning>();

        if (entry.GetProperty("header_size").ValueKind == JsonValueKind.Null)
        {
            var e = Assert.Throws<McuBootException>(() => SigningLayout.Image(SigningLayout.Load(path, null, warnings.Add), 0));
            Assert.StartsWith("MCUB60", e.Code);
            Assert.Equal(path, e.File);
            return;
        }

        var layout = SigningLayout.Load(path, null, warnings.Add);
        var geometry = SigningGeometry.Resolve(SigningGeometryOverrides.None, SigningLayout.Image(layout, 0), file);
        Assert.Equal(Hex(entry.GetProperty("header_size").GetString()!), (uint)geometry.HeaderSize);
        var primary = entry.GetProperty("primary").GetString()!.Split(' ');
        Assert.Equal(Hex(primary[2]), (uint)geometry.SlotSize);
        if (geometry.Layout!.PrimaryIsExternal)
        {
            return;
        }

        Assert.Equal(Hex(primary[0]), geometry.HexAddress);
        Assert.Equal(Hex(entry.GetProperty("app_load_address").GetString()!), geometry.LoadAddress);
        Assert.All(warnings, w => Assert.Equal(path, w.File));
    }

    private static uint Hex(string text) => uint.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
