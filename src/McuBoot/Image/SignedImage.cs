using McuBoot.Diagnostics;

namespace McuBoot.Image;

/// <summary>
/// The result of <see cref="ImageBuilder.Build"/>: the image as four pieces (header area, body, protected TLV area,
/// unprotected TLV area) so large bodies are never copied (the body is the input itself unless it was encrypted or
/// compressed), plus what the writer needs for the trailer.
/// </summary>
public sealed class SignedImage
{
    internal SignedImage(ImageHeader header, byte[] headerArea, ReadOnlyMemory<byte> body, byte[] protectedArea, byte[] unprotectedArea)
    {
        Header = header;
        HeaderArea = headerArea;
        Body = body;
        ProtectedArea = protectedArea;
        UnprotectedArea = unprotectedArea;
    }

    public ImageHeader Header { get; }

    /// <summary>The header and its padding; length <c>hdr_size</c>.</summary>
    public byte[] HeaderArea { get; }

    /// <summary>The body (ciphertext when encrypted, the LZMA2 stream when compressed); length <c>img_size</c>.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The protected TLV area (empty when there are no protected TLVs).</summary>
    public byte[] ProtectedArea { get; }

    /// <summary>The unprotected TLV area.</summary>
    public byte[] UnprotectedArea { get; }

    public required ByteOrder ByteOrder { get; init; }

    public required ImageHashAlgorithm HashAlgorithm { get; init; }

    /// <summary>The hash TLV value (digest of the plaintext region).</summary>
    public required byte[] Hash { get; init; }

    /// <summary>The signature TLV value, or null when unsigned.</summary>
    public byte[]? Signature { get; init; }

    /// <summary>The signature TLV type, or 0 when unsigned.</summary>
    public ushort SignatureTlvType { get; init; }

    /// <summary>Hash of the public key with the image hash algorithm (the KEYHASH value), or null when unsigned.</summary>
    public byte[]? KeyHash { get; init; }

    /// <summary>Address of the first header byte for HEX output (from HEX input, adjusted for --pad-header), if known.</summary>
    public uint? BaseAddress { get; init; }

    public required ImageTrailer Trailer { get; init; }

    public required long SlotSize { get; init; }

    public bool WritesTrailer { get; init; }

    public bool Confirm { get; init; }

    /// <summary>Whether HEX output carries the image_ok block (<c>--test</c> or <c>--confirm</c>, not overwrite-only).</summary>
    public bool WritesImageOk { get; init; }

    public byte ErasedValue { get; init; } = 0xff;

    /// <summary>With <c>--vector-to-sign</c>: the exported payload or digest (the image is then not meant to be written).</summary>
    public byte[]? Vector { get; init; }

    public VectorToSign VectorToSign { get; init; }

    /// <summary>Body size before compression (<c>DECOMP_SIZE</c>) when the image is compressed.</summary>
    public long? UncompressedSize { get; init; }

    public IReadOnlyList<McuBootWarning> Warnings { get; init; } = [];

    /// <summary>Length of the image without trailer: header + body + TLV areas.</summary>
    public long Length => HeaderArea.LongLength + Body.Length + ProtectedArea.Length + UnprotectedArea.Length;

    /// <summary>The whole image (without trailer) as one array.</summary>
    public byte[] ToArray()
    {
        var result = new byte[Length];
        int at = 0;
        foreach (var piece in Pieces)
        {
            piece.Span.CopyTo(result.AsSpan(at));
            at += piece.Length;
        }

        return result;
    }

    /// <summary>The image's pieces in file order (header area, body, protected TLVs, unprotected TLVs).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Pieces => [HeaderArea, Body, ProtectedArea, UnprotectedArea];
}
