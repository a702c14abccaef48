namespace McuBoot.Layouts;

/// <summary>How serious a <see cref="LayoutDiagnostic"/> is.</summary>
public enum LayoutSeverity
{
    /// <summary>Suspicious but usable (the signer follows the NCS rule and carries on).</summary>
    Warning,

    /// <summary>The layout (or the geometry of an image) cannot be used.</summary>
    Error,
}
