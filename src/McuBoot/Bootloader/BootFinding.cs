namespace McuBoot.Bootloader;

/// <summary>
/// One outcome of a bootutil rule: a rejection (the rule that failed, what to change) or a warning about something
/// bootutil accepts although it is suspicious (mcuboot-acceptance-rules.md §11).
/// </summary>
/// <param name="Code">The diagnostic code (MCUB41xx, or the verify codes MCUB4005-MCUB4009 for the same rules).</param>
/// <param name="IsError">True when bootutil rejects the image for this reason.</param>
/// <param name="Rule">The bootutil function (file:function) the rule mirrors.</param>
/// <param name="Message">One line: what bootutil does, and what to change.</param>
public sealed record BootFinding(string Code, bool IsError, string Rule, string Message)
{
    /// <summary>The MSBuild-style line.</summary>
    public override string ToString() => $"{(IsError ? "error" : "warning")} {Code}: {Message}";
}
