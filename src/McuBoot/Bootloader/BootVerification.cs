namespace McuBoot.Bootloader;

/// <summary>What <see cref="BootloaderVerifier.Verify"/> established: the bootloader's acceptance of the image and, for a
/// compressed image, of the image it decompresses to.</summary>
/// <param name="Validation">The decision on the image as stored (decrypted first when a decryption key was given).</param>
/// <param name="Decompressed">For a compressed image: the decision on the decompressed image; null otherwise.</param>
public sealed record BootVerification(BootValidation Validation, BootValidation? Decompressed)
{
    /// <summary>Every warning of both decisions, in order.</summary>
    public IEnumerable<BootFinding> Warnings => Validation.Warnings.Concat(Decompressed?.Warnings ?? []);
}
