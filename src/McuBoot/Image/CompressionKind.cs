namespace McuBoot.Image;

/// <summary><c>--compression</c>: none, LZMA2, or LZMA2 with the ARM Thumb BCJ filter (§7).</summary>
public enum CompressionKind
{
    None,
    Lzma2,
    Lzma2ArmThumb,
}
