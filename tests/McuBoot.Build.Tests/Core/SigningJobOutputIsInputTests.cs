using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Build.Tests.Core;

/// <summary>
/// The signing job (the MSBuild task) never writes over one of its inputs: an output path that names the firmware, a key,
/// the layout or the bootloader is refused with MCUB3204, the input is left byte for byte, and nothing else of the run
/// is left behind.
/// </summary>
public sealed class SigningJobOutputIsInputTests : IDisposable
{
    private static readonly string Nrf52 = BuildPaths.Sample("nrf52840-app");
    private readonly TempDirectory _temp = new();

    public SigningJobOutputIsInputTests() => Directory.CreateDirectory(Out);

    public void Dispose() => _temp.Dispose();

    private string Out => _temp.File("out");

    private string CopyIntoOut(string sampleFile, string name)
    {
        string path = Path.Combine(Out, name);
        File.Copy(Path.Combine(Nrf52, sampleFile), path);
        return path;
    }

    private SigningJobRequest Request() => new()
    {
        Images = [new ImageSigningRequest { FirmwarePath = "firmware/app.hex" }],
        BaseDirectory = Nrf52,
        KeySpec = "keys/signing-key.pem",
        LayoutPath = "pm_static.yml",
        OutputDirectory = Out,
        Version = new ImageVersion(1, 2, 3, 0),
    };

    private void AssertRefused(SigningJobRequest request, string input, string role)
    {
        byte[] before = File.ReadAllBytes(input);
        var e = Assert.Throws<McuBootException>(() => SigningJob.Run(request));
        Assert.Equal(ErrorCodes.OutputIsInput, e.Code);
        Assert.Contains($"is the input {role} '{input}'", e.Message);
        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.Equal([input], Directory.GetFiles(Out, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void AFirmwareNamedLikeItsSignedOutput_IsRefused()
    {
        string firmware = CopyIntoOut("firmware/app.hex", "app.signed.hex");
        AssertRefused(Request() with { Images = [new ImageSigningRequest { FirmwarePath = firmware, Name = "app" }] }, firmware, "firmware of image 0");
    }

    [Fact]
    public void AKeyNamedLikeTheDfuPackage_IsRefused_AfterTheImagesWereWritten_AndTheyAreRemoved()
    {
        string key = CopyIntoOut("keys/signing-key.pem", "dfu_application.zip");
        AssertRefused(Request() with { KeySpec = key, DfuPackageFileName = "dfu_application.zip" }, key, "signing key");
    }

    [Fact]
    public void ALayoutNamedLikeTheManifest_IsRefused()
    {
        string layout = CopyIntoOut("pm_static.yml", "mcuboot-manifest.json");
        AssertRefused(Request() with { LayoutPath = layout, ManifestFileName = "mcuboot-manifest.json" }, layout, "partition layout");
    }

    [Fact]
    public void ABootloaderNamedLikeTheMergedHex_IsRefused()
    {
        string bootloader = Path.Combine(Out, "merged.hex");
        using (var stream = File.Create(bootloader))
        {
            McuBoot.IO.IntelHexWriter.Write(stream, 0, File.ReadAllBytes(Path.Combine(BuildPaths.Sample("check-walkthrough"), "bootloader", "mcuboot.bin")));
        }

        AssertRefused(Request() with { BootloaderPath = bootloader, MergedHexFileName = "merged.hex" }, bootloader, "bootloader");
    }
}
