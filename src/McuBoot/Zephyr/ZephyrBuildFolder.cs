// Finds the files of a west build folder (zephyr-builds/README.md): single-image builds hold zephyr/zephyr.dts and
// zephyr/.config directly; sysbuild builds hold zephyr/.config with SB_CONFIG_* symbols, one folder per image
// (the application, mcuboot, ...) and, with Partition Manager, partitions.yml. domains.yaml names the default image.
using McuBoot.Devicetree;
using McuBoot.Diagnostics;

namespace McuBoot.Zephyr;

/// <summary>The files of one Zephyr / NCS build folder that decide how its application is signed.</summary>
public sealed class ZephyrBuildFolder
{
    private static readonly string[] NotApplications = ["mcuboot", "b0", "b0n", "s1_image", "signing_key", "modules", "zephyr", "_sysbuild", "CMakeFiles", "Kconfig"];

    private ZephyrBuildFolder()
    {
    }

    /// <summary>The build folder (absolute).</summary>
    public required string Root { get; init; }

    /// <summary>The application image's folder (the root for a single-image build).</summary>
    public required string ApplicationDirectory { get; init; }

    /// <summary>The application image's name in a sysbuild folder, or null for a single-image build.</summary>
    public string? ApplicationName { get; init; }

    /// <summary>Sysbuild's <c>zephyr/.config</c> (<c>SB_CONFIG_*</c>), or null.</summary>
    public KconfigFile? SysbuildConfig { get; init; }

    /// <summary>The application's <c>zephyr/.config</c>, or null when the folder does not have it.</summary>
    public KconfigFile? ApplicationConfig { get; init; }

    /// <summary>The application's flattened <c>zephyr/zephyr.dts</c>, or null when missing.</summary>
    public DtsDocument? ApplicationDevicetree { get; init; }

    /// <summary>The bootloader's <c>mcuboot/zephyr/.config</c>, or null.</summary>
    public KconfigFile? BootloaderConfig { get; init; }

    /// <summary>The bootloader's <c>mcuboot/zephyr/zephyr.dts</c>, or null.</summary>
    public DtsDocument? BootloaderDevicetree { get; init; }

    /// <summary><c>partitions.yml</c> (Partition Manager ran), or null.</summary>
    public string? PartitionsFile { get; init; }

    /// <summary>CMake cache variables of the application (and sysbuild) that key paths use (<c>APPLICATION_CONFIG_DIR</c>, <c>WEST_TOPDIR</c>...).</summary>
    public required IReadOnlyDictionary<string, string> CMakeVariables { get; init; }

    /// <summary>Opens <paramref name="directory"/>; <paramref name="imageName"/> picks the application image of a sysbuild folder with several.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.BuildDirNotFound"/>, <see cref="ErrorCodes.BuildDirAmbiguousImage"/>, or a parse error of one of its files.</exception>
    public static ZephyrBuildFolder Open(string directory, string? imageName = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new McuBootException(ErrorCodes.BuildDirNotFound,
                $"build folder not found: {root}; pass the folder west build wrote (e.g. build/).", root)
            { ExitCode = ExitCodes.Usage };
        }

        // The application's folder was given, with west's default build/ folder inside it: use build/ (as west does when
        // no -d is given), rather than taking build/ for an image of a sysbuild folder.
        if (!IsConfigured(root) && IsConfigured(Path.Combine(root, "build")))
        {
            root = Path.Combine(root, "build");
        }

        // An image folder of a sysbuild build was given: use its parent as the root.
        if (imageName is null && IsConfigured(root) && !IsSysbuild(root) && Directory.GetParent(root) is { } parent && IsSysbuild(parent.FullName))
        {
            imageName = Path.GetFileName(root);
            root = parent.FullName;
        }

        KconfigFile? sysbuild = IsSysbuild(root) ? KconfigFile.Load(Path.Combine(root, "zephyr", ".config")) : null;
        string appDir;
        string? appName = null;
        if (imageName is not null)
        {
            appDir = Path.Combine(root, imageName);
            appName = imageName;
            if (!File.Exists(Path.Combine(appDir, "zephyr", "zephyr.dts")) && !File.Exists(Path.Combine(appDir, "zephyr", ".config")))
            {
                throw new McuBootException(ErrorCodes.BuildDirNotFound,
                    $"{appDir} is no image of the build folder {root} (no zephyr/zephyr.dts or zephyr/.config in it); name one of: {string.Join(", ", Candidates(root))}.", appDir)
                { ExitCode = ExitCodes.Usage };
            }
        }
        else if (sysbuild is null && File.Exists(Path.Combine(root, "zephyr", "zephyr.dts")))
        {
            appDir = root;
        }
        else
        {
            var candidates = Candidates(root);
            string? fromDomains = DefaultDomain(root);
            if (fromDomains is not null && candidates.Contains(fromDomains))
            {
                appName = fromDomains;
            }
            else if (candidates.Count == 1)
            {
                appName = candidates[0];
            }
            else if (candidates.Count == 0)
            {
                throw new McuBootException(ErrorCodes.BuildDirNotFound,
                    $"{root} is not a Zephyr build folder: it has no zephyr/zephyr.dts and no image folder with one; run west build (at least --cmake-only) and pass its build folder.", root)
                { ExitCode = ExitCodes.Usage };
            }
            else
            {
                var mcuboot = candidates.Where(c => KconfigFile.TryLoad(Path.Combine(root, c, "zephyr", ".config"))?.IsEnabled("CONFIG_BOOTLOADER_MCUBOOT") == true).ToList();
                appName = mcuboot.Count == 1 ? mcuboot[0] : throw new McuBootException(ErrorCodes.BuildDirAmbiguousImage,
                    $"the sysbuild folder {root} holds several application images ({string.Join(", ", candidates)}); choose one with --build-image NAME (MSBuild McuBootZephyrImage).", root)
                { ExitCode = ExitCodes.Usage };
            }

            appDir = Path.Combine(root, appName);
        }

        string appConfig = Path.Combine(appDir, "zephyr", ".config");
        string appDts = Path.Combine(appDir, "zephyr", "zephyr.dts");
        string bootDir = Path.Combine(root, "mcuboot", "zephyr");
        string partitions = Path.Combine(root, "partitions.yml");
        if (!File.Exists(appDts) && !File.Exists(appConfig))
        {
            throw new McuBootException(ErrorCodes.BuildDirNotFound,
                $"{appDir} has neither zephyr/zephyr.dts nor zephyr/.config; run west build (at least --cmake-only) and pass its build folder.", appDir)
            { ExitCode = ExitCodes.Usage };
        }

        var cmake = new Dictionary<string, string>(StringComparer.Ordinal);
        ReadCache(Path.Combine(root, "CMakeCache.txt"), cmake);
        if (appDir != root)
        {
            ReadCache(Path.Combine(appDir, "CMakeCache.txt"), cmake);
        }

        return new ZephyrBuildFolder
        {
            Root = root,
            ApplicationDirectory = appDir,
            ApplicationName = appName,
            SysbuildConfig = sysbuild,
            ApplicationConfig = File.Exists(appConfig) ? KconfigFile.Load(appConfig) : null,
            ApplicationDevicetree = File.Exists(appDts) ? DtsParser.Load(appDts) : null,
            BootloaderConfig = File.Exists(Path.Combine(bootDir, ".config")) ? KconfigFile.Load(Path.Combine(bootDir, ".config")) : null,
            BootloaderDevicetree = File.Exists(Path.Combine(bootDir, "zephyr.dts")) ? DtsParser.Load(Path.Combine(bootDir, "zephyr.dts")) : null,
            PartitionsFile = File.Exists(partitions) ? partitions : null,
            CMakeVariables = cmake,
        };
    }

    /// <summary>The image folders of a sysbuild build that could be the application (all but the bootloaders).</summary>
    public static IReadOnlyList<string> Candidates(string root)
        => Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(n => !NotApplications.Contains(n, StringComparer.Ordinal) && !n.StartsWith('.'))
                .Where(n => File.Exists(Path.Combine(root, n, "zephyr", "zephyr.dts")) || File.Exists(Path.Combine(root, n, "zephyr", ".config")))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>
    /// The files of a build folder that decide signing (every image's <c>zephyr/zephyr.dts</c> and <c>zephyr/.config</c>,
    /// sysbuild's <c>zephyr/.config</c>, <c>partitions.yml</c>, <c>domains.yaml</c>, <c>CMakeCache.txt</c>), for
    /// incremental builds; empty when the folder does not exist yet.
    /// </summary>
    public static IReadOnlyList<string> InputFiles(string directory)
    {
        string root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            return [];
        }

        var files = new List<string>();
        foreach (var dir in new[] { root }.Concat(Directory.GetDirectories(root)))
        {
            files.Add(Path.Combine(dir, "zephyr", "zephyr.dts"));
            files.Add(Path.Combine(dir, "zephyr", ".config"));
        }

        files.AddRange(new[] { "partitions.yml", "domains.yaml", "CMakeCache.txt" }.Select(f => Path.Combine(root, f)));
        return files.Where(File.Exists).ToList();
    }

    private static bool IsConfigured(string dir) => File.Exists(Path.Combine(dir, "zephyr", ".config")) || File.Exists(Path.Combine(dir, "zephyr", "zephyr.dts"));

    private static bool IsSysbuild(string dir)
    {
        string config = Path.Combine(dir, "zephyr", ".config");
        if (!File.Exists(config))
        {
            return false;
        }

        using var reader = new StreamReader(config);
        for (int i = 0; i < 4000 && reader.ReadLine() is { } line; i++)
        {
            if (line.StartsWith("SB_CONFIG_", StringComparison.Ordinal))
            {
                return true;
            }

            if (line.StartsWith("CONFIG_", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return false;
    }

    // domains.yaml (zephyr sysbuild): "default: <image>".
    private static string? DefaultDomain(string root)
    {
        string file = Path.Combine(root, "domains.yaml");
        if (!File.Exists(file) || new FileInfo(file).Length > 1024 * 1024)
        {
            return null;
        }

        return File.ReadLines(file).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("default:", StringComparison.Ordinal))?["default:".Length..].Trim();
    }

    private static void ReadCache(string file, Dictionary<string, string> into)
    {
        if (!File.Exists(file) || new FileInfo(file).Length > 16 * 1024 * 1024)
        {
            return;
        }

        foreach (var line in File.ReadLines(file))
        {
            if (line.Length == 0 || line[0] is '#' or '/')
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (colon > 0 && eq > colon)
            {
                into.TryAdd(line[..colon], line[(eq + 1)..]);
            }
        }
    }
}
