namespace McuBoot.Layouts;

/// <summary>What a partition is for, which decides its colour in the drawing.</summary>
public enum FlashMapRole
{
    /// <summary>Bootloaders and their data: <c>mcuboot</c>, NSIB <c>b0</c>/<c>s0</c>/<c>s1</c>, <c>provision</c>, the nRF52 MBR.</summary>
    Bootloader,

    /// <summary>The MCUboot header pad (<c>mcuboot_pad</c>).</summary>
    HeaderPad,

    /// <summary>A primary slot or the application in it (<c>mcuboot_primary*</c>, <c>app</c>, TF-M).</summary>
    PrimarySlot,

    /// <summary>A secondary slot (<c>mcuboot_secondary*</c>).</summary>
    SecondarySlot,

    /// <summary>The swap-scratch area (<c>mcuboot_scratch</c>).</summary>
    Scratch,

    /// <summary>Settings, NVS, file systems, factory data.</summary>
    Storage,

    /// <summary>A RAM partition (<c>sram_primary</c> region).</summary>
    Ram,

    /// <summary>Unused space: Partition Manager's <c>EMPTY_n</c>, the free part of <c>external_flash</c>, or a gap.</summary>
    Free,

    /// <summary>Anything else.</summary>
    Other,
}
