using System.CommandLine;
using McuBoot.Compression;
using McuBoot.Diagnostics;
using McuBoot.IO;

namespace McuBoot.Tool.Commands;

/// <summary>Parsing of the options only Nordic's imgtool fork has (sdk-mcuboot scripts/imgtool/main.py).</summary>
internal static class ForkOptions
{
    /// <summary>The <c>--compression-lzma-*</c> values over imgtool's defaults.</summary>
    public static LzmaSettings Lzma(ParseResult result, Option<string?> dict, Option<string?> pb, Option<string?> lc, Option<string?> lp, Option<string?> preset)
    {
        var d = LzmaSettings.Default;
        var settings = new LzmaSettings
        {
            DictionarySize = CommonOptions.UInt32(result, dict, "--compression-lzma-dictsize") ?? d.DictionarySize,
            PositionBits = Small(result, pb, "--compression-lzma-pb") ?? d.PositionBits,
            LiteralContextBits = Small(result, lc, "--compression-lzma-lc") ?? d.LiteralContextBits,
            LiteralPositionBits = Small(result, lp, "--compression-lzma-lp") ?? d.LiteralPositionBits,
            Preset = (uint?)Small(result, preset, "--compression-lzma-preset") ?? d.Preset,
        };
        settings.Validate();
        return settings;
    }

    /// <summary><c>--pad-value</c> (0 or 0xff, as the fork's click.Choice); refuses a different <c>-R</c>.</summary>
    public static byte? PadValue(string? padValue, string? erasedValue)
    {
        if (padValue is null)
        {
            return null;
        }

        byte value = padValue switch
        {
            "0" => 0x00,
            "0xff" => 0xff,
            _ => throw new McuBootException(ErrorCodes.InvalidPadValue, $"Invalid value for '--pad-value': '{padValue}' is not one of '0', '0xff'.") { ExitCode = ExitCodes.Usage },
        };
        if (erasedValue is not null && (erasedValue == "0" ? 0x00 : 0xff) != value)
        {
            // The fork lets --pad-value win silently; a contradiction is more likely a mistake.
            throw new McuBootException(ErrorCodes.InvalidPadValue,
                $"--pad-value {padValue} contradicts -R/--erased-val {erasedValue}; the pad value is also the erased value of the trailer, so give one of them (or the same value).")
            { ExitCode = ExitCodes.Usage };
        }

        return value;
    }

    private static int? Small(ParseResult result, Option<string?> option, string display)
    {
        var text = result.GetValue(option);
        return text is null ? null : (int)IntegerLiteral.ParseUInt32(text, $"'{display}'", 0, 1024);
    }
}
