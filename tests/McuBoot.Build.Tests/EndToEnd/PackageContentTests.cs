using System.IO.Compression;
using System.Xml.Linq;
using McuBoot.Build.Tests.Infrastructure;

namespace McuBoot.Build.Tests.EndToEnd;

/// <summary>Pins the package's exact file list and metadata (as dotnet/sdk's Containers PackageContentTest does).</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class PackageContentTests(PackedPackageFixture package)
{
    private static readonly string[] ExpectedFiles =
    [
        "McuBoot.Build.nuspec",
        "README.md",
        "build/McuBoot.Build.props",
        "build/McuBoot.Build.targets",
        "buildMultiTargeting/McuBoot.Build.props",
        "buildMultiTargeting/McuBoot.Build.targets",
        "tasks/net10.0/BouncyCastle.Cryptography.dll",
        "tasks/net10.0/McuBoot.Build.deps.json",
        "tasks/net10.0/McuBoot.Build.dll",
        "tasks/net10.0/McuBoot.dll",
        "tasks/net10.0/Pkcs11Interop.dll",
        "tasks/net10.0/System.Formats.Cbor.dll",
        "tasks/net10.0/YamlDotNet.dll",
        "tasks/net10.0/runtimes/linux-arm/native/liblzma.so",
        "tasks/net10.0/runtimes/linux-arm64/native/liblzma.so",
        "tasks/net10.0/runtimes/linux-x64/native/liblzma.so",
        "tasks/net10.0/runtimes/osx-x64/native/liblzma.dylib",
        "tasks/net10.0/runtimes/win-arm64/native/liblzma.dll",
        "tasks/net10.0/runtimes/win-x64/native/liblzma.dll",
        "tasks/net10.0/runtimes/win-x86/native/liblzma.dll",
    ];

    [Fact]
    public void PackageHoldsExactlyTheTaskFolderTheTargetsAndTheReadme()
    {
        using var zip = ZipFile.OpenRead(package.Package);
        Assert.Equal(ExpectedFiles.Order(StringComparer.Ordinal), PayloadFiles(zip));
    }

    /// <summary>
    /// NUGET_PACKAGES without a trailing slash (common in CI caches) makes NuGetPackageRoot lack it too; the liblzma
    /// runtimes copied from the NuGet cache must still be in the package. A full restore + build + pack under each setting.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PackageHoldsTheSameFilesWhateverTheNuGetPackagesTrailingSlash(bool trailingSlash)
    {
        string packages = Path.TrimEndingDirectorySeparator(PackagesFolder());
        string workspace = package.NewWorkspace(trailingSlash ? "slash" : "noslash");
        string feed = Path.Combine(workspace, "feed");
        string version = $"{package.Version}.{(trailingSlash ? "s" : "n")}";
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = trailingSlash ? packages + Path.DirectorySeparatorChar : packages };
        DotNetCli.Run(workspace, ["pack", BuildPaths.TaskProject, "-c", BuildPaths.Configuration, "-o", feed, $"-p:Version={version}",
            $"-p:ArtifactsPath={Path.Combine(workspace, "artifacts")}", "-nodeReuse:false"], environment).EnsureSuccess();

        using var zip = ZipFile.OpenRead(Path.Combine(feed, $"McuBoot.Build.{version}.nupkg"));
        Assert.Equal(ExpectedFiles.Order(StringComparer.Ordinal), PayloadFiles(zip));
    }

    [Fact]
    public void NuspecIsADevelopmentDependencyWithoutDependencies()
    {
        using var zip = ZipFile.OpenRead(package.Package);
        using var stream = zip.GetEntry("McuBoot.Build.nuspec")!.Open();
        var nuspec = XDocument.Load(stream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("McuBoot.Build", metadata.Element(ns + "id")!.Value);
        Assert.Equal(package.Version, metadata.Element(ns + "version")!.Value);
        Assert.Equal("true", metadata.Element(ns + "developmentDependency")!.Value);
        Assert.Null(metadata.Element(ns + "dependencies"));
    }

    [Fact]
    public void TaskAssemblyPathIsOverridableAndEveryTaskIsRegisteredFromIt()
    {
        using var zip = ZipFile.OpenRead(package.Package);
        string props = new StreamReader(zip.GetEntry("build/McuBoot.Build.props")!.Open()).ReadToEnd();
        string targets = new StreamReader(zip.GetEntry("build/McuBoot.Build.targets")!.Open()).ReadToEnd();
        Assert.Contains("<McuBootBuildTaskAssembly Condition=\"'$(McuBootBuildTaskAssembly)' == ''\">", props);
        foreach (var task in new[] { "PrepareMcuBootSigning", "SignMcuBootImages" })
        {
            Assert.Contains($"<UsingTask TaskName=\"McuBoot.Build.Tasks.{task}\" AssemblyFile=\"$(McuBootBuildTaskAssembly)\"", targets);
        }

        foreach (var forwarder in new[] { "props", "targets" })
        {
            string text = new StreamReader(zip.GetEntry($"buildMultiTargeting/McuBoot.Build.{forwarder}")!.Open()).ReadToEnd();
            Assert.Contains($"<Import Project=\"..\\build\\$(MSBuildThisFileName).{forwarder}\" />", text);
        }
    }

    /// <summary>The NuGet global packages folder this test run uses (NUGET_PACKAGES, else ~/.nuget/packages).</summary>
    private static string PackagesFolder()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return string.IsNullOrEmpty(packages)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")
            : Path.GetFullPath(packages);
    }

    private static List<string> PayloadFiles(ZipArchive zip) => zip.Entries
        .Select(e => e.FullName)
        .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml")
        .Order(StringComparer.Ordinal)
        .ToList();
}
