using System.Reflection;

namespace McuBoot.Build.Tests.Infrastructure;

/// <summary>Paths baked into the test assembly at build time (AssemblyMetadata in the csproj).</summary>
public static class BuildPaths
{
    /// <summary>The repository root (holds McuBoot.Build.sln).</summary>
    public static string RepositoryRoot => Metadata("McuBootRepositoryRoot");

    /// <summary>The ArtifactsPath the solution was built with.</summary>
    public static string ArtifactsPath => Metadata("McuBootArtifactsPath");

    /// <summary>The configuration the solution was built with.</summary>
    public static string Configuration => Metadata("McuBootConfiguration");

    /// <summary>The samples folder.</summary>
    public static string Samples => Path.Combine(RepositoryRoot, "samples");

    /// <summary>A sample folder.</summary>
    public static string Sample(string name) => Path.Combine(Samples, name);

    /// <summary>The McuBoot.Tool project (the dotnet-mcuboot tool package).</summary>
    public static string ToolProject => Path.Combine(RepositoryRoot, "src", "McuBoot.Tool", "McuBoot.Tool.csproj");

    /// <summary>The McuBoot.Build project.</summary>
    public static string TaskProject => Path.Combine(RepositoryRoot, "src", "McuBoot.Build", "McuBoot.Build.csproj");

    /// <summary>Where the solution build put McuBoot.Build.dll (artifacts layout: bin/&lt;project&gt;/&lt;config&gt;).</summary>
    public static string BuiltTaskAssembly =>
        Path.Combine(ArtifactsPath, "bin", "McuBoot.Build", Configuration.ToLowerInvariant(), "McuBoot.Build.dll");

    /// <summary>Copies a folder recursively, skipping bin/ and obj/.</summary>
    public static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj")
            {
                continue;
            }

            CopyDirectory(dir, Path.Combine(destination, name));
        }
    }

    private static string Metadata(string key) =>
        typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no {key} metadata.");
}
