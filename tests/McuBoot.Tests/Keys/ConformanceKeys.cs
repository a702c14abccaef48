using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Keys;

/// <summary>Paths of the conformance keys (tests/data/conformance/keys).</summary>
internal static class ConformanceKeys
{
    internal static string Dir => Path.Combine(TestPaths.Conformance, "keys");

    internal static string PathOf(string name) => Path.Combine(Dir, name + ".pem");

    internal static IEnumerable<string> AllFiles() => Directory.EnumerateFiles(Dir, "*.pem").Order(StringComparer.Ordinal);
}
