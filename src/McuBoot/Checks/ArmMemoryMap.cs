// The Armv7-M / Armv8-M system address map: Arm "Armv7-M Architecture Reference Manual" (DDI 0403) §B3.1 "The system
// address map" (Table B3-1) and "Armv8-M Architecture Reference Manual" (DDI 0553) §B11 "The system address map"
// (the same default map; TrustZone splits each region into Secure and Non-secure aliases by the SAU/IDAU, inside it).
namespace McuBoot.Checks;

/// <summary>
/// The fixed regions of the Cortex-M (Armv6-M/Armv7-M/Armv8-M) system address map, used to judge whether a word can be
/// an initial stack pointer without knowing the device's RAM.
/// </summary>
public static class ArmMemoryMap
{
    /// <summary>Start of the SRAM region (0x20000000-0x3FFFFFFF): on-chip SRAM, DTCM, secure aliases of SRAM (0x3xxxxxxx).</summary>
    public const uint SramRegionStart = 0x2000_0000;

    /// <summary>Last byte of the SRAM region.</summary>
    public const uint SramRegionLast = 0x3FFF_FFFF;

    /// <summary>Start of the external RAM region (0x60000000-0x9FFFFFFF): SDRAM/PSRAM behind an external memory controller.</summary>
    public const uint ExternalRamRegionStart = 0x6000_0000;

    /// <summary>Last byte of the external RAM region.</summary>
    public const uint ExternalRamRegionLast = 0x9FFF_FFFF;

    /// <summary>
    /// True when <paramref name="stackPointer"/> can be an initial (full-descending) stack pointer in one of the two
    /// architectural RAM regions, or one past its last byte (a stack at the very top of the region).
    /// </summary>
    public static bool IsInRamRegion(uint stackPointer)
        => (stackPointer >= SramRegionStart && stackPointer <= SramRegionLast + 1L)
            || (stackPointer >= ExternalRamRegionStart && stackPointer <= ExternalRamRegionLast + 1L);

    /// <summary>The name of the architectural region holding <paramref name="address"/> (for messages).</summary>
    public static string RegionOf(uint address) => address switch
    {
        < 0x2000_0000 => "the Code region 0x00000000-0x1FFFFFFF (flash, or a tightly-coupled RAM the architecture does not know)",
        < 0x4000_0000 => "the SRAM region 0x20000000-0x3FFFFFFF",
        < 0x6000_0000 => "the Peripheral region 0x40000000-0x5FFFFFFF (device registers, never a stack)",
        < 0xA000_0000 => "the external RAM region 0x60000000-0x9FFFFFFF",
        < 0xE000_0000 => "the Device region 0xA0000000-0xDFFFFFFF (never a stack)",
        _ => "the System region 0xE0000000-0xFFFFFFFF (core registers, never a stack)",
    };
}
