// mcuboot-image-format.md §2.3 (version fields: u8 major, u8 minor, u16 revision, u32 build) and
// partition-layouts-and-manifests.md §A.4 (NCS signs with CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION, "maj.min.rev+build").
using System.Globalization;
using McuBoot.Image;

namespace McuBoot.Build;

/// <summary>
/// Turns a project version (MSBuild <c>$(Version)</c>: SemVer such as <c>1.2.3-beta.4+abc</c>, a four-part
/// <c>1.2.3.4</c>, or imgtool's own <c>1.2.3+4</c>) into an MCUboot <see cref="ImageVersion"/>.
/// </summary>
public static class ProjectVersion
{
    /// <summary>
    /// Converts <paramref name="text"/>. imgtool's grammar is taken as is; otherwise a SemVer prerelease
    /// (<c>-...</c>) and non-numeric build metadata (<c>+...</c>) are dropped, leading zeros are allowed and a fourth
    /// dotted part becomes the build number. <paramref name="adjustment"/> says what was dropped or changed (null
    /// when the text already was an MCUboot version).
    /// </summary>
    /// <returns>False when no MCUboot version can be made (non-numeric parts, values out of range).</returns>
    public static bool TryConvert(string? text, out ImageVersion version, out string? adjustment, out string reason)
    {
        adjustment = null;
        version = default;
        if (ImageVersion.TryParse(text, out version, out reason))
        {
            return true;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var dropped = new List<string>();
        var main = text.Trim();
        string? metadata = null;
        int plus = main.IndexOf('+');
        if (plus >= 0)
        {
            metadata = main[(plus + 1)..];
            main = main[..plus];
        }

        int dash = main.IndexOf('-');
        if (dash >= 0)
        {
            dropped.Add($"prerelease '{main[dash..]}'");
            main = main[..dash];
        }

        var parts = main.Split('.');
        if (parts.Length is < 1 or > 4)
        {
            reason = "has more than four dotted parts";
            return false;
        }

        var numbers = new ulong[4];
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit) ||
                !ulong.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                reason = $"has a non-numeric part '{parts[i]}'";
                return false;
            }
        }

        if (metadata != null)
        {
            if (parts.Length <= 3 && metadata.Length > 0 && metadata.All(char.IsAsciiDigit) &&
                ulong.TryParse(metadata, NumberStyles.None, CultureInfo.InvariantCulture, out var build))
            {
                numbers[3] = build;
            }
            else
            {
                dropped.Add($"build metadata '+{metadata}'");
            }
        }

        if (numbers[0] > byte.MaxValue || numbers[1] > byte.MaxValue || numbers[2] > ushort.MaxValue || numbers[3] > uint.MaxValue)
        {
            reason = "has a part out of range (major and minor 0..255, revision 0..65535, build 0..4294967295)";
            return false;
        }

        version = new ImageVersion((byte)numbers[0], (byte)numbers[1], (ushort)numbers[2], (uint)numbers[3]);
        adjustment = dropped.Count == 0
            ? $"'{text}' was read as {version}"
            : $"'{text}' was read as {version} ({string.Join(" and ", dropped)} dropped: an MCUboot version holds only major.minor.revision+build)";
        reason = string.Empty;
        return true;
    }
}
