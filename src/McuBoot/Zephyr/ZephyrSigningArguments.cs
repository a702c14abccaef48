namespace McuBoot.Zephyr;

/// <summary>The imgtool arguments a Zephyr / NCS build derives for its application image (zephyr-build-geometry.md §1-11).</summary>
public sealed record ZephyrSigningArguments
{
    /// <summary>MCUboot image index (0 = application; N when the code partition lies in <c>slot2N</c>/<c>slot2N+1</c>).</summary>
    public int ImageIndex { get; init; }

    /// <summary><c>--header-size</c>.</summary>
    public required int HeaderSize { get; init; }

    /// <summary><c>--pad-header</c>: the firmware starts at the code partition, after the header.</summary>
    public bool PadHeader { get; init; }

    /// <summary><c>--slot-size</c>.</summary>
    public required uint SlotSize { get; init; }

    /// <summary><c>--align</c>.</summary>
    public required int Align { get; init; }

    /// <summary><c>--overwrite-only</c>.</summary>
    public bool OverwriteOnly { get; init; }

    /// <summary><c>--sha 512</c> when 512; null leaves imgtool's default.</summary>
    public int? Sha { get; init; }

    /// <summary><c>--pure</c>.</summary>
    public bool Pure { get; init; }

    /// <summary>Address of the signed <c>.hex</c> (the slot the image is built for), or null when unknown.</summary>
    public uint? HexAddress { get; init; }

    /// <summary>Address of the update hex (the other slot: <c>.update.signed.hex</c> in NCS), or null.</summary>
    public uint? UpdateHexAddress { get; init; }

    /// <summary>Size of the other slot, or null.</summary>
    public uint? UpdateSlotSize { get; init; }

    /// <summary><c>--load-addr</c> (RAM-load modes), or null.</summary>
    public uint? LoadAddress { get; init; }

    /// <summary><c>--rom-fixed</c> (direct-XIP, firmware updater), or null.</summary>
    public uint? RomFixed { get; init; }

    /// <summary>The signing key path as the build wrote it (Kconfig), or null when none.</summary>
    public string? KeySetting { get; init; }

    /// <summary>The signing key file resolved as the build resolves it, when it exists here; null otherwise.</summary>
    public string? KeyFile { get; init; }

    /// <summary>The encryption key file (resolved when it exists, else as written), or null without encryption.</summary>
    public string? EncryptionKeyFile { get; init; }

    /// <summary><c>--encrypt-keylen 256</c>.</summary>
    public bool EncryptKeyLength256 { get; init; }

    /// <summary><c>--hmac-sha 512</c> (nRF54L with Ed25519, NCS sysbuild).</summary>
    public bool HmacSha512 { get; init; }

    /// <summary>The image version the build signs with (<c>CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION</c>), or null.</summary>
    public string? Version { get; init; }
}
