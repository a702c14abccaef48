// mcuboot-image-format.md §9 (intro) and §2.4: imgtool's integer options use click's BasedIntParamType,
// i.e. Python's int(value, 0) (Python Language Reference §2.4.5 "Integer literals", plus int()'s
// surrounding whitespace and sign): 0x/0X hex, 0o/0O octal, 0b/0B binary, decimal without leading zeros
// (only zeros may repeat: "0", "00"), single '_' between digits or after the base prefix, optional sign.
using System.Globalization;
using System.Numerics;
using McuBoot.Diagnostics;

namespace McuBoot.IO;

/// <summary>Parses integer option values exactly as imgtool (Python <c>int(value, 0)</c>) accepts them.</summary>
public static class IntegerLiteral
{
    /// <summary>
    /// Parses a Python integer literal with optional sign and surrounding whitespace. Returns false for
    /// anything Python's <c>int(text, 0)</c> rejects (e.g. "0200", "1__0", "0x", "_1", "1_", "", "1e3").
    /// Only ASCII digits are accepted.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out BigInteger value)
    {
        value = BigInteger.Zero;
        var s = text.Trim();
        var negative = false;
        if (!s.IsEmpty && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.IsEmpty)
        {
            return false;
        }

        int radix = 10;
        var allowLeadingUnderscore = false;
        if (s.Length >= 2 && s[0] == '0')
        {
            radix = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, 'b' => 2, _ => 10 };
            if (radix != 10)
            {
                s = s[2..];
                allowLeadingUnderscore = true;
            }
        }

        if (radix == 10 && s[0] == '0')
        {
            // Leading zero: only an all-zero literal is valid ("0", "00", "0_0").
            if (!ValidDigits(s, 10, allowLeadingUnderscore: false))
            {
                return false;
            }

            foreach (var c in s)
            {
                if (c != '0' && c != '_')
                {
                    return false;
                }
            }

            return true;
        }

        if (!ValidDigits(s, radix, allowLeadingUnderscore))
        {
            return false;
        }

        var result = BigInteger.Zero;
        foreach (var c in s)
        {
            if (c != '_')
            {
                result = (result * radix) + DigitValue(c);
            }
        }

        value = negative ? -result : result;
        return true;
    }

    /// <summary>Parses <paramref name="text"/> as a Python integer literal fitting a 64-bit signed integer.</summary>
    /// <param name="text">The option value.</param>
    /// <param name="optionName">The option for the message, e.g. <c>-H/--header-size</c> (shown as click does: <c>'-H' / '--header-size'</c>).</param>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidNumber"/>, exit code 2.</exception>
    public static long Parse(string text, string optionName) => (long)ParseRange(text, optionName, long.MinValue, long.MaxValue);

    /// <summary>Parses an unsigned 64-bit value (0..2^64-1).</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidNumber"/>, exit code 2.</exception>
    public static ulong ParseUInt64(string text, string optionName) => (ulong)ParseRange(text, optionName, ulong.MinValue, ulong.MaxValue);

    /// <summary>Parses an unsigned 32-bit value (0..0xFFFFFFFF).</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidNumber"/>, exit code 2.</exception>
    public static uint ParseUInt32(string text, string optionName) => (uint)ParseRange(text, optionName, uint.MinValue, uint.MaxValue);

    /// <summary>Parses an unsigned 32-bit value within <paramref name="min"/>..<paramref name="max"/> (inclusive).</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidNumber"/>, exit code 2.</exception>
    public static uint ParseUInt32(string text, string optionName, uint min, uint max) => (uint)ParseRange(text, optionName, min, max);

    /// <summary>Parses an unsigned 16-bit value (0..0xFFFF).</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidNumber"/>, exit code 2.</exception>
    public static ushort ParseUInt16(string text, string optionName) => (ushort)ParseRange(text, optionName, ushort.MinValue, ushort.MaxValue);

    /// <summary>Formats an option name as click's error hint: <c>-H/--header-size</c> → <c>'-H' / '--header-size'</c>.</summary>
    public static string FormatOptionHint(string optionName)
    {
        ArgumentNullException.ThrowIfNull(optionName);
        if (optionName.Contains('\'', StringComparison.Ordinal))
        {
            return optionName;
        }

        var parts = optionName.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" / ", parts.Select(p => $"'{p}'"));
    }

    private static BigInteger ParseRange(string text, string optionName, BigInteger min, BigInteger max)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(optionName);
        if (!TryParse(text, out var value))
        {
            // Same text as imgtool's BasedIntParamType (click prefixes "Invalid value for ...").
            throw new McuBootException(ErrorCodes.InvalidNumber,
                $"Invalid value for {FormatOptionHint(optionName)}: {text} is not a valid integer. Please use code literals prefixed with 0b/0B, 0o/0O, or 0x/0X as necessary.")
            { ExitCode = ExitCodes.Usage };
        }

        if (value < min || value > max)
        {
            var range = min.IsZero
                ? $"0<=x<={max} (0x0..0x{max.ToString("X", CultureInfo.InvariantCulture).TrimStart('0')})"
                : $"{min}<=x<={max}";
            throw new McuBootException(ErrorCodes.InvalidNumber,
                $"Invalid value for {FormatOptionHint(optionName)}: {text} is not in the range {range}.")
            { ExitCode = ExitCodes.Usage };
        }

        return value;
    }

    private static bool ValidDigits(ReadOnlySpan<char> s, int radix, bool allowLeadingUnderscore)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        var previousUnderscore = !allowLeadingUnderscore; // a leading '_' is allowed only right after 0x/0o/0b
        var any = false;
        foreach (var c in s)
        {
            if (c == '_')
            {
                if (previousUnderscore)
                {
                    return false;
                }

                previousUnderscore = true;
                continue;
            }

            var d = DigitValue(c);
            if (d < 0 || d >= radix)
            {
                return false;
            }

            previousUnderscore = false;
            any = true;
        }

        return any && !previousUnderscore;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
