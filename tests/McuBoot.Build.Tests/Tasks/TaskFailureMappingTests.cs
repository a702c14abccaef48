using McuBoot.Build.Tasks;
using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace McuBoot.Build.Tests.Tasks;

/// <summary>
/// The MSBuild tasks run in-process over a recording engine: running out of memory or stack on the way in becomes the
/// coded MCUB3203 error located at the project (never an unhandled exception, never at the package's .targets), and a
/// cancelled build stops the signing task and leaves no output.
/// </summary>
public sealed class TaskFailureMappingTests : IDisposable
{
    private const string Project = "/work-area/fw/fw.csproj";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Exhaustion => ["memory", "stack"];

    private static Exception Exhausted(string kind) => kind == "memory" ? new OutOfMemoryException() : new InsufficientExecutionStackException();

    [Theory]
    [MemberData(nameof(Exhaustion))]
    public void SignMcuBootImages_MapsExhaustionOnItsInputPath_ToOneCodedErrorAtTheProject(string kind)
    {
        var engine = new RecordingBuildEngine();
        var task = new SignMcuBootImages
        {
            BuildEngine = engine,
            ProjectDirectory = _temp.Path,
            ProjectFile = Project,
            OutputDirectory = _temp.File("out"),
            Images = [new ThrowingTaskItem("app.hex", () => Exhausted(kind))],
        };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(ErrorCodes.OutOfResources, error.Code);
        Assert.Equal(Project, error.File);
        Assert.Contains(kind == "memory" ? "ran out of memory" : "ran out of stack", error.Message);
        Assert.Contains("nothing was written", error.Message);
        Assert.False(Directory.Exists(_temp.File("out")));
    }

    [Theory]
    [MemberData(nameof(Exhaustion))]
    public void PrepareMcuBootSigning_MapsExhaustionOnItsInputPath_ToOneCodedErrorAtTheProject(string kind)
    {
        var engine = new RecordingBuildEngine();
        var task = new PrepareMcuBootSigning
        {
            BuildEngine = engine,
            ProjectDirectory = _temp.Path,
            ProjectFile = Project,
            SettingsFile = _temp.File("settings.txt"),
            OutputListFile = _temp.File("outputs.txt"),
            Images = [new ThrowingTaskItem("app.hex", () => Exhausted(kind))],
        };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(ErrorCodes.OutOfResources, error.Code);
        Assert.Equal(Project, error.File);
    }

    [Fact]
    public void WithoutProjectFile_AnErrorFallsBackToTheEnginesTaskNode()
    {
        // The targets always pass ProjectFile; without it the engine's task node (the .targets) is all there is.
        var engine = new RecordingBuildEngine();
        var task = new SignMcuBootImages { BuildEngine = engine, ProjectDirectory = _temp.Path, OutputDirectory = _temp.File("out") };
        Assert.False(task.Execute());
        Assert.Equal(engine.ProjectFileOfTaskNode, Assert.Single(engine.Errors).File);

        var withProject = new RecordingBuildEngine();
        Assert.False(new SignMcuBootImages { BuildEngine = withProject, ProjectDirectory = _temp.Path, ProjectFile = Project, OutputDirectory = _temp.File("out") }.Execute());
        var error = Assert.Single(withProject.Errors);
        Assert.Equal(ErrorCodes.NoFirmwareImages, error.Code);
        Assert.Equal(Project, error.File);
    }

    [Fact]
    public void SignMcuBootImages_CancelledWhileSigning_StopsAndLeavesNoOutput()
    {
        string sample = BuildPaths.Sample("nrf5340-dual-core");
        var engine = new RecordingBuildEngine();
        var task = new SignMcuBootImages
        {
            BuildEngine = engine,
            ProjectDirectory = sample,
            ProjectFile = Path.Combine(sample, "fw.csproj"),
            OutputDirectory = _temp.File("out"),
            OutputListFile = _temp.File("obj/outputs.txt"),
            SigningKey = "keys/signing-key.pem",
            LayoutFile = "pm_static.yml",
            Confirmed = true,
            Images =
            [
                Item("firmware/app.hex", ("ImageIndex", "0"), ("Name", "app")),
                Item("firmware/net.hex", ("ImageIndex", "1"), ("Name", "net")),
            ],
        };

        // Ctrl+C while the second image is being signed: the first image's files are already written.
        engine.OnMessage = m =>
        {
            if (m.StartsWith("McuBoot: image 1:", StringComparison.Ordinal))
            {
                task.Cancel();
            }
        };

        Assert.False(task.Execute());
        Assert.Empty(engine.Errors);
        Assert.Contains(engine.Messages, m => m.Message!.Contains("signing cancelled", StringComparison.Ordinal));
        Assert.Empty(task.SignedFiles);
        Assert.Empty(Directory.GetFiles(_temp.File("out"), "*", SearchOption.AllDirectories));
        Assert.False(File.Exists(_temp.File("obj/outputs.txt")));
    }

    private static TaskItem Item(string spec, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(spec);
        foreach (var (name, value) in metadata)
        {
            item.SetMetadata(name, value);
        }

        return item;
    }
}
