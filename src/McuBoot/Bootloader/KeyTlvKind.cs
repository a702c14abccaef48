namespace McuBoot.Bootloader;

/// <summary>How the bootloader selects its verification key (<c>EXPECTED_KEY_TLV</c> in <c>image_validate.c</c>, <c>bootutil_find_key.c</c>).</summary>
public enum KeyTlvKind
{
    /// <summary>Default: a KEYHASH TLV (0x01) is compared with the hash of each embedded key (<c>bootutil_find_key</c>).</summary>
    Hash,

    /// <summary><c>MCUBOOT_HW_KEY</c>: a PUBKEY TLV (0x02) carries the key; its hash is compared with a provisioned hash.</summary>
    FullPublicKey,

    /// <summary><c>MCUBOOT_BUILTIN_KEY</c>: no key TLV; the key id is the image index.</summary>
    BuiltIn,
}
