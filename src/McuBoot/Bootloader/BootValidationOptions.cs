namespace McuBoot.Bootloader;

/// <summary>How <see cref="BootImageValidator"/> looks at an image besides the bootloader's configuration.</summary>
public sealed record BootValidationOptions
{
    /// <summary>The image's name in messages (its path).</summary>
    public string Name { get; init; } = "image";

    /// <summary>The slot the image is validated in (default: the secondary slot an upload lands in).</summary>
    public BootSlot Slot { get; init; } = BootSlot.Secondary;

    /// <summary>
    /// For an encrypted image: the image with its body decrypted (as <c>bootutil_img_hash</c> sees it). Without it the
    /// body hash of an encrypted secondary image cannot be computed; the hash TLV is then taken as given (a warning says so).
    /// </summary>
    public byte[]? Plaintext { get; init; }

    /// <summary>The image index (<c>BOOT_CURR_IMG</c>): the built-in key id.</summary>
    public int ImageIndex { get; init; }

    /// <summary>
    /// The bootloader runs on a big-endian CPU (bootutil reads header and TLV fields in the CPU's byte order), for images
    /// signed with <c>-e big</c>; <see cref="BootImageValidator.ValidateSlot"/> callers on Cortex-M leave it false.
    /// </summary>
    public bool BigEndian { get; init; }

    /// <summary>The primary slot's trailer, for the REVERT row of the swap table; null: erased.</summary>
    public SlotTrailerState? PrimaryTrailer { get; init; }
}
