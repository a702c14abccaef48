namespace McuBoot.Diagnostics;

/// <summary>A coded warning the core reports without failing; adapters print it as <c>warning MCUBnnnn: message</c>.</summary>
public sealed record McuBootWarning(string Code, string Message, string? File = null, int Line = 0)
{
    public override string ToString() => $"warning {Code}: {Message}";
}
