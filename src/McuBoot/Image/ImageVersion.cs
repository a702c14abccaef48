using System.Globalization;
using McuBoot.Diagnostics;

namespace McuBoot.Image;

/// <summary>
/// An image version <c>major.minor.revision+build</c> (mcuboot-image-format.md §2.3):
/// major and minor are bytes, revision a u16, build a u32.
/// </summary>
public readonly record struct ImageVersion(byte Major, byte Minor, ushort Revision, uint Build) : IComparable<ImageVersion>
{
    /// <summary>
    /// Parses imgtool's version grammar: <c>number [ "." number [ "." number [ "+" number ] ] ]</c>, decimal without
    /// leading zeros; missing parts are 0. Unlike imgtool, out-of-range parts are reported instead of crashing.
    /// </summary>
    public static ImageVersion Parse(string text, string optionName = "-v' / '--version")
    {
        if (!TryParse(text, out var version, out var reason))
        {
            throw new McuBootException(
                ErrorCodes.InvalidVersion,
                $"Invalid value for '{optionName}': '{text}' {reason}; use maj.min.rev+build with later parts optional, e.g. 1.2.3+4.",
                inner: null) { ExitCode = ExitCodes.Usage };
        }

        return version;
    }

    /// <summary>Parses without throwing; <paramref name="reason"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out ImageVersion version, out string reason)
    {
        version = default;
        reason = "is not a version number";
        if (string.IsNullOrEmpty(text))
        {
            reason = "is empty";
            return false;
        }

        string main = text;
        string? buildText = null;
        int plus = text.IndexOf('+');
        if (plus >= 0)
        {
            main = text[..plus];
            buildText = text[(plus + 1)..];
        }

        var parts = main.Split('.');
        if (parts.Length > 3)
        {
            reason = "has more than three dotted parts";
            return false;
        }

        if (buildText != null && parts.Length != 3)
        {
            reason = "has a build number without all three dotted parts";
            return false;
        }

        var values = new ulong[4];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!TryParseNumber(parts[i], out values[i]))
            {
                reason = $"has an invalid number '{parts[i]}' (decimal digits, no leading zeros)";
                return false;
            }
        }

        if (buildText != null && !TryParseNumber(buildText, out values[3]))
        {
            reason = $"has an invalid build number '{buildText}' (decimal digits, no leading zeros)";
            return false;
        }

        if (values[0] > byte.MaxValue || values[1] > byte.MaxValue)
        {
            reason = "has a major or minor part above 255";
            return false;
        }

        if (values[2] > ushort.MaxValue)
        {
            reason = "has a revision above 65535";
            return false;
        }

        if (values[3] > uint.MaxValue)
        {
            reason = "has a build number above 4294967295";
            return false;
        }

        version = new ImageVersion((byte)values[0], (byte)values[1], (ushort)values[2], (uint)values[3]);
        return true;
    }

    private static bool TryParseNumber(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 19 || (s.Length > 1 && s[0] == '0'))
        {
            return false;
        }

        foreach (char c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Compares as bootutil does with <c>MCUBOOT_VERSION_CMP_USE_BUILD_NUMBER</c> (major, minor, revision, build).</summary>
    public int CompareTo(ImageVersion other)
    {
        int c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Revision.CompareTo(other.Revision);
        if (c == 0) c = Build.CompareTo(other.Build);
        return c;
    }

    /// <summary>The security counter imgtool derives with <c>-s auto</c>: <c>(major &lt;&lt; 24) + (minor &lt;&lt; 16) + revision</c>.</summary>
    public uint AutoSecurityCounter => ((uint)Major << 24) + ((uint)Minor << 16) + Revision;

    /// <summary>"M.m.r+b", as imgtool prints it.</summary>
    public override string ToString() => $"{Major}.{Minor}.{Revision}+{Build}";

    /// <summary>"M.m.r" (the boot record and mcumgr form).</summary>
    public string ToShortString() => $"{Major}.{Minor}.{Revision}";
}
