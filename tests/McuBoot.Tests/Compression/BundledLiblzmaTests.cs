using System.Runtime.InteropServices;
using McuBoot.Compression;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Compression;

/// <summary>
/// LZMA2 must not depend on the OS having liblzma: the resolver (<see cref="LzmaNative"/>) loads the copy shipped under
/// <c>runtimes/&lt;rid&gt;/native/</c> beside the application before any system library. The test binaries are laid out as
/// the tool's build and package are (McuBoot's runtimes items), so this is the tool's resolution.
/// </summary>
public class BundledLiblzmaTests
{
    [Fact]
    public void TheBundledLiblzmaIsLoadedBeforeAnySystemLibraryAndCompressionWorksWithIt()
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MCUBOOT_LIBLZMA")), "unset MCUBOOT_LIBLZMA to run this test");
        string? bundled = BundledPath();
        var input = File.ReadAllBytes(Path.Combine(TestPaths.Conformance, "inputs", "app-compressible.bin"));

        var compressed = Lzma2.Compress(input, armThumb: true);

        Assert.Equal(input, Lzma2.Decompress(compressed, armThumb: true));
        if (bundled is null)
        {
            // Joveler.Compression.XZ ships no liblzma for this platform (e.g. osx-arm64): the system library is used.
            Assert.False(Path.IsPathRooted(LzmaNative.Instance.Path), LzmaNative.Instance.Path);
            return;
        }

        Assert.True(File.Exists(bundled), $"the build did not copy the bundled liblzma to {bundled}");
        Assert.Equal(bundled, LzmaNative.Instance.Path);
        if (OperatingSystem.IsLinux())
        {
            // No other liblzma (the system's /lib/...-linux-gnu/liblzma.so.5) is mapped into the process.
            var mapped = File.ReadLines("/proc/self/maps")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields.Length >= 6 && fields[5].Contains("liblzma", StringComparison.Ordinal))
                .Select(fields => fields[5])
                .Distinct(StringComparer.Ordinal)
                .ToList();
            Assert.Equal([bundled], mapped);
        }
    }

    /// <summary>Where the Joveler.Compression.XZ 4.1.0 runtimes put liblzma for this process, or null if they have none.</summary>
    private static string? BundledPath()
    {
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            _ => null,
        };
        var (os, file) = OperatingSystem.IsWindows() ? ("win", "liblzma.dll")
            : OperatingSystem.IsMacOS() ? ("osx", "liblzma.dylib")
            : ("linux", "liblzma.so");
        string[] shipped = ["linux-x64", "linux-arm64", "linux-arm", "win-x64", "win-x86", "win-arm64", "osx-x64"];
        var rid = $"{os}-{arch}";
        return arch is null || !shipped.Contains(rid) ? null : Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", file);
    }
}
