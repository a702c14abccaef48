namespace McuBoot.Checks;

/// <summary>How a firmware file was read.</summary>
public enum FirmwareFileKind
{
    /// <summary>Raw binary: no addresses.</summary>
    Binary,

    /// <summary>Intel HEX (by the <c>.hex</c> extension, as imgtool decides).</summary>
    IntelHex,

    /// <summary>ELF (by its magic, whatever the extension).</summary>
    Elf,
}
