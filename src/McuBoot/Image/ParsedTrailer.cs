namespace McuBoot.Image;

/// <summary>
/// The trailer fields found after the TLVs of a padded image (mcuboot-image-format.md §5.1), read from the end of
/// the file as imgtool's <c>dumpinfo</c> does: the last 16 bytes are the magic, max-align taken from it.
/// </summary>
public sealed record ParsedTrailer(
    byte[] Magic,
    bool MagicValid,
    int MaxAlign,
    byte ImageOk,
    byte CopyDone,
    byte SwapInfo,
    uint SwapSize,
    long Offset);
