namespace McuBoot.Bootloader;

/// <summary>
/// One signature TLV as the bootloader met it in <c>image_validate.c:bootutil_img_validate</c>: the key TLV before it,
/// the bootloader key it selected, and whether it verified. The last attempted one (<see cref="Decided"/>) decides.
/// </summary>
/// <param name="Offset">Offset of the signature TLV's 4-byte header in the image.</param>
/// <param name="SignatureTlv">The signature TLV type (e.g. 0x24 Ed25519, 0x22 ECDSA).</param>
/// <param name="KeyTlv">The key TLV type right before it (0x01 KEYHASH, 0x02 PUBKEY), or null when there was none.</param>
/// <param name="KeyHash">The key TLV's key hash, lower-case hex (for PUBKEY: the hash of the key), or null.</param>
/// <param name="KeyIndex">The index of the bootloader key the key TLV selected (<c>bootutil_keys[]</c>), or null.</param>
/// <param name="Status">Verified, failed or why it was skipped.</param>
/// <param name="Decided">True for the signature whose result is the image's verdict (the last attempted one).</param>
public sealed record BootSignatureResult(long Offset, ushort SignatureTlv, ushort? KeyTlv, string? KeyHash, int? KeyIndex, BootSignatureStatus Status, bool Decided)
{
    /// <summary>True when the signature verified with the selected bootloader key.</summary>
    public bool Verified => Status == BootSignatureStatus.Verified;
}
