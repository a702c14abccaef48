using McuBoot.Diagnostics;
using McuBoot.IO;

namespace McuBoot.Image;

/// <summary>
/// Writes a <see cref="SignedImage"/> as binary or Intel HEX (by the output name's extension), with the trailer
/// when padding was asked for (mcuboot-image-format.md §5.2, §8.2). Output goes to a temporary file that is renamed
/// into place, so a failure never leaves a half-written image.
/// </summary>
public static class ImageFileWriter
{
    private const int FillChunk = 64 * 1024;

    /// <summary>Writes the image to <paramref name="path"/>; <paramref name="hexAddress"/> (<c>-x</c>) overrides the HEX base.</summary>
    public static void Write(SignedImage image, string path, uint? hexAddress = null)
    {
        if (FileFormat.IsHex(path))
        {
            uint address = hexAddress ?? image.BaseAddress ?? throw new McuBootException(ErrorCodes.NoHexAddress,
                $"No address exists in the input file and none was given for {Path.GetFullPath(path)}; pass -x/--hex-addr with the slot address (e.g. 0xc000), or write a .bin.",
                path) { ExitCode = ExitCodes.Usage };
            AtomicFile.Write(path, stream => IntelHexWriter.Write(stream, HexSegments(image, address)));
        }
        else
        {
            AtomicFile.Write(path, stream => WriteBinary(image, stream));
        }
    }

    /// <summary>Writes raw bytes (a --vector-to-sign export) to a binary or HEX file.</summary>
    public static void WriteVector(byte[] vector, string path, uint? address)
    {
        if (FileFormat.IsHex(path))
        {
            uint a = address ?? throw new McuBootException(ErrorCodes.NoHexAddress,
                $"No address is known for the HEX output {Path.GetFullPath(path)}; pass -x/--hex-addr or write a .bin.", path) { ExitCode = ExitCodes.Usage };
            AtomicFile.Write(path, stream => IntelHexWriter.Write(stream, [(a, (ReadOnlyMemory<byte>)vector)]));
        }
        else
        {
            AtomicFile.WriteAllBytes(path, vector);
        }
    }

    /// <summary>The padded slot length: the slot size, or image + trailer when the slot size is 0.</summary>
    public static long PaddedLength(SignedImage image)
        => image.SlotSize != 0 ? image.SlotSize : image.Length + image.Trailer.Size;

    /// <summary>Streams the binary form: image, then (with --pad) erased filler, image_ok and magic.</summary>
    public static void WriteBinary(SignedImage image, Stream stream)
    {
        foreach (var piece in image.Pieces)
        {
            stream.Write(piece.Span);
        }

        if (!image.WritesTrailer)
        {
            return;
        }

        long slot = PaddedLength(image);
        long imageOk = image.Trailer.ImageOkOffset(slot);
        long magicOffset = slot - 16;
        long position = image.Length;
        var fill = new byte[FillChunk];
        fill.AsSpan().Fill(image.ErasedValue);
        while (position < magicOffset)
        {
            int n = (int)Math.Min(FillChunk, magicOffset - position);
            if (image.Confirm && imageOk >= position && imageOk < position + n)
            {
                var chunk = fill.AsSpan(0, n).ToArray();
                chunk[imageOk - position] = 0x01;
                stream.Write(chunk);
            }
            else
            {
                stream.Write(fill, 0, n);
            }

            position += n;
        }

        stream.Write(image.Trailer.MagicBytes(image.ByteOrder));
    }

    /// <summary>
    /// The HEX segments: the image at the base address (its pieces, not copied into one), then (with --pad)
    /// only the trailer bytes imgtool writes.
    /// </summary>
    public static IEnumerable<(uint Address, ReadOnlyMemory<byte> Data)> HexSegments(SignedImage image, uint address)
    {
        if ((ulong)address + (ulong)image.Length > uint.MaxValue)
        {
            throw new ArgumentException($"{image.Length} bytes at 0x{address:X8} reach past address 0xFFFFFFFE.", nameof(address));
        }

        var segments = new List<(uint, ReadOnlyMemory<byte>)>();
        uint at = address;
        foreach (var piece in image.Pieces)
        {
            segments.Add((at, piece));
            at += (uint)piece.Length;
        }

        if (image.WritesTrailer)
        {
            long slot = PaddedLength(image);
            var trailer = image.Trailer;
            if (image.WritesImageOk)
            {
                var block = new byte[trailer.EffectiveMaxAlign];
                block.AsSpan().Fill(image.ErasedValue);
                if (image.Confirm)
                {
                    block[0] = 0x01;
                }

                segments.Add((checked(address + (uint)trailer.ImageOkOffset(slot)), block));
            }

            segments.Add((checked(address + (uint)(slot - 16)), trailer.MagicBytes(image.ByteOrder)));
        }

        return segments;
    }
}
