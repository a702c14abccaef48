namespace McuBoot.Tests.Infrastructure;

/// <summary>Finds the shared ground-truth folder (<c>shared/</c> beside the repository clone).</summary>
public static class TestPaths
{
    private static readonly Lazy<string> SharedLazy = new(FindShared);

    /// <summary>The <c>shared</c> folder: <c>$MCUBOOT_SHARED</c> if set, else the first ancestor of the test binaries with a <c>shared/conformance/cases.json</c>.</summary>
    public static string Shared => SharedLazy.Value;

    public static string Conformance => Path.Combine(Shared, "conformance");

    public static string Layouts => Path.Combine(Shared, "layouts");

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

    private static string FindShared()
    {
        var fromEnv = Environment.GetEnvironmentVariable("MCUBOOT_SHARED");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (File.Exists(Path.Combine(candidate, "conformance", "cases.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Cannot find the shared/ folder (with conformance/cases.json) above the test binaries; set MCUBOOT_SHARED.");
    }
}
