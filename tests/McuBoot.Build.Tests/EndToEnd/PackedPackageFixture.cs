using McuBoot.Build.Tests.Infrastructure;

namespace McuBoot.Build.Tests.EndToEnd;

/// <summary>
/// Packs McuBoot.Build once for all end-to-end tests into a temporary feed, under a version no other run uses (so
/// NuGet's global packages folder never serves a stale copy); the restored copy is deleted afterwards. Packs the
/// solution's own build (dotnet pack -no-build) when it is there, else builds into a temporary artifacts folder.
/// </summary>
public sealed class PackedPackageFixture : IDisposable
{
    public PackedPackageFixture()
    {
        Root = new TempDirectory();
        Feed = Directory.CreateDirectory(Path.Combine(Root.Path, "feed")).FullName;
        Version = $"0.0.1-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.g{Guid.NewGuid():N}"[..40].TrimEnd('.');
        try
        {
            var args = new List<string> { "pack", BuildPaths.TaskProject, "-o", Feed, $"-p:Version={Version}", "-c", BuildPaths.Configuration };
            if (File.Exists(BuildPaths.BuiltTaskAssembly))
            {
                args.AddRange(["--no-build", $"-p:ArtifactsPath={BuildPaths.ArtifactsPath}"]);
            }
            else
            {
                args.Add($"-p:ArtifactsPath={Path.Combine(Root.Path, "artifacts")}");
            }

            PackOutput = DotNetCli.Run(Root.Path, args).EnsureSuccess().Output;
            Package = Path.Combine(Feed, $"McuBoot.Build.{Version}.nupkg");
            Assert.True(File.Exists(Package), $"dotnet pack did not write {Package}:\n{PackOutput}");
        }
        catch
        {
            Root.Dispose();
            throw;
        }
    }

    /// <summary>Temporary root for the feed and the tests' projects.</summary>
    public TempDirectory Root { get; }

    /// <summary>The local feed folder.</summary>
    public string Feed { get; }

    /// <summary>The unique package version.</summary>
    public string Version { get; }

    /// <summary>The .nupkg.</summary>
    public string Package { get; }

    /// <summary>dotnet pack's log.</summary>
    public string PackOutput { get; }

    /// <summary>A fresh folder under the root for one test.</summary>
    public string NewWorkspace(string name)
    {
        var path = Path.Combine(Root.Path, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Copies a sample into a new workspace and returns the copy's folder.</summary>
    public string CopySample(string sample)
    {
        var destination = Path.Combine(NewWorkspace(sample), sample);
        BuildPaths.CopyDirectory(BuildPaths.Sample(sample), destination);
        return destination;
    }

    /// <summary>dotnet build of <paramref name="project"/> against the packed version, as a user would run it.</summary>
    public DotNetCli.Result Build(string workingDirectory, string? project, params string[] extra)
    {
        var args = new List<string> { "build" };
        if (project is not null)
        {
            args.Add(project);
        }

        args.AddRange([$"-p:McuBootBuildVersion={Version}", "--source", Feed, "-nodeReuse:false"]);
        args.AddRange(extra);
        return DotNetCli.Run(workingDirectory, args);
    }

    public void Dispose()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
        {
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        try
        {
            var restored = Path.Combine(packages, "mcuboot.build", Version.ToLowerInvariant());
            if (Directory.Exists(restored))
            {
                Directory.Delete(restored, recursive: true);
            }
        }
        catch (IOException)
        {
        }

        Root.Dispose();
    }
}
