using System.Globalization;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;

namespace McuBoot.Build.Tasks;

/// <summary>Parses property and item-metadata text into typed values, with coded errors naming the setting.</summary>
internal static class SettingValues
{
    public static uint? UInt32(string? text, string setting)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!IntegerLiteral.TryParse(text.Trim(), out var value) || value < 0 || value > uint.MaxValue)
        {
            throw Invalid(setting, text, "a number (decimal or 0x hex) from 0 to 0xffffffff");
        }

        return (uint)value;
    }

    public static int? Int32(string? text, string setting, int min, int max)
    {
        var value = UInt32(text, setting);
        if (value is null)
        {
            return null;
        }

        if (value < min || value > max)
        {
            throw Invalid(setting, text!, $"a number from {min} to {max}");
        }

        return (int)value.Value;
    }

    public static bool? Bool(string? text, string setting)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return text.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "on" or "1" => true,
            "false" or "no" or "off" or "0" => false,
            _ => throw Invalid(setting, text, "true or false"),
        };
    }

    /// <summary>Parses a security counter: empty, <c>auto</c> or a number.</summary>
    public static (uint? Value, bool? Auto) SecurityCounter(string? text, string setting)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        if (text.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return (null, true);
        }

        return (UInt32(text, setting), false);
    }

    /// <summary>Parses an image version from a project version; adjustments are reported as warnings.</summary>
    public static ImageVersion? Version(string? text, string setting, Action<McuBootWarning> warn)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!ProjectVersion.TryConvert(text.Trim(), out var version, out var adjustment, out var reason))
        {
            throw Invalid(setting, text, $"an MCUboot version major.minor.revision+build such as 1.2.3+4 (it {reason})");
        }

        if (adjustment is not null)
        {
            warn(new McuBootWarning(ErrorCodes.VersionAdjusted, $"{setting}: {adjustment}; set {setting} to an MCUboot version (e.g. 1.2.3+4) to silence this."));
        }

        return version;
    }

    public static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static McuBootException Invalid(string setting, string text, string expected)
        => new(ErrorCodes.InvalidBuildSetting,
            string.Create(CultureInfo.InvariantCulture, $"{setting} is '{text}', but it must be {expected}; fix the property or item metadata."))
        { ExitCode = ExitCodes.Usage };
}
