using McuBoot.Diagnostics;

namespace McuBoot.Bootloader;

/// <summary>The names of <see cref="UpgradeMode"/> on the command line and in messages (<c>swap-move</c>, <c>overwrite-only</c>, ...).</summary>
public static class UpgradeModeNames
{
    private static readonly (string Name, UpgradeMode Mode)[] All =
    [
        ("swap-scratch", UpgradeMode.SwapScratch),
        ("swap-move", UpgradeMode.SwapMove),
        ("swap-offset", UpgradeMode.SwapOffset),
        ("overwrite-only", UpgradeMode.OverwriteOnly),
        ("direct-xip", UpgradeMode.DirectXip),
        ("ram-load", UpgradeMode.RamLoad),
        ("single-app", UpgradeMode.SingleApp),
    ];

    /// <summary>Every accepted name, for help texts.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(a => a.Name).ToList();

    /// <summary>The command-line name of a mode.</summary>
    public static string Name(UpgradeMode mode) => All.First(a => a.Mode == mode).Name;

    /// <summary>Parses a mode name (case-insensitive).</summary>
    /// <exception cref="McuBootException">Not a mode name (<see cref="ErrorCodes.InvalidOptionValue"/>).</exception>
    public static UpgradeMode Parse(string value, string option = "--mode")
    {
        foreach (var (name, mode) in All)
        {
            if (string.Equals(name, value, StringComparison.OrdinalIgnoreCase))
            {
                return mode;
            }
        }

        throw new McuBootException(ErrorCodes.InvalidOptionValue, $"Invalid value for '{option}': {value}; use one of {string.Join(", ", Names)}.") { ExitCode = ExitCodes.Usage };
    }
}
