// mcuboot-image-format.md §8 (type by extension) and §8.1 (HEX input flattened from its lowest address,
// gaps 0xff, base = lowest address).
using McuBoot.Diagnostics;

namespace McuBoot.IO;

/// <summary>Reads an input image as imgtool does: Intel HEX (flattened) or raw binary, chosen by extension.</summary>
public static class ImageFileReader
{
    /// <summary>
    /// Reads <paramref name="path"/>. A <c>.hex</c> file (see <see cref="FileFormat.IsHex"/>) is flattened from
    /// its lowest to its highest address with 0xff gap fill and <c>BaseAddress</c> is its lowest address (null
    /// when it holds no data); any other file is read as raw bytes with a null <c>BaseAddress</c>.
    /// The flattened span is checked before anything is allocated: a HEX span above the slot (<paramref name="slotSize"/>)
    /// or any input above <see cref="InputLimits.MaxImageSpan"/> is refused.
    /// </summary>
    /// <param name="path">The input file.</param>
    /// <param name="slotSize">The slot the image is for (null or 0: unknown; the documented cap applies).</param>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InputNotFound"/> (with the absolute path),
    /// <see cref="ErrorCodes.ReadFailed"/>, <see cref="ErrorCodes.InputSpanTooLarge"/>, or a HEX format error from
    /// <see cref="IntelHexReader.Parse(ReadOnlySpan{byte}, string)"/> (a HEX file is parsed as it is read).</exception>
    public static (byte[] Data, uint? BaseAddress) ReadInput(string path, long? slotSize = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!FileFormat.IsHex(full))
        {
            // A raw binary is its own span: refuse one above the cap before reading it (a binary larger than the
            // slot is reported with the overflow by the image builder).
            if (new FileInfo(full) is { Exists: true } info)
            {
                InputLimits.CheckSpan(info.Length, null, $"Input file '{full}' is {info.Length} bytes", full);
            }

            return (ReadAllBytes(full), null);
        }

        var image = WithReadErrors(full, () => IntelHexReader.ParseFile(full)); // streamed: the text is never held whole
        InputLimits.CheckSpan(image.FlatLength, slotSize,
            $"Intel HEX file '{full}' spans 0x{image.MinAddress:X8}..0x{image.MaxAddressExclusive:X8}", full);
        return (image.Flatten(), image.MinAddress);
    }

    /// <summary>File.ReadAllBytes with coded errors (absolute path in the message).</summary>
    internal static byte[] ReadAllBytes(string fullPath) => WithReadErrors(fullPath, () => File.ReadAllBytes(fullPath));

    /// <summary>Runs <paramref name="read"/> (which reads <paramref name="fullPath"/>), turning I/O failures into coded errors.</summary>
    internal static T WithReadErrors<T>(string fullPath, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new McuBootException(ErrorCodes.InputNotFound,
                $"Input file '{fullPath}' does not exist; check the path (relative paths are resolved against '{Environment.CurrentDirectory}').",
                fullPath, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = Directory.Exists(fullPath) ? "it is a directory, not a file"
                : e is UnauthorizedAccessException ? "permission denied"
                : e.Message;
            throw new McuBootException(ErrorCodes.ReadFailed, $"Cannot read input file '{fullPath}': {reason}; pass a readable file.", fullPath, e);
        }
    }
}
