namespace McuBoot.Diagnostics;

/// <summary>
/// MCUB32xx: bounds on hostile or oversized input, and output safety (an output that would overwrite an input, an
/// image placed below its slot, running out of memory). Each stops the work before it is done and names the limit.
/// </summary>
public static partial class ErrorCodes
{
    /// <summary>An input's flattened address span (HEX gaps included) exceeds <see cref="McuBoot.IO.InputLimits.MaxImageSpan"/>; refused before allocating (above a given slot it is <see cref="ImageTooLarge"/>).</summary>
    public const string InputSpanTooLarge = "MCUB3201";

    /// <summary>A compressed image declares a decompressed size (DECOMP_SIZE) larger than the slot or <see cref="McuBoot.IO.InputLimits.MaxImageSpan"/>; refused before inflating.</summary>
    public const string DecompressedSizeTooLarge = "MCUB3202";

    /// <summary>The process ran out of memory or stack on this input; nothing was written.</summary>
    public const string OutOfResources = "MCUB3203";

    /// <summary>An output path is one of the command's inputs (same full path or same file); nothing was written.</summary>
    public const string OutputIsInput = "MCUB3204";

    /// <summary>The signed image would start below its slot (e.g. <c>--pad-header</c> on a HEX linked at the slot start); nothing is written.</summary>
    public const string ImageBelowSlot = "MCUB3205";

    /// <summary>The command was interrupted (SIGINT/SIGTERM) while writing; the temporary file was removed.</summary>
    public const string Interrupted = "MCUB3206";
}
