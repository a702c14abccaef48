namespace McuBoot.Tests.Infrastructure;

/// <summary>
/// Finds the test data committed in the repository (<c>tests/data</c>): the tests read nothing outside the clone.
/// </summary>
public static class TestPaths
{
    private static readonly Lazy<string> DataLazy = new(FindData);

    /// <summary>The repository's <c>tests/data</c> folder (each area in it has a <c>SOURCES.md</c>).</summary>
    public static string Data => DataLazy.Value;

    /// <summary>imgtool 2.4.0's conformance vectors (<c>tests/data/conformance</c>).</summary>
    public static string Conformance => Path.Combine(Data, "conformance");

    /// <summary>Real Partition Manager layouts and their expected derivations (<c>tests/data/layouts</c>).</summary>
    public static string Layouts => Path.Combine(Data, "layouts");

    /// <summary>
    /// The repository root (folder holding McuBoot.Build.sln): found above the test binaries, or else above this source
    /// file (when the build output is redirected outside the repository); null when neither exists.
    /// </summary>
    public static string? RepoRoot => FindUp(AppContext.BaseDirectory, "McuBoot.Build.sln") ?? FindUp(ThisFile(), "McuBoot.Build.sln");

    private static string? FindUp(string start, string marker)
    {
        for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, marker)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? path;

    private static string FindData()
    {
        var root = RepoRoot
            ?? throw new InvalidOperationException("Cannot find the repository (McuBoot.Build.sln) above the test binaries or the test sources.");
        var data = Path.Combine(root, "tests", "data");
        if (!File.Exists(Path.Combine(data, "conformance", "cases.json")))
        {
            throw new InvalidOperationException($"The repository at {root} has no tests/data/conformance/cases.json; the test data is part of the clone.");
        }

        return data;
    }
}
