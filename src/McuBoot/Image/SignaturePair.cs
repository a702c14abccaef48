namespace McuBoot.Image;

/// <summary>
/// One KEYHASH (or PUBKEY) + signature pair of an image's unprotected TLVs, as bootutil reads them
/// (image_validate.c, bootutil_img_validate: a signature is checked with the key its preceding key TLV selected).
/// </summary>
public sealed record SignaturePair
{
    /// <summary>The pair's position among the image's signatures (0-based).</summary>
    public required int Index { get; init; }

    /// <summary>The key TLV before the signature (null when there is none: bootutil ignores such a signature).</summary>
    public ParsedTlv? KeyTlv { get; init; }

    /// <summary>The signature TLV.</summary>
    public required ParsedTlv Signature { get; init; }

    /// <summary>The index of the given key that this pair's key TLV names, or null when no given key does.</summary>
    public int? MatchedKey { get; init; }

    /// <summary>Whether the signature verified with <see cref="MatchedKey"/> (null when not checked).</summary>
    public bool? Verified { get; init; }
}
