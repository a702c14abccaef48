using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Build.Tests.Core;

/// <summary>
/// The post-signing bootloader check lives in the core job (the MSBuild task and the CLI's <c>sign --bootloader</c> share
/// <see cref="PostSigningCheck.Enforce"/>): a rejection reports the check's errors, fails with MCUB7201 and leaves no output.
/// </summary>
public sealed class PostSigningCheckJobTests : IDisposable
{
    private static readonly string Walkthrough = BuildPaths.Sample("check-walkthrough");
    private readonly TempDirectory _temp = new();
    private readonly List<McuBootWarning> _warnings = [];
    private readonly List<CheckFinding> _errors = [];

    public void Dispose() => _temp.Dispose();

    private string Out => _temp.File("out");

    private SigningJobRequest Request(string key) => new()
    {
        Images = [new ImageSigningRequest { FirmwarePath = "firmware/zephyr.hex" }],
        BaseDirectory = Walkthrough,
        KeySpec = key,
        LayoutPath = "pm_static.yml",
        BootloaderPath = "bootloader/mcuboot.bin",
        OutputDirectory = Out,
        Version = new ImageVersion(1, 2, 3, 0),
        DfuPackageFileName = "dfu_application.zip",
        ManifestFileName = "mcuboot-manifest.json",
        Warning = _warnings.Add,
        CheckError = _errors.Add,
    };

    [Fact]
    public void ARejectedImage_FailsTheJob_ReportsTheCheckErrorAtTheFirmware_AndRemovesEveryOutput()
    {
        string other = _temp.File("other.pem");
        using (var key = McuBootKey.Generate(KeyType.Ed25519))
        {
            File.WriteAllText(other, key.ExportPrivatePkcs8Pem(ReadOnlySpan<char>.Empty));
        }

        var e = Assert.Throws<McuBootException>(() => SigningJob.Run(Request(other)));
        Assert.Equal(ErrorCodes.PostSigningCheckFailed, e.Code);
        Assert.Equal(ExitCodes.Rejected, e.ExitCode);
        Assert.Contains(ErrorCodes.CheckBootloaderKeyMissing, e.Message);
        Assert.Contains("zephyr.signed.hex", e.Message);
        Assert.Contains("merged.hex", e.Message);
        Assert.Contains("dfu_application.zip", e.Message);

        var error = Assert.Single(_errors);
        Assert.Equal(ErrorCodes.CheckBootloaderKeyMissing, error.Code);
        Assert.Equal(Path.Combine(Walkthrough, "firmware", "zephyr.hex"), error.File);
        Assert.Empty(Directory.GetFiles(Out, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void AMissingBootloader_FailsBeforeAnythingIsWritten()
    {
        var e = Assert.Throws<McuBootException>(() => SigningJob.Run(Request(Path.Combine(Walkthrough, "keys", "signing-key.pem")) with { BootloaderPath = "bootloader/no-such-mcuboot.bin" }));
        Assert.Equal(ErrorCodes.InputNotFound, e.Code);
        Assert.Equal(Path.Combine(Walkthrough, "bootloader", "no-such-mcuboot.bin"), e.File);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void AnAcceptedImage_KeepsEveryOutput_AndReportsNoCheckError()
    {
        var result = SigningJob.Run(Request(Path.Combine(Walkthrough, "keys", "signing-key.pem")));
        Assert.Empty(_errors);
        Assert.NotNull(result.MergedHex);
        Assert.NotNull(result.DfuPackage);
        Assert.All(result.Files, f => Assert.True(File.Exists(f.Path), f.Path));
    }
}
