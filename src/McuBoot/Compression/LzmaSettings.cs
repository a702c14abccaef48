// Nordic's imgtool fork (sdk-mcuboot scripts/imgtool/main.py, sign(): --compression-lzma-dictsize/-pb/-lc/-lp/-preset,
// defaults 128 KiB, 2, 3, 1, 9; create_lzma2_header() writes the dictionary-size code and (pb*5 + lp)*9 + lc).
// Limits from XZ Utils (lzma.h: LZMA_DICT_SIZE_MIN 4 KiB, lc + lp <= 4 for LZMA2, pb <= 4, presets 0..9).
using McuBoot.Diagnostics;

namespace McuBoot.Compression;

/// <summary>
/// The LZMA2 encoder parameters of a compressed image (the imgtool fork's <c>--compression-lzma-*</c> options).
/// The defaults are imgtool's fixed values, so <see cref="Default"/> gives byte-identical output to imgtool 2.4.0.
/// </summary>
public sealed record LzmaSettings
{
    /// <summary>imgtool's settings: dictionary 128 KiB, pb 2, lc 3, lp 1, preset 9.</summary>
    public static readonly LzmaSettings Default = new();

    /// <summary>The smallest dictionary liblzma accepts (4 KiB).</summary>
    public const uint MinDictionarySize = 4096;

    /// <summary>The largest dictionary this tool accepts (1.5 GiB, liblzma's encoder limit).</summary>
    public const uint MaxDictionarySize = 1536u << 20;

    /// <summary><c>--compression-lzma-dictsize</c>: dictionary size in bytes (the bootloader's decoder needs this much RAM).</summary>
    public uint DictionarySize { get; init; } = Lzma2.DictionarySize;

    /// <summary><c>--compression-lzma-pb</c>: position bits (0..4).</summary>
    public int PositionBits { get; init; } = Lzma2.PositionBits;

    /// <summary><c>--compression-lzma-lc</c>: literal context bits (0..4, lc + lp at most 4).</summary>
    public int LiteralContextBits { get; init; } = Lzma2.LiteralContextBits;

    /// <summary><c>--compression-lzma-lp</c>: literal position bits (0..4, lc + lp at most 4).</summary>
    public int LiteralPositionBits { get; init; } = Lzma2.LiteralPositionBits;

    /// <summary><c>--compression-lzma-preset</c>: the liblzma preset (0..9) the other values override.</summary>
    public uint Preset { get; init; } = Lzma2.Preset;

    /// <summary>Whether these are imgtool's fixed settings.</summary>
    public bool IsDefault => this == Default;

    /// <summary>Checks every value against what LZMA2 and the liblzma encoder accept.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidLzmaSetting"/> naming the option and the allowed range.</exception>
    public void Validate()
    {
        if (DictionarySize is < MinDictionarySize or > MaxDictionarySize)
        {
            throw Invalid("--compression-lzma-dictsize", DictionarySize.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{MinDictionarySize}..{MaxDictionarySize} bytes (imgtool's default is 131072)");
        }

        if (PositionBits is < 0 or > 4)
        {
            throw Invalid("--compression-lzma-pb", PositionBits.ToString(System.Globalization.CultureInfo.InvariantCulture), "0..4 (default 2)");
        }

        if (LiteralContextBits is < 0 or > 4 || LiteralPositionBits is < 0 or > 4 || LiteralContextBits + LiteralPositionBits > 4)
        {
            throw Invalid("--compression-lzma-lc' / '--compression-lzma-lp", $"lc {LiteralContextBits}, lp {LiteralPositionBits}", "0..4 each with lc + lp <= 4 for LZMA2 (default lc 3, lp 1)");
        }

        if (Preset > 9)
        {
            throw Invalid("--compression-lzma-preset", Preset.ToString(System.Globalization.CultureInfo.InvariantCulture), "0..9 (default 9)");
        }
    }

    private static McuBootException Invalid(string option, string value, string allowed)
        => new(ErrorCodes.InvalidLzmaSetting, $"Invalid value for '{option}': {value}; use {allowed}.") { ExitCode = ExitCodes.Usage };
}
