using System.Globalization;

namespace McuBoot.Layouts;

/// <summary>
/// Parses layout integers: decimal or <c>0x</c>/<c>0X</c> hex with any case and leading zeros
/// (partition-layouts-and-manifests.md §A.2: YamlDotNet hands them over as strings). Values must fit 32 bits.
/// </summary>
internal static class LayoutNumber
{
    public static bool TryParse(string? text, out uint value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().AsSpan();
        if (s.Length > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        {
            return uint.TryParse(s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Formats as lower-case hex, the way Partition Manager writes numbers.</summary>
    public static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>"4 KiB" for whole KiB sizes, else hex.</summary>
    public static string Bytes(uint value) =>
        value >= 1024 && value % 1024 == 0
            ? (value / 1024).ToString(CultureInfo.InvariantCulture) + " KiB"
            : Hex(value);
}
