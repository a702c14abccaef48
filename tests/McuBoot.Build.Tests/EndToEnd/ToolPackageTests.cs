using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using McuBoot.Build.Tests.Infrastructure;

namespace McuBoot.Build.Tests.EndToEnd;

/// <summary>
/// The tool as users get it from source (README: install from source): the plain <c>dotnet pack</c> of McuBoot.Tool under
/// a unique version writes the pointer package and the linux-x64, win-x64 and portable (<c>any</c>) packages, each with
/// the tool, its dependencies and the bundled liblzma; <c>dotnet tool install --tool-path</c> from that folder picks this
/// machine's package, and the installed tool compresses with LZMA2 byte for byte as imgtool 2.4.0 (conformance vector
/// <c>lzma2</c>). Framework-dependent plain pack only: the Native AOT package (<c>-r linux-x64</c>) is .ci/run's business.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private static readonly string[] Dependencies =
    [
        "BouncyCastle.Cryptography.dll", "DotnetToolSettings.xml", "McuBoot.dll", "Pkcs11Interop.dll", "System.CommandLine.dll",
        "System.Formats.Cbor.dll", "YamlDotNet.dll", "dotnet-mcuboot.deps.json", "dotnet-mcuboot.dll", "dotnet-mcuboot.runtimeconfig.json",
    ];

    private static readonly Dictionary<string, string[]> ExpectedFiles = new()
    {
        ["McuBoot.Tool"] = ["McuBoot.Tool.nuspec", "tools/any/any/DotnetToolSettings.xml"],

        // Framework-dependent, every platform's liblzma under runtimes/ (the resolver picks this machine's).
        // McuBoot.pdb is what the SDK's publish of the portable build carries today.
        ["McuBoot.Tool.any"] =
        [
            "McuBoot.Tool.any.nuspec",
            .. Dependencies.Append("McuBoot.pdb").Select(f => "tools/net10.0/any/" + f),
            .. new[] { "linux-arm/native/liblzma.so", "linux-arm64/native/liblzma.so", "linux-x64/native/liblzma.so", "osx-x64/native/liblzma.dylib",
                "win-arm64/native/liblzma.dll", "win-x64/native/liblzma.dll", "win-x86/native/liblzma.dll" }.Select(f => "tools/net10.0/any/runtimes/" + f),
        ],

        // Framework-dependent ReadyToRun with the apphost and only this platform's liblzma beside it.
        ["McuBoot.Tool.linux-x64"] = ["McuBoot.Tool.linux-x64.nuspec", .. Dependencies.Append("dotnet-mcuboot").Append("liblzma.so").Select(f => "tools/net10.0/linux-x64/" + f)],
        ["McuBoot.Tool.win-x64"] = ["McuBoot.Tool.win-x64.nuspec", .. Dependencies.Append("dotnet-mcuboot.exe").Append("liblzma.dll").Select(f => "tools/net10.0/win-x64/" + f)],
    };

    private readonly TempDirectory _temp = new();
    private readonly string _version = $"0.0.1-tool.{DateTime.UtcNow:yyyyMMddHHmmss}.g{Guid.NewGuid():N}"[..40].TrimEnd('.');

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void PlainPack_HoldsTheToolAndTheBundledLiblzma_AndTheInstalledToolCompressesAsImgtool()
    {
        string feed = Path.Combine(_temp.Path, "feed");
        DotNetCli.Run(_temp.Path, ["pack", BuildPaths.ToolProject, "-c", BuildPaths.Configuration, "-o", feed, $"-p:Version={_version}",
            $"-p:ArtifactsPath={Path.Combine(_temp.Path, "artifacts")}", "-nodeReuse:false"], timeout: TimeSpan.FromMinutes(15)).EnsureSuccess();

        Assert.Equal(
            ExpectedFiles.Keys.Select(id => $"{id}.{_version}.nupkg").Order(StringComparer.Ordinal),
            Directory.GetFiles(feed).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var (id, files) in ExpectedFiles)
        {
            using var zip = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{_version}.nupkg"));
            Assert.Equal(files.Order(StringComparer.Ordinal), PayloadFiles(zip));
        }

        // Install as a user would; this machine's RID package is the one installed.
        string tools = Path.Combine(_temp.Path, "tools");
        DotNetCli.Run(_temp.Path, ["tool", "install", "McuBoot.Tool", "--tool-path", tools, "--add-source", feed, "--version", _version]).EnsureSuccess();
        string rid = RuntimeInformation.RuntimeIdentifier is "linux-x64" or "win-x64" ? RuntimeInformation.RuntimeIdentifier : "any";
        Assert.True(Directory.Exists(Path.Combine(tools, ".store", "mcuboot.tool", _version.ToLowerInvariant(), $"mcuboot.tool.{rid}")),
            $"expected the {rid} package under {tools}/.store");

        string exe = Path.Combine(tools, OperatingSystem.IsWindows() ? "dotnet-mcuboot.exe" : "dotnet-mcuboot");
        var version = RunTool(exe, "version");
        Assert.True(version.ExitCode == 0, version.Output);
        Assert.StartsWith($"{_version} (imgtool 2.4.0 compatible)", version.Output);

        // The conformance case lzma2: imgtool 2.4.0 sign --compression lzma2 with an Ed25519 key (deterministic).
        string conformance = TestPaths.Conformance;
        string output = Path.Combine(_temp.Path, "lzma2.bin");
        var sign = RunTool(exe, "sign", "-k", Path.Combine(conformance, "keys", "ed25519.pem"), "--compression", "lzma2", "-v", "1.2.3+4",
            "-H", "0x200", "--pad-header", "-S", "0x40000", Path.Combine(conformance, "inputs", "app-compressible.bin"), output);
        Assert.True(sign.ExitCode == 0, sign.Output);
        Assert.Equal(File.ReadAllBytes(Path.Combine(conformance, "expected", "lzma2.bin")), File.ReadAllBytes(output));
    }

    private static (int ExitCode, string Output) RunTool(string exe, params string[] args)
    {
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The apphost finds the runtime running these tests; MCUBOOT_* settings of the test run do not leak in.
        start.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MCUBOOT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static List<string> PayloadFiles(ZipArchive zip) => zip.Entries
        .Select(e => e.FullName)
        .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml")
        .Order(StringComparer.Ordinal)
        .ToList();
}
