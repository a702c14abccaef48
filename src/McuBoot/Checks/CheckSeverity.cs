namespace McuBoot.Checks;

/// <summary>How bad a check finding is.</summary>
public enum CheckSeverity
{
    /// <summary>The bootloader would mishandle the image, or a risk the user should know about; the check still passes.</summary>
    Warning,

    /// <summary>The bootloader would reject the image (or not boot it); the check fails.</summary>
    Error,
}
