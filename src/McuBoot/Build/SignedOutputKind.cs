namespace McuBoot.Build;

/// <summary>What a file written by a <see cref="SigningJob"/> is.</summary>
public enum SignedOutputKind
{
    /// <summary><c>NAME.signed.bin</c>: the signed image (the upload for DFU), no trailer.</summary>
    SignedBinary,

    /// <summary><c>NAME.signed.hex</c>: the signed image at the primary slot's address (for a programmer).</summary>
    SignedHex,

    /// <summary><c>NAME.signed.confirmed.bin</c>: padded to the slot, trailer magic and image_ok set.</summary>
    ConfirmedBinary,

    /// <summary><c>NAME.signed.confirmed.hex</c>: the confirmed image at the primary slot's address.</summary>
    ConfirmedHex,

    /// <summary><c>NAME.signed.encrypted.bin</c>: the encrypted upload.</summary>
    EncryptedBinary,

    /// <summary><c>NAME.signed.moved.hex</c>: padded (pending test upgrade) at the secondary slot's address.</summary>
    MovedHex,

    /// <summary>Our JSON manifest.</summary>
    Manifest,

    /// <summary>The NCS-compatible <c>dfu_application.zip</c>.</summary>
    DfuPackage,

    /// <summary>The factory <c>merged.hex</c>: the bootloader and the signed primary images.</summary>
    MergedHex,
}
