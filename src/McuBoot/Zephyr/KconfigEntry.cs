namespace McuBoot.Zephyr;

/// <summary>One <c>CONFIG_X=value</c> line of a Kconfig <c>.config</c> file.</summary>
/// <param name="Name">The symbol with its prefix (<c>CONFIG_ROM_START_OFFSET</c>, <c>SB_CONFIG_BOOTLOADER_MCUBOOT</c>).</param>
/// <param name="RawValue">The value as written (<c>y</c>, <c>0x200</c>, <c>"quoted"</c>).</param>
/// <param name="Line">1-based line in the file.</param>
public sealed record KconfigEntry(string Name, string RawValue, int Line);
