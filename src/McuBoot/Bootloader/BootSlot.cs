namespace McuBoot.Bootloader;

/// <summary>Which slot the image is validated in (<c>BOOT_SLOT_PRIMARY</c> / <c>BOOT_SLOT_SECONDARY</c>).</summary>
public enum BootSlot
{
    /// <summary>The slot the bootloader installs from and decrypts (<c>MUST_DECRYPT</c> holds only here); an upload lands here.</summary>
    Secondary,

    /// <summary>The slot the application runs from: an encryption flag is ignored and the body must be plaintext.</summary>
    Primary,
}
