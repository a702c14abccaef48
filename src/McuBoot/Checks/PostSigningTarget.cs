namespace McuBoot.Checks;

/// <summary>One signed image a signing run wrote, to be checked against the bootloader by <see cref="PostSigningCheck"/>.</summary>
/// <param name="ImagePath">The signed image (its .hex when one was written, so the address checks run too, else the .bin).</param>
/// <param name="ImageIndex">The image index it was signed for (0 = application).</param>
/// <param name="Align">The write alignment it was signed with, or null for the default.</param>
public sealed record PostSigningTarget(string ImagePath, int ImageIndex, int? Align = null);
