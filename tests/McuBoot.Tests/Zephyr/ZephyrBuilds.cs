using System.Text.Json;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Zephyr;

/// <summary>The Zephyr / NCS build folders in <c>tests/data/zephyr-builds</c> (see SOURCES.md there) and their expected geometry.</summary>
internal static class ZephyrBuilds
{
    public static string Data => Path.Combine(TestPaths.RepoRoot ?? throw new InvalidOperationException("run from the repository"), "tests", "data", "zephyr-builds");

    public static string Fixtures => Path.Combine(Data, "hand-written");

    /// <summary>Every case of expected.json: the folder name.</summary>
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Expected().RootElement.EnumerateArray())
        {
            data.Add(c.GetProperty("case").GetString()!);
        }

        return data;
    }

    public static JsonDocument Expected() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Data, "expected.json")));

    public static string BuildDir(string name) => Path.Combine(Data, name, "build");

    public static uint Hex(JsonElement e) => Convert.ToUInt32(e.GetString()!, 16);
}
