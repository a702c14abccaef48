namespace McuBoot.Image;

/// <summary>Which key TLV goes into a signed image (<c>--public-key-format</c>).</summary>
public enum PublicKeyFormat
{
    /// <summary>KEYHASH (0x01): the hash of the public key, for builds with compiled-in keys.</summary>
    Hash,
    /// <summary>PUBKEY (0x02): the full public key, for <c>MCUBOOT_HW_KEY</c> builds.</summary>
    Full,
}
