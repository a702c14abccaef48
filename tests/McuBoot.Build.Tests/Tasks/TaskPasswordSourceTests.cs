using McuBoot.Build.Tasks;
using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Diagnostics;
using McuBoot.Keys;
using Microsoft.Build.Utilities;

namespace McuBoot.Build.Tests.Tasks;

/// <summary>
/// SignMcuBootImages run in-process: a wrong or missing key password is an MSBuild error that names the property the
/// password came from (McuBootKeyPasswordEnvironmentVariable / McuBootKeyPasswordFile), never the password itself.
/// </summary>
public sealed class TaskPasswordSourceTests : IDisposable
{
    private const string Secret = "Zq9-not-the-password-7Kx";
    private static readonly string Nrf52 = BuildPaths.Sample("nrf52840-app");
    private readonly TempDirectory _temp = new();
    private readonly string _variable = $"MCUBOOT_TEST_TASK_PW_{Guid.NewGuid():N}".ToUpperInvariant();

    public TaskPasswordSourceTests()
    {
        using var key = McuBootKey.Generate(KeyType.Ed25519);
        File.WriteAllText(_temp.File("protected.pem"), key.ExportPrivatePkcs8Pem("the right one"));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        _temp.Dispose();
    }

    private (SignMcuBootImages Task, RecordingBuildEngine Engine) Task()
    {
        var engine = new RecordingBuildEngine();
        return (new SignMcuBootImages
        {
            BuildEngine = engine,
            ProjectDirectory = Nrf52,
            ProjectFile = Path.Combine(Nrf52, "nrf52840-app.csproj"),
            OutputDirectory = _temp.File("out"),
            SigningKey = _temp.File("protected.pem"),
            LayoutFile = "pm_static.yml",
            Images = [new TaskItem("firmware/app.hex")],
        }, engine);
    }

    [Fact]
    public void AWrongPasswordFromTheVariable_IsAnErrorNamingTheVariableAndTheProperty()
    {
        Environment.SetEnvironmentVariable(_variable, Secret);
        var (task, engine) = Task();
        task.KeyPasswordEnvironmentVariable = _variable;
        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(ErrorCodes.KeyWrongPassword, error.Code);
        Assert.Contains($"the environment variable {_variable} (McuBootKeyPasswordEnvironmentVariable)", error.Message);
        Assert.DoesNotContain(Secret, error.Message);
        Assert.DoesNotContain(engine.Messages, m => m.Message!.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void AWrongPasswordFromTheFile_IsAnErrorNamingTheFileAndTheProperty()
    {
        File.WriteAllText(_temp.File("pw.txt"), Secret + "\n");
        var (task, engine) = Task();
        task.KeyPasswordFile = _temp.File("pw.txt");
        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(ErrorCodes.KeyWrongPassword, error.Code);
        Assert.Contains($"the password file {_temp.File("pw.txt")} (McuBootKeyPasswordFile)", error.Message);
        Assert.DoesNotContain(Secret, error.Message);
    }

    [Fact]
    public void NoPassword_IsAnErrorNamingBothProperties()
    {
        var (task, engine) = Task();
        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(ErrorCodes.KeyPasswordRequired, error.Code);
        Assert.Contains("McuBootKeyPasswordEnvironmentVariable", error.Message);
        Assert.Contains("McuBootKeyPasswordFile", error.Message);
        Assert.DoesNotContain("--password", error.Message);
    }
}
