// Spec: mcuboot-image-format.md §7.1 and Appendix B (byte-exact LZMA2 needs liblzma itself); liblzma API (xz 5.2/5.4:
// lzma/base.h, lzma/filter.h, lzma/lzma12.h, lzma/bcj.h).
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using McuBoot.Diagnostics;

namespace McuBoot.Compression;

/// <summary>
/// Minimal binding to the native liblzma (XZ Utils). Resolved once, in this order: <c>$MCUBOOT_LIBLZMA</c> (a file path);
/// the copy the Joveler.Compression.XZ 4.1.0 package ships, under <c>runtimes/&lt;rid&gt;/native/</c> next to the application
/// or this assembly (or flattened beside them after a RID-specific publish); then the system library
/// (<c>liblzma.so.5</c>, <c>liblzma.5.dylib</c>, <c>liblzma.dll</c>). Functions are bound with
/// <see cref="NativeLibrary.GetExport"/> and called through function pointers, so no assembly-wide DllImport resolver is
/// claimed (an assembly can only have one).
/// </summary>
internal sealed unsafe class LzmaNative
{
    internal const ulong FilterArmThumb = 0x08;
    internal const ulong FilterLzma2 = 0x21;
    internal const ulong VliUnknown = ulong.MaxValue;

    internal const int LzmaOk = 0;
    internal const int LzmaStreamEnd = 1;
    internal const int LzmaMemError = 5;
    internal const int LzmaOptionsError = 8;
    internal const int LzmaDataError = 9;
    internal const int LzmaBufError = 10;

    internal const int ActionRun = 0;
    internal const int ActionFinish = 3;

    private static readonly Lazy<LzmaNative> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private LzmaNative(string path, IntPtr handle)
    {
        Path = path;
        LzmaPreset = (delegate* unmanaged[Cdecl]<LzmaOptionsLzma*, uint, byte>)Export(handle, path, "lzma_lzma_preset");
        RawEncoder = (delegate* unmanaged[Cdecl]<LzmaStream*, LzmaFilter*, int>)Export(handle, path, "lzma_raw_encoder");
        RawDecoder = (delegate* unmanaged[Cdecl]<LzmaStream*, LzmaFilter*, int>)Export(handle, path, "lzma_raw_decoder");
        Code = (delegate* unmanaged[Cdecl]<LzmaStream*, int, int>)Export(handle, path, "lzma_code");
        End = (delegate* unmanaged[Cdecl]<LzmaStream*, void>)Export(handle, path, "lzma_end");
        var versionString = (delegate* unmanaged[Cdecl]<byte*>)Export(handle, path, "lzma_version_string");
        Version = Marshal.PtrToStringAnsi((IntPtr)versionString()) ?? "unknown";
    }

    /// <summary>The loaded library file (or system name).</summary>
    internal string Path { get; }

    /// <summary>liblzma's version string, e.g. <c>5.2.5</c>.</summary>
    internal string Version { get; }

    internal delegate* unmanaged[Cdecl]<LzmaOptionsLzma*, uint, byte> LzmaPreset { get; }

    internal delegate* unmanaged[Cdecl]<LzmaStream*, LzmaFilter*, int> RawEncoder { get; }

    internal delegate* unmanaged[Cdecl]<LzmaStream*, LzmaFilter*, int> RawDecoder { get; }

    internal delegate* unmanaged[Cdecl]<LzmaStream*, int, int> Code { get; }

    internal delegate* unmanaged[Cdecl]<LzmaStream*, void> End { get; }

    /// <summary>The process-wide binding; throws <see cref="ErrorCodes.LzmaLibraryNotFound"/> if liblzma cannot be loaded.</summary>
    internal static LzmaNative Instance => Shared.Value;

    private static IntPtr Export(IntPtr handle, string path, string name)
    {
        if (!NativeLibrary.TryGetExport(handle, name, out var address))
        {
            throw new McuBootException(
                ErrorCodes.LzmaLibraryNotFound,
                $"The native liblzma '{path}' has no function '{name}'; install XZ Utils 5.2 or later (liblzma) or set MCUBOOT_LIBLZMA to a full liblzma library.",
                path);
        }

        return address;
    }

    private static LzmaNative Load()
    {
        var tried = new List<string>();
        foreach (var candidate in Candidates())
        {
            tried.Add(candidate);
            IntPtr handle = IntPtr.Zero;
            var loaded = System.IO.Path.IsPathRooted(candidate)
                ? File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out handle)
                : NativeLibrary.TryLoad(candidate, out handle);
            if (loaded)
            {
                return new LzmaNative(candidate, handle);
            }
        }

        throw new McuBootException(
            ErrorCodes.LzmaLibraryNotFound,
            $"Cannot load the native liblzma needed for LZMA2 compression (tried: {string.Join(", ", tried)}); install XZ Utils (e.g. apt install liblzma5) or set MCUBOOT_LIBLZMA to the library file.");
    }

    private static IEnumerable<string> Candidates()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("MCUBOOT_LIBLZMA");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            yield return System.IO.Path.GetFullPath(fromEnvironment);
        }

        var fileName = OperatingSystem.IsWindows() ? "liblzma.dll" : OperatingSystem.IsMacOS() ? "liblzma.dylib" : "liblzma.so";
        var rid = PackageRid();
        var directories = new List<string> { AppContext.BaseDirectory };
        if (AssemblyDirectory() is { } assemblyDirectory)
        {
            directories.Add(assemblyDirectory);
        }

        foreach (var directory in directories.Distinct(StringComparer.Ordinal))
        {
            if (rid is not null)
            {
                yield return System.IO.Path.Combine(directory, "runtimes", rid, "native", fileName);
            }

            yield return System.IO.Path.Combine(directory, fileName);
        }

        if (OperatingSystem.IsWindows())
        {
            yield return "liblzma.dll";
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return "liblzma.5.dylib";
            yield return "/opt/homebrew/lib/liblzma.5.dylib";
            yield return "/usr/local/lib/liblzma.5.dylib";
            yield return "liblzma.dylib";
        }
        else
        {
            yield return "liblzma.so.5";
            yield return "liblzma.so";
        }
    }

    /// <summary>
    /// The folder of this assembly when it is a file of its own (the MSBuild task loads it from the package's task
    /// folder, not from MSBuild's); null in a single-file or Native AOT executable, where the library sits beside the
    /// executable (<see cref="AppContext.BaseDirectory"/>, already searched).
    /// </summary>
    [UnconditionalSuppressMessage("SingleFile", "IL3000:Avoid accessing Assembly file path when publishing as a single file",
        Justification = "An empty Location (single-file, Native AOT) is handled: AppContext.BaseDirectory is searched first.")]
    private static string? AssemblyDirectory()
    {
        var location = typeof(LzmaNative).Assembly.Location;
        return string.IsNullOrEmpty(location) ? null : System.IO.Path.GetDirectoryName(location);
    }

    /// <summary>The runtime identifier folder of the Joveler.Compression.XZ package for this process, or null if it ships none.</summary>
    private static string? PackageRid()
    {
        var arch = RuntimeInformation.ProcessArchitecture;
        if (OperatingSystem.IsWindows())
        {
            return arch switch
            {
                Architecture.X64 => "win-x64",
                Architecture.X86 => "win-x86",
                Architecture.Arm64 => "win-arm64",
                _ => null,
            };
        }

        if (OperatingSystem.IsMacOS())
        {
            return arch == Architecture.X64 ? "osx-x64" : null;
        }

        if (OperatingSystem.IsLinux())
        {
            return arch switch
            {
                Architecture.X64 => "linux-x64",
                Architecture.Arm64 => "linux-arm64",
                Architecture.Arm => "linux-arm",
                _ => null,
            };
        }

        return null;
    }

    /// <summary><c>lzma_filter</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LzmaFilter
    {
        public ulong Id;
        public void* Options;
    }

    /// <summary><c>lzma_options_lzma</c> (fields up to <c>depth</c>, then reserved/extension space).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LzmaOptionsLzma
    {
        public uint DictSize;
        public byte* PresetDict;
        public uint PresetDictSize;
        public uint Lc;
        public uint Lp;
        public uint Pb;
        public int Mode;
        public uint NiceLen;
        public int MatchFinder;
        public uint Depth;
        public fixed byte Reserved[128];
    }

    /// <summary><c>lzma_stream</c>; all-zero is <c>LZMA_STREAM_INIT</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LzmaStream
    {
        public byte* NextIn;
        public nuint AvailIn;
        public ulong TotalIn;
        public byte* NextOut;
        public nuint AvailOut;
        public ulong TotalOut;
        public void* Allocator;
        public void* Internal;
        public void* ReservedPtr1;
        public void* ReservedPtr2;
        public void* ReservedPtr3;
        public void* ReservedPtr4;
        public ulong ReservedInt1;
        public ulong ReservedInt2;
        public nuint ReservedInt3;
        public nuint ReservedInt4;
        public int ReservedEnum1;
        public int ReservedEnum2;
        public fixed byte Spare[64];
    }
}
