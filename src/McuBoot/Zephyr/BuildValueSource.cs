namespace McuBoot.Zephyr;

/// <summary>Where one derived signing value came from: the file and line that decided it, and the rule applied.</summary>
/// <param name="Name">The value, e.g. <c>header_size</c>, <c>slot_size</c>, <c>align</c>.</param>
/// <param name="Value">The value as text (<c>0x200</c>, <c>4</c>, a path).</param>
/// <param name="File">The file that gave it (absolute), or null for a built-in default.</param>
/// <param name="Line">1-based line in <paramref name="File"/>, or 0.</param>
/// <param name="Rule">How the build derives it, e.g. <c>CONFIG_ROM_START_OFFSET (zephyr cmake/mcuboot.cmake)</c>.</param>
public sealed record BuildValueSource(string Name, string Value, string? File, int Line, string Rule)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} {Value}: {Rule}{(File is null ? string.Empty : $" ({File}{(Line > 0 ? ":" + Line : string.Empty)})")}";
}
