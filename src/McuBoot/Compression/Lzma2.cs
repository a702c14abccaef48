// Spec: mcuboot-image-format.md §7.1 (imgtool's liblzma settings), §7.2 (body format and dict-size code), Appendix B (LZMA2);
// LZMA2 dictionary-size byte as in XZ Utils (lzma2_encoder.c, lzma_lzma2_props_encode).
using McuBoot.Diagnostics;

namespace McuBoot.Compression;

/// <summary>
/// MCUboot's compressed image body (mcuboot-image-format.md §7.2): a 2-byte header — the LZMA2 dictionary-size code
/// (<c>0x0a</c> for 128 KiB) and the LZMA properties byte <c>(pb*5 + lp)*9 + lc</c> (<c>0x66</c>) — followed by a raw
/// LZMA2 stream. Compression calls the native liblzma with imgtool's exact settings (preset 9, dict_size 131072,
/// lc 3, lp 1, pb 2, optionally the ARM-Thumb BCJ filter first) so the output is byte-identical to imgtool 2.4.0.
/// </summary>
public static unsafe class Lzma2
{
    /// <summary>The liblzma preset imgtool starts from.</summary>
    public const uint Preset = 9;

    /// <summary>imgtool's dictionary size (128 KiB).</summary>
    public const uint DictionarySize = 131072;

    /// <summary>Literal context bits.</summary>
    public const int LiteralContextBits = 3;

    /// <summary>Literal position bits.</summary>
    public const int LiteralPositionBits = 1;

    /// <summary>Position bits.</summary>
    public const int PositionBits = 2;

    /// <summary>Length of the properties header before the LZMA2 stream.</summary>
    public const int HeaderLength = 2;

    /// <summary>The largest dictionary-size code (LZMA2: 40 means 4 GiB − 1).</summary>
    public const byte MaxDictionarySizeCode = 40;

    /// <summary>
    /// The LZMA2 dictionary-size code: the smallest <c>i</c> in 0..39 with <c>dictSize &lt;= (2 | (i &amp; 1)) &lt;&lt; (i / 2 + 11)</c>
    /// (even codes are powers of two, odd codes 1.5×; 4 KiB → 0, 128 KiB → 0x0a, 3 GiB → 0x27), or 40 for larger sizes.
    /// </summary>
    public static byte DictionarySizeCode(uint dictSize)
    {
        for (var i = 0; i < MaxDictionarySizeCode; i++)
        {
            if (dictSize <= (2u | (uint)(i & 1)) << ((i / 2) + 11))
            {
                return (byte)i;
            }
        }

        return MaxDictionarySizeCode;
    }

    /// <summary>The dictionary size a code stands for (40 → <see cref="uint.MaxValue"/>).</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.CorruptCompressedBody"/> for a code above 40.</exception>
    public static uint DictionarySizeFromCode(byte code)
    {
        if (code > MaxDictionarySizeCode)
        {
            throw new McuBootException(ErrorCodes.CorruptCompressedBody, $"LZMA2 dictionary-size code 0x{code:x2} is invalid (0x00–0x28 allowed); the compressed body is corrupted.");
        }

        return code == MaxDictionarySizeCode ? uint.MaxValue : (2u | (uint)(code & 1)) << ((code / 2) + 11);
    }

    /// <summary>The LZMA properties byte <c>(pb*5 + lp)*9 + lc</c> (0x66 for imgtool's lc 3, lp 1, pb 2).</summary>
    public static byte PropertiesByte(int lc, int lp, int pb)
    {
        if (lc is < 0 or > 8 || lp is < 0 or > 4 || pb is < 0 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(lc), "LZMA needs lc 0..8, lp 0..4 and pb 0..4.");
        }

        return (byte)((((pb * 5) + lp) * 9) + lc);
    }

    /// <summary>The version and location of the native liblzma in use (loads it on first use).</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.LzmaLibraryNotFound"/>.</exception>
    public static string NativeLibraryDescription => $"liblzma {LzmaNative.Instance.Version} ({LzmaNative.Instance.Path})";

    /// <summary>
    /// Compresses <paramref name="data"/> into an MCUboot compressed body: header <c>0a 66</c> + raw LZMA2 stream from
    /// liblzma (preset 9, dict 128 KiB, lc 3, lp 1, pb 2; ARM-Thumb BCJ first when <paramref name="armThumb"/>), exactly as imgtool.
    /// </summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.LzmaLibraryNotFound"/>, <see cref="ErrorCodes.CompressionFailed"/>.</exception>
    public static byte[] Compress(ReadOnlySpan<byte> data, bool armThumb) => Compress(data, armThumb, LzmaSettings.Default);

    /// <summary>
    /// Compresses with the given encoder <paramref name="settings"/> (the imgtool fork's <c>--compression-lzma-*</c>);
    /// the 2-byte header describes them. Unlike the fork, which writes <c>pb</c> into the header but never passes it to
    /// the encoder, the stream is encoded with the <c>pb</c> the header announces.
    /// </summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidLzmaSetting"/>, <see cref="ErrorCodes.LzmaLibraryNotFound"/>, <see cref="ErrorCodes.CompressionFailed"/>.</exception>
    public static byte[] Compress(ReadOnlySpan<byte> data, bool armThumb, LzmaSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var lib = LzmaNative.Instance;
        LzmaNative.LzmaOptionsLzma options = default;
        if (lib.LzmaPreset(&options, settings.Preset) != 0)
        {
            throw new McuBootException(ErrorCodes.CompressionFailed, $"liblzma {lib.Version} rejected preset {settings.Preset}; use XZ Utils 5.2 or later.", lib.Path);
        }

        options.DictSize = settings.DictionarySize;
        options.Lc = (uint)settings.LiteralContextBits;
        options.Lp = (uint)settings.LiteralPositionBits;
        options.Pb = (uint)settings.PositionBits;

        var filters = stackalloc LzmaNative.LzmaFilter[3];
        FillFilters(filters, &options, armThumb);

        var output = new byte[Math.Max(8192, (data.Length / 2) + 64)];
        output[0] = DictionarySizeCode(settings.DictionarySize);
        output[1] = PropertiesByte(settings.LiteralContextBits, settings.LiteralPositionBits, settings.PositionBits);
        var outputLength = HeaderLength;

        LzmaNative.LzmaStream stream = default;
        Check(lib.RawEncoder(&stream, filters), "initialise the raw LZMA2 encoder", lib);
        try
        {
            fixed (byte* input = data)
            {
                stream.NextIn = input;
                stream.AvailIn = (nuint)data.Length;

                // Same call sequence as Python's lzma.LZMACompressor (imgtool): LZMA_RUN over all input, then LZMA_FINISH.
                var action = LzmaNative.ActionRun;
                while (true)
                {
                    if (action == LzmaNative.ActionRun && stream.AvailIn == 0)
                    {
                        action = LzmaNative.ActionFinish;
                    }

                    if (outputLength == output.Length)
                    {
                        Array.Resize(ref output, checked(output.Length * 2));
                    }

                    int ret;
                    fixed (byte* outputPointer = output)
                    {
                        stream.NextOut = outputPointer + outputLength;
                        stream.AvailOut = (nuint)(output.Length - outputLength);
                        ret = lib.Code(&stream, action);
                        outputLength = output.Length - (int)stream.AvailOut;
                    }

                    if (action == LzmaNative.ActionFinish && ret == LzmaNative.LzmaStreamEnd)
                    {
                        break;
                    }

                    if (ret != LzmaNative.LzmaOk && !(ret == LzmaNative.LzmaBufError && stream.AvailOut == 0))
                    {
                        Check(ret, "compress", lib);
                    }
                }
            }
        }
        finally
        {
            lib.End(&stream);
        }

        Array.Resize(ref output, outputLength);
        return output;
    }

    /// <summary>
    /// Decompresses an MCUboot compressed body (2-byte header + raw LZMA2 stream, without AES padding — trim it to the
    /// COMP_DEC_SIZE length first) back to the original data.
    /// </summary>
    /// <param name="body">The compressed body.</param>
    /// <param name="armThumb">Whether the ARM-Thumb BCJ filter was used (image flag 0x800).</param>
    /// <param name="maxOutputLength">Upper bound on the decompressed size, against corrupt or hostile input.</param>
    /// <exception cref="McuBootException">
    /// <see cref="ErrorCodes.CorruptCompressedBody"/> for a bad header, corrupt/truncated stream or trailing data;
    /// <see cref="ErrorCodes.DecompressedTooLarge"/>; <see cref="ErrorCodes.LzmaLibraryNotFound"/>.
    /// </exception>
    public static byte[] Decompress(ReadOnlySpan<byte> body, bool armThumb, int maxOutputLength = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxOutputLength);
        if (body.Length < HeaderLength + 1)
        {
            throw Corrupt($"it is {body.Length} bytes, too short for the 2-byte header and an LZMA2 stream");
        }

        var dictCode = body[0];
        if (dictCode > MaxDictionarySizeCode)
        {
            throw Corrupt($"its dictionary-size code 0x{dictCode:x2} is invalid (0x00–0x28 allowed; imgtool writes 0x0a)");
        }

        var props = body[1];
        var lc = props % 9;
        var lp = props / 9 % 5;
        var pb = props / 45;
        if (props >= 225 || lc + lp > 4)
        {
            throw Corrupt($"its properties byte 0x{props:x2} is invalid for LZMA2 (needs pb ≤ 4 and lc + lp ≤ 4; imgtool writes 0x66)");
        }

        var lib = LzmaNative.Instance;
        LzmaNative.LzmaOptionsLzma options = default;
        var declared = DictionarySizeFromCode(dictCode);

        // The dictionary never needs to be larger than the whole output, so a huge declared size need not be allocated.
        options.DictSize = Math.Max(4096u, Math.Min(declared, (uint)Math.Min(maxOutputLength, 1 << 30)));
        options.Lc = (uint)lc;
        options.Lp = (uint)lp;
        options.Pb = (uint)pb;

        var filters = stackalloc LzmaNative.LzmaFilter[3];
        FillFilters(filters, &options, armThumb);

        var output = new byte[(int)Math.Min(maxOutputLength, Math.Max(4096L, body.Length * 4L))];
        var outputLength = 0;
        var stream = body[HeaderLength..];
        LzmaNative.LzmaStream lzma = default;
        Check(lib.RawDecoder(&lzma, filters), "initialise the raw LZMA2 decoder", lib);
        try
        {
            fixed (byte* input = stream)
            {
                lzma.NextIn = input;
                lzma.AvailIn = (nuint)stream.Length;
                while (true)
                {
                    if (outputLength == output.Length)
                    {
                        if (output.Length >= maxOutputLength)
                        {
                            throw new McuBootException(
                                ErrorCodes.DecompressedTooLarge,
                                $"The compressed body decompresses to more than {maxOutputLength} bytes; it is corrupted or not an MCUboot image body.");
                        }

                        Array.Resize(ref output, (int)Math.Min(maxOutputLength, output.Length * 2L));
                    }

                    int ret;
                    var availableBefore = lzma.AvailIn;
                    var producedBefore = outputLength;
                    fixed (byte* outputPointer = output)
                    {
                        lzma.NextOut = outputPointer + outputLength;
                        lzma.AvailOut = (nuint)(output.Length - outputLength);
                        ret = lib.Code(&lzma, LzmaNative.ActionFinish);
                        outputLength = output.Length - (int)lzma.AvailOut;
                    }

                    if (ret == LzmaNative.LzmaStreamEnd)
                    {
                        break;
                    }

                    if (ret == LzmaNative.LzmaBufError && lzma.AvailOut == 0)
                    {
                        continue;
                    }

                    if (ret != LzmaNative.LzmaOk)
                    {
                        throw Corrupt(ret switch
                        {
                            LzmaNative.LzmaBufError => "the LZMA2 stream is truncated (no end marker)",
                            LzmaNative.LzmaDataError => "the LZMA2 data is corrupt",
                            LzmaNative.LzmaOptionsError => "the LZMA2 stream uses unsupported options",
                            LzmaNative.LzmaMemError => "liblzma ran out of memory decoding it",
                            _ => $"liblzma returned error {ret}",
                        });
                    }

                    if (lzma.AvailOut != 0 && lzma.AvailIn == availableBefore && outputLength == producedBefore)
                    {
                        throw Corrupt("the LZMA2 stream is truncated (no end marker)");
                    }
                }

                if (lzma.AvailIn != 0)
                {
                    throw Corrupt($"{lzma.AvailIn} bytes follow the LZMA2 end marker (trim AES padding to the COMP_DEC_SIZE length first)");
                }
            }
        }
        finally
        {
            lib.End(&lzma);
        }

        Array.Resize(ref output, outputLength);
        return output;
    }

    private static void FillFilters(LzmaNative.LzmaFilter* filters, LzmaNative.LzmaOptionsLzma* options, bool armThumb)
    {
        var index = 0;
        if (armThumb)
        {
            filters[index++] = new LzmaNative.LzmaFilter { Id = LzmaNative.FilterArmThumb, Options = null };
        }

        filters[index++] = new LzmaNative.LzmaFilter { Id = LzmaNative.FilterLzma2, Options = options };
        filters[index] = new LzmaNative.LzmaFilter { Id = LzmaNative.VliUnknown, Options = null };
    }

    private static void Check(int ret, string what, LzmaNative lib)
    {
        if (ret != LzmaNative.LzmaOk)
        {
            throw new McuBootException(
                ErrorCodes.CompressionFailed,
                $"liblzma {lib.Version} failed to {what} (error {ret}); check that '{lib.Path}' is XZ Utils 5.2 or later.",
                lib.Path);
        }
    }

    private static McuBootException Corrupt(string why)
        => new(ErrorCodes.CorruptCompressedBody, $"The compressed image body is not valid: {why}; the image is corrupted or was not compressed by imgtool.");
}
