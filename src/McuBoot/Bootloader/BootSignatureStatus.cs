namespace McuBoot.Bootloader;

/// <summary>What <c>bootutil_img_validate</c> did with one signature TLV (image_validate.c, the EXPECTED_SIG_TLV case).</summary>
public enum BootSignatureStatus
{
    /// <summary>A key TLV right before it selected a bootloader key, and the signature verified with that key.</summary>
    Verified,

    /// <summary>A key TLV right before it selected a bootloader key, and the signature did not verify.</summary>
    Failed,

    /// <summary>Skipped: the key TLV before it names a key the bootloader does not hold (<c>key_id &lt; 0</c>).</summary>
    UnknownKey,

    /// <summary>Skipped: no key TLV right before it (<c>key_id</c> was reset by the previous signature).</summary>
    NoKeyTlv,

    /// <summary>Skipped: a signature TLV of another type than the bootloader's <c>EXPECTED_SIG_TLV</c>.</summary>
    OtherType,
}
