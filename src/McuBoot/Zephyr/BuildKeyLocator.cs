// Resolving the signing key path as the build does (zephyr-build-geometry.md §11): `${VAR}` expanded as CMake's
// string(CONFIGURE) does (sdk-zephyr cmake/mcuboot.cmake L22-23, sdk-nrf sign_sysbuild.cmake L234-235); a list of keys
// signs with the first; then (1) absolute as given, (2) ${APPLICATION_CONFIG_DIR}/path if it exists (ZN L40-76, SS
// L248-287), (3) ${WEST_TOPDIR}/path. MCUboot's own key: absolute, application config dir, then the MCUboot
// repository (mcu-tools/mcuboot boot/zephyr/CMakeLists.txt L355-361).
using System.Text.RegularExpressions;

namespace McuBoot.Zephyr;

/// <summary>Resolves a key path written in Kconfig the way the Zephyr / NCS build resolves it.</summary>
public static partial class BuildKeyLocator
{
    /// <summary>
    /// A key file the bootloader's Kconfig names (<c>CONFIG_BOOT_SIGNATURE_KEY_FILE</c>, <c>CONFIG_BOOT_ENCRYPTION_KEY_FILE</c>),
    /// resolved as MCUboot's boot/zephyr/CMakeLists.txt does: absolute, else the application config dir, else the MCUboot
    /// repository (<c>ZEPHYR_MCUBOOT_MODULE_DIR</c>, else <c>MCUBOOT_DIR</c>).
    /// </summary>
    public static (string? Found, IReadOnlyList<string> Tried) ResolveBootloaderKey(string written, IReadOnlyDictionary<string, string> variables, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return Resolve(written, variables, environment, variables.GetValueOrDefault("APPLICATION_CONFIG_DIR"), variables.GetValueOrDefault("ZEPHYR_MCUBOOT_MODULE_DIR") ?? variables.GetValueOrDefault("MCUBOOT_DIR"));
    }

    /// <summary>
    /// The candidates the build tries for <paramref name="written"/>, in order, and the first that exists (or null).
    /// Variables come from <paramref name="variables"/> (the CMake cache), then <paramref name="environment"/>.
    /// </summary>
    public static (string? Found, IReadOnlyList<string> Tried) Resolve(string written, IReadOnlyDictionary<string, string> variables, Func<string, string?> environment, params string?[] searchDirectories)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(environment);
        string first = written.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
        string expanded = Variable().Replace(first, m =>
        {
            string name = m.Groups["env"].Success ? m.Groups["env"].Value : m.Groups["name"].Value;
            return (m.Groups["env"].Success ? null : variables.GetValueOrDefault(name)) ?? environment(name) ?? m.Value;
        });
        var tried = new List<string>();
        if (expanded.Length == 0)
        {
            return (null, tried);
        }

        if (IsAbsolute(expanded))
        {
            tried.Add(expanded);
            return (File.Exists(expanded) ? Path.GetFullPath(expanded) : null, tried);
        }

        foreach (var dir in searchDirectories)
        {
            if (string.IsNullOrEmpty(dir))
            {
                continue;
            }

            string candidate = Path.GetFullPath(Path.Combine(dir, expanded));
            tried.Add(candidate);
            if (File.Exists(candidate))
            {
                return (candidate, tried);
            }
        }

        return (null, tried);
    }

    /// <summary>True for a path absolute on this machine or written absolute on another (<c>D:/ncs/...</c>, <c>/home/...</c>).</summary>
    public static bool IsAbsolute(string path)
        => Path.IsPathRooted(path) || (path.Length > 2 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '/' or '\\');

    /// <summary>
    /// True when the path names one of MCUboot's published development keys: a <c>root-*.pem</c> (or <c>enc-*-priv.pem</c>)
    /// file name, which is what the sysbuild default <c>$(ZEPHYR_MCUBOOT_MODULE_DIR)/root-....pem</c> and a bare
    /// relative name resolved against the MCUboot tree end in.
    /// </summary>
    public static bool IsDevelopmentKeyName(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return false;
        }

        string name = path.Replace('\\', '/').Split('/')[^1];
        return DevKeyName().IsMatch(name);
    }

    [GeneratedRegex(@"\$(?:\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|ENV\{(?<env>[A-Za-z_][A-Za-z0-9_]*)\})", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();

    [GeneratedRegex(@"^(root-(rsa-2048|rsa-3072|ec-p256|ec-p384|ed25519)|enc-(rsa2048|ec256|x25519)-priv)\.pem$", RegexOptions.CultureInvariant)]
    private static partial Regex DevKeyName();
}
