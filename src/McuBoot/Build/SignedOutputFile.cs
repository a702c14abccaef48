namespace McuBoot.Build;

/// <summary>A file a <see cref="SigningJob"/> wrote and verified.</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="Kind">What the file is.</param>
/// <param name="ImageIndex">The image it belongs to, or null for the manifests.</param>
/// <param name="Size">File size in bytes.</param>
/// <param name="Sha256">SHA-256 of the whole file, lower-case hex (what an mcumgr upload's <c>sha</c> is).</param>
/// <param name="ImageHash">
/// The image's hash TLV, lower-case hex: what <c>mcumgr image list</c> shows once the file is on the device; null for
/// the manifests.
/// </param>
/// <param name="Address">Start address of a HEX file's image, or null.</param>
public sealed record SignedOutputFile(string Path, SignedOutputKind Kind, int? ImageIndex, long Size, string Sha256, string? ImageHash = null, uint? Address = null);
