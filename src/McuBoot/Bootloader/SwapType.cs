namespace McuBoot.Bootloader;

/// <summary>The swap type the trailers request (<c>BOOT_SWAP_TYPE_*</c>, <c>bootutil_public.c:boot_swap_type_multi</c>).</summary>
public enum SwapType
{
    /// <summary><c>BOOT_SWAP_TYPE_NONE</c>: no upgrade requested; the secondary slot is not even validated.</summary>
    None,

    /// <summary><c>BOOT_SWAP_TYPE_TEST</c>: install and revert unless the new image confirms itself (magic good, image_ok unset).</summary>
    Test,

    /// <summary><c>BOOT_SWAP_TYPE_PERM</c>: install for good (magic good, image_ok set).</summary>
    Perm,

    /// <summary><c>BOOT_SWAP_TYPE_REVERT</c>: swap back to the previous image.</summary>
    Revert,
}
