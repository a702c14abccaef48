namespace McuBoot.Bootloader;

/// <summary>How bootutil decodes a trailer field (<c>BOOT_MAGIC_*</c> / <c>BOOT_FLAG_*</c>, <c>bootutil_public.c:boot_read_swap_state</c>).</summary>
public enum TrailerFlag
{
    /// <summary>Every byte is the erased value (<c>BOOT_MAGIC_UNSET</c> / <c>BOOT_FLAG_UNSET</c>).</summary>
    Unset,

    /// <summary>Magic equal to the expected 16 bytes (<c>BOOT_MAGIC_GOOD</c>), or a flag byte 0x01 (<c>BOOT_FLAG_SET</c>).</summary>
    Set,

    /// <summary>Anything else (<c>BOOT_MAGIC_BAD</c> / <c>BOOT_FLAG_BAD</c>).</summary>
    Bad,
}
