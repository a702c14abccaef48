using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Build.Tests.Core;

/// <summary>
/// The MSBuild task's key password (<see cref="BuildPasswordProvider"/>, which SignMcuBootImages passes to the job): a wrong
/// or missing password names the MSBuild property that gave it, never the password.
/// </summary>
public sealed class BuildPasswordSourceTests : IDisposable
{
    private const string Secret = "Zq9-not-the-password-7Kx";
    private readonly TempDirectory _temp = new();
    private readonly string _variable = $"MCUBOOT_TEST_BUILD_PW_{Guid.NewGuid():N}".ToUpperInvariant();

    public BuildPasswordSourceTests()
    {
        using var key = McuBootKey.Generate(KeyType.Ed25519);
        File.WriteAllText(_temp.File("protected.pem"), key.ExportPrivatePkcs8Pem("the right one"));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        _temp.Dispose();
    }

    private McuBootException Run(IPasswordProvider passwords) => Assert.Throws<McuBootException>(() => SigningJob.Run(new SigningJobRequest
    {
        Images = [new ImageSigningRequest { FirmwarePath = "firmware/app.hex" }],
        BaseDirectory = BuildPaths.Sample("nrf52840-app"),
        KeySpec = _temp.File("protected.pem"),
        LayoutPath = "pm_static.yml",
        OutputDirectory = _temp.File("out"),
        Version = new ImageVersion(1, 0, 0, 0),
        Passwords = passwords,
    }));

    [Fact]
    public void AWrongPasswordFromTheVariable_NamesTheVariableAndTheProperty()
    {
        Environment.SetEnvironmentVariable(_variable, Secret);
        var e = Run(new BuildPasswordProvider(_variable, null));
        Assert.Equal(ErrorCodes.KeyWrongPassword, e.Code);
        Assert.Contains($"the password from the environment variable {_variable} (McuBootKeyPasswordEnvironmentVariable)", e.Message);
        Assert.DoesNotContain(Secret, e.Message);
        Assert.DoesNotContain("--password", e.Message);
        Assert.False(Directory.Exists(_temp.File("out")) && Directory.EnumerateFiles(_temp.File("out"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void AnUnsetVariable_NamesTheProperty()
    {
        var e = Run(new BuildPasswordProvider(_variable, null));
        Assert.Equal(ErrorCodes.PasswordVariableNotSet, e.Code);
        Assert.Contains($"the environment variable {_variable} (McuBootKeyPasswordEnvironmentVariable) is not set", e.Message);
    }

    [Fact]
    public void AWrongPasswordFromTheFile_NamesTheFileAndTheProperty()
    {
        string file = _temp.File("pw.txt");
        File.WriteAllText(file, Secret + "\n");
        var e = Run(new BuildPasswordProvider(null, file));
        Assert.Equal(ErrorCodes.KeyWrongPassword, e.Code);
        Assert.Contains($"the password from the password file {file} (McuBootKeyPasswordFile)", e.Message);
        Assert.DoesNotContain(Secret, e.Message);
    }

    [Fact]
    public void NoPasswordSource_NamesBothProperties()
    {
        var e = Run(new BuildPasswordProvider(null, null));
        Assert.Equal(ErrorCodes.KeyPasswordRequired, e.Code);
        Assert.Contains("McuBootKeyPasswordEnvironmentVariable", e.Message);
        Assert.Contains("McuBootKeyPasswordFile", e.Message);
        Assert.DoesNotContain("--password", e.Message);
    }

    [Fact]
    public void AnInvalidVariableName_IsRefusedWithoutEchoingIt()
    {
        var e = Assert.Throws<McuBootException>(() => new BuildPasswordProvider(Secret, null));
        Assert.Equal(ErrorCodes.InvalidVariableName, e.Code);
        Assert.Contains("McuBootKeyPasswordEnvironmentVariable", e.Message);
        Assert.DoesNotContain(Secret, e.Message);
    }
}
