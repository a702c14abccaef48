using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;

namespace McuBoot.Compression;

/// <summary>
/// Rebuilds the uncompressed image a compressed image stands for (mcuboot-image-format.md §7): the LZMA2 body
/// decompressed, the header with the uncompressed size and without the compression flags, the protected TLVs without
/// the DECOMP_* / COMP_DEC_SIZE entries, the hash TLV set to DECOMP_SHA and the signature to DECOMP_SIGNATURE. The
/// result is what the bootloader validates after decompressing, so it verifies like any image.
/// </summary>
public static class ImageDecompressor
{
    /// <summary>Whether the image's flags say its body is LZMA2-compressed.</summary>
    public static bool IsCompressed(ParsedImage image) => (image.Header.Flags & ImageFlags.CompressedLzma2) != 0;

    /// <summary>
    /// Decompresses <paramref name="image"/> (plaintext: decrypt first if it is encrypted). Returns the uncompressed image.
    /// The declared DECOMP_SIZE is checked against <paramref name="slotSize"/> (or <see cref="InputLimits.MaxImageSpan"/>)
    /// before anything is inflated (<see cref="ErrorCodes.DecompressedSizeTooLarge"/>).
    /// </summary>
    public static byte[] Decompress(ParsedImage parsed, ReadOnlySpan<byte> image, string name, long? slotSize = null)
    {
        if (!IsCompressed(parsed))
        {
            throw new McuBootException(ErrorCodes.NotCompressed, $"{name} is not compressed (no COMPRESSED_LZMA2 flag); there is nothing to decompress.", name) { ExitCode = ExitCodes.Failure };
        }

        var order = parsed.ByteOrder;
        var header = parsed.Header;
        var decompSize = Required(parsed, TlvType.DecompSize, name);
        var decompSha = Required(parsed, TlvType.DecompSha, name);
        if (decompSize.Value.Length != 4)
        {
            throw Invalid($"{name}: DECOMP_SIZE is {decompSize.Value.Length} bytes, expected 4.", name);
        }

        uint size = order.ReadUInt32(decompSize.Value);
        if (size + (long)header.HeaderSize > InputLimits.SpanLimit(slotSize))
        {
            throw new McuBootException(ErrorCodes.DecompressedSizeTooLarge,
                $"{name}: DECOMP_SIZE declares a {size}-byte (0x{size:x}) decompressed body, more than {InputLimits.Describe(slotSize)}; nothing was inflated: the image is corrupt or not for this device.",
                name) { ExitCode = ExitCodes.Failure };
        }

        int compressedLength = (int)header.ImageSize;
        if (parsed.Find(TlvType.CompDecSize) is { } compDec)
        {
            uint declared = compDec.Value.Length == 4 ? order.ReadUInt32(compDec.Value) : uint.MaxValue;
            if (declared > header.ImageSize)
            {
                throw Invalid($"{name}: COMP_DEC_SIZE ({declared}) is larger than the body ({header.ImageSize}).", name);
            }

            compressedLength = (int)declared;
        }

        bool armThumb = (header.Flags & ImageFlags.CompressedArmThumb) != 0;
        var body = Lzma2.Decompress(image.Slice(header.HeaderSize, compressedLength), armThumb, (int)Math.Min(size, int.MaxValue));
        if (body.Length != size)
        {
            throw Invalid($"{name}: the body decompresses to {body.Length} bytes but DECOMP_SIZE says {size}.", name);
        }

        var protectedTlvs = parsed.ProtectedTlvs
            .Where(t => t.Type is not (TlvType.DecompSize or TlvType.DecompSha or TlvType.DecompSignature or TlvType.CompDecSize))
            .Select(t => new Tlv(t.Type, t.Value))
            .ToList();
        byte[] protectedArea = protectedTlvs.Count == 0 ? [] : TlvArea.Encode(TlvType.ProtectedInfoMagic, protectedTlvs, order);

        var hashType = parsed.UnprotectedTlvs.FirstOrDefault(t => TlvType.HashOf(t.Type) != null)?.Type ?? TlvType.Sha256;
        var decompSignature = parsed.Find(TlvType.DecompSignature);
        var unprotected = new List<Tlv>();
        foreach (var tlv in parsed.UnprotectedTlvs)
        {
            if (TlvType.HashOf(tlv.Type) != null)
            {
                unprotected.Add(new Tlv(hashType, decompSha.Value));
            }
            else if (tlv.Type is >= TlvType.Rsa2048 and <= TlvType.Ed25519)
            {
                if (decompSignature != null)
                {
                    unprotected.Add(new Tlv(tlv.Type, decompSignature.Value));
                }
            }
            else if (tlv.Type is TlvType.KeyHash or TlvType.PublicKey or TlvType.SigPure)
            {
                unprotected.Add(new Tlv(tlv.Type, tlv.Value));
            }
        }

        byte[] unprotectedArea = TlvArea.Encode(TlvType.InfoMagic, unprotected, order);
        var newHeader = header with
        {
            ImageSize = size,
            ProtectedTlvSize = (ushort)protectedArea.Length,
            Flags = header.Flags & ~(ImageFlags.CompressedLzma2 | ImageFlags.CompressedArmThumb),
        };

        var result = new byte[header.HeaderSize + body.Length + protectedArea.Length + unprotectedArea.Length];
        image[..header.HeaderSize].CopyTo(result);
        newHeader.WriteTo(result, order);
        body.CopyTo(result, header.HeaderSize);
        protectedArea.CopyTo(result, header.HeaderSize + body.Length);
        unprotectedArea.CopyTo(result, header.HeaderSize + body.Length + protectedArea.Length);
        return result;
    }

    private static ParsedTlv Required(ParsedImage parsed, ushort type, string name)
        => parsed.ProtectedTlvs.FirstOrDefault(t => t.Type == type)
           ?? throw Invalid($"{name} is compressed but has no protected {TlvType.NameOf(type)} TLV; the bootloader cannot validate the decompressed image.", name);

    private static McuBootException Invalid(string message, string name)
        => new(ErrorCodes.DecompressedImageInvalid, message, name) { ExitCode = ExitCodes.Failure };
}
