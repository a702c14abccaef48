// mcuboot-image-format.md §8: the file type is chosen purely by extension, `.hex` (case-insensitive) is
// Intel HEX, anything else raw binary; applied to inputs and outputs independently.
namespace McuBoot.IO;

/// <summary>Decides between Intel HEX and raw binary the way imgtool does: by file-name extension only.</summary>
public static class FileFormat
{
    /// <summary>
    /// True when <paramref name="path"/>'s extension is <c>.hex</c> in any letter case. As Python's
    /// <c>os.path.splitext</c>, leading dots of the file name do not start an extension (".hex" alone is not HEX).
    /// </summary>
    public static bool IsHex(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path.AsSpan()).TrimStart('.');
        var dot = name.LastIndexOf('.');
        return dot >= 0 && name[(dot + 1)..].Equals("hex", StringComparison.OrdinalIgnoreCase);
    }
}
