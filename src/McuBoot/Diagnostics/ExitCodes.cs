namespace McuBoot.Diagnostics;

/// <summary>Named process exit codes (imgtool uses 2 for usage errors and 1 for failures).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>An operation failed: a verification failure, a corrupt image, an I/O error.</summary>
    public const int Failure = 1;
    /// <summary>The command line or an input value was invalid (as imgtool/click).</summary>
    public const int Usage = 2;
    /// <summary>A key could not be loaded (missing, wrong type, wrong password).</summary>
    public const int KeyError = 3;
    /// <summary>The image does not fit its slot.</summary>
    public const int TooLarge = 4;
    /// <summary>Verification or check found the image would be rejected.</summary>
    public const int Rejected = 5;
}
