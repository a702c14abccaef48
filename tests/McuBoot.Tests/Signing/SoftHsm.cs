using System.Diagnostics;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Signing;

/// <summary>
/// A SoftHSM2 token of its own for one test: a temporary token directory and configuration (SOFTHSM2_CONF), one
/// initialised token, and PEM keys imported with <c>softhsm2-util --import</c>. SoftHSM2 must be installed
/// (<c>apt-get install -y softhsm2</c>; <c>.ci/run</c> installs it): a missing SoftHSM2 fails the test, it never
/// passes silently.
/// </summary>
internal sealed class SoftHsm : IDisposable
{
    public const string Pin = "1234";
    private const string SoPin = "5678";

    private static readonly string[] ModuleCandidates =
    [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/local/lib/softhsm/libsofthsm2.so",
        "/usr/lib64/pkcs11/libsofthsm2.so",
    ];

    private readonly TempDirectory _dir = new();
    private readonly string? _previousConf;

    public SoftHsm(string token = "mcuboot")
    {
        Module = ModuleCandidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("SoftHSM2 is not installed (no libsofthsm2.so): run apt-get install -y softhsm2 (.ci/run does this).");
        Token = token;
        Directory.CreateDirectory(Path.Combine(_dir.Path, "tokens"));
        ConfigFile = Path.Combine(_dir.Path, "softhsm2.conf");
        File.WriteAllText(ConfigFile, $"directories.tokendir = {Path.Combine(_dir.Path, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");

        // The module reads SOFTHSM2_CONF when it is initialised (in this process, by the signer under test).
        // .NET's Environment.SetEnvironmentVariable does not reach the native environment that getenv() reads.
        _previousConf = Environment.GetEnvironmentVariable("SOFTHSM2_CONF");
        SetNativeEnvironment("SOFTHSM2_CONF", ConfigFile);
        Util("--init-token", "--free", "--label", token, "--pin", Pin, "--so-pin", SoPin);
    }

    public string Module { get; }

    public string Token { get; }

    public string ConfigFile { get; }

    /// <summary>The URI of key <paramref name="label"/>, with the module path and the PIN from <paramref name="pinFile"/>.</summary>
    public string Uri(string label, string? pinFile = "pin.txt", string? token = null)
        => $"pkcs11:token={token ?? Token};object={label};type=private?module-path={Module}" + (pinFile is null ? string.Empty : $"&pin-source=file:{pinFile}");

    /// <summary>Imports the unencrypted PKCS#8 PEM <paramref name="pemPath"/> as a key pair labelled <paramref name="label"/>.</summary>
    public void Import(string pemPath, string label, string id)
        => Util("--import", pemPath, "--token", Token, "--label", label, "--id", id, "--pin", Pin);

    public void Dispose()
    {
        SetNativeEnvironment("SOFTHSM2_CONF", _previousConf);
        _dir.Dispose();
    }

    private static void SetNativeEnvironment(string name, string? value)
    {
        Environment.SetEnvironmentVariable(name, value);
        int rc = value is null ? NativeMethods.unsetenv(name) : NativeMethods.setenv(name, value, 1);
        Assert.Equal(0, rc);
    }

    private void Util(params string[] args)
    {
        var start = new ProcessStartInfo("softhsm2-util") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["SOFTHSM2_CONF"] = ConfigFile;
        using var p = Process.Start(start) ?? throw new InvalidOperationException("softhsm2-util did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"softhsm2-util {string.Join(' ', args)} failed ({p.ExitCode}): {stdout.Result}{stderr}");
    }
}
