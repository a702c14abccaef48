using McuBoot.Diagnostics;

namespace McuBoot.IO;

/// <summary>
/// Documented caps that stop work on hostile or oversized input before memory is allocated (docs/diagnostics.md,
/// MCUB3201/MCUB3202). An image is bounded by its slot when the slot size is known, else by <see cref="MaxImageSpan"/>.
/// </summary>
public static class InputLimits
{
    /// <summary>
    /// The largest image span read when no slot size bounds it: 256 MiB. MCUboot slots (internal or external flash)
    /// are far smaller; a flattened HEX or a declared decompressed size above this is refused before allocating.
    /// </summary>
    public const long MaxImageSpan = 256L * 1024 * 1024;

    /// <summary>The span an input may have: the slot size when one is given (non-zero and below the cap), else <see cref="MaxImageSpan"/>.</summary>
    public static long SpanLimit(long? slotSize) => slotSize is > 0 and < MaxImageSpan ? slotSize.Value : MaxImageSpan;

    /// <summary>Describes the limit for messages: "the 0x80000-byte slot" or "the 256 MiB cap (no slot size given)".</summary>
    public static string Describe(long? slotSize) => slotSize is > 0 and < MaxImageSpan
        ? $"the 0x{slotSize.Value:x}-byte ({slotSize.Value} bytes) slot"
        : $"the {MaxImageSpan / (1024 * 1024)} MiB cap on an image ({(slotSize is > 0 ? "the slot is larger" : "no slot size given")})";

    /// <summary>
    /// Refuses an input span above the limit before it is allocated: above the slot it is
    /// <see cref="ErrorCodes.ImageTooLarge"/> (with the slot size and the overflow, as for any image that does not fit),
    /// above the cap <see cref="ErrorCodes.InputSpanTooLarge"/>.
    /// </summary>
    /// <param name="span">Bytes the input would occupy once flattened.</param>
    /// <param name="slotSize">The slot size, or null/0 when none is known.</param>
    /// <param name="what">What the span is, for the message, e.g. "Intel HEX file 'app.hex' spans 0x0..0x7fffff10".</param>
    /// <param name="file">The input file.</param>
    public static void CheckSpan(long span, long? slotSize, string what, string? file)
    {
        long limit = SpanLimit(slotSize);
        if (span <= limit)
        {
            return;
        }

        const string fix = "nothing was read into memory: remove the records outside the application's slot (e.g. objcopy --remove-section), or check that this is the right file.";
        if (slotSize is > 0 && limit == slotSize)
        {
            throw new McuBootException(ErrorCodes.ImageTooLarge,
                $"{what} ({span} bytes once gaps are filled), more than the 0x{slotSize.Value:x}-byte slot (slot size {slotSize.Value}, overflow {span - slotSize.Value} bytes before the header and trailer); {fix}",
                file);
        }

        throw new McuBootException(ErrorCodes.InputSpanTooLarge, $"{what} ({span} bytes once gaps are filled), more than {Describe(slotSize)}; {fix}", file);
    }
}
