// verify = bootutil_img_validate for the given bootloader (mcuboot-acceptance-rules.md §4), on the plaintext when the
// decryption key is given (bootutil_img_hash hashes the decrypted body, §9.1), and again on the decompressed image of a
// compressed one (the vendor decompression path validates the image it produces).
using McuBoot.Compression;
using McuBoot.Diagnostics;
using McuBoot.Encryption;
using McuBoot.Image;

namespace McuBoot.Bootloader;

/// <summary>The core of <c>verify</c>: "is this image correctly signed for this bootloader".</summary>
public static class BootloaderVerifier
{
    /// <summary>
    /// Validates <paramref name="image"/> as <c>bootutil_img_validate</c> of a bootloader configured as
    /// <paramref name="config"/>; throws the rule that rejects it.
    /// </summary>
    /// <exception cref="McuBootException">The bootloader rejects the image (the code names the rule), or decryption/decompression fails.</exception>
    public static BootVerification Verify(byte[] image, BootloaderConfig config, string name = "image", ImageDecryptor? decryptor = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(config);
        var order = OrderOf(image);
        var options = new BootValidationOptions { Name = name, BigEndian = order == ByteOrder.BigEndian };
        var result = BootImageValidator.ValidateImage(image, config, options);
        byte[] effective = image;
        bool encrypted = image.Length >= ImageHeader.Size
            && (ImageHeader.Read(image, order, out _).Flags & (ImageFlags.EncryptedAes128 | ImageFlags.EncryptedAes256)) != 0;
        bool hashOrPureFailed = result.Rejection?.Code == ErrorCodes.HashMismatch || (config.Pure && result.Rejection?.Code == ErrorCodes.SignatureInvalid);
        if (hashOrPureFailed && encrypted && decryptor is not null)
        {
            // The as-is hash failed, so the body is ciphertext (not a --clear image): hash the plaintext as the bootloader does.
            effective = decryptor.DecryptBody(ImageReader.Read(image, name), image, name);
            result = BootImageValidator.ValidateImage(effective, config, options);
        }
        else if (result.Rejection?.Code == ErrorCodes.HashMismatch && encrypted)
        {
            throw new McuBootException(ErrorCodes.HashMismatch,
                result.Rejection!.Message + " The image is encrypted: give the decryption key with --decrypt-key so the plaintext can be hashed." + BootValidation.AssumedSuffix(config), name)
            { ExitCode = ExitCodes.Failure };
        }

        result.ThrowIfRejected(name);
        if (result.Warnings.FirstOrDefault(w => w.Code == ErrorCodes.BootHashNotCheckedPure) is { } wrongHash)
        {
            // Stricter than a pure bootloader (which skips hash TLVs): the image's own hash TLV is its identity for
            // mcumgr/SMP image management and DFU tools, so a wrong one is a corrupt image.
            throw new McuBootException(ErrorCodes.HashMismatch, $"Image has an invalid hash: {wrongHash.Message}", name) { ExitCode = ExitCodes.Failure };
        }

        if (result.TlvEnd is long end && end > image.Length)
        {
            // Stricter than bootutil, which reads on into whatever flash follows: a file cut inside its TLV area is truncated.
            throw new McuBootException(ErrorCodes.TruncatedImage,
                $"{name} is truncated: its TLV area ends at 0x{end:x} but the file ends at 0x{image.Length:x}; copy the whole signed image.", name)
            { ExitCode = ExitCodes.Failure };
        }

        BootValidation? inner = null;
        if ((result.Header!.Value.Flags & ImageFlags.CompressedLzma2) != 0 && ImageReader.Read(effective, name) is var parsed && ImageDecompressor.IsCompressed(parsed))
        {
            var decompressed = ImageDecompressor.Decompress(parsed, effective, name);
            string innerName = name + " (decompressed)";
            inner = BootImageValidator.ValidateImage(decompressed, config with { PrimarySlotSize = null, SecondarySlotSize = null }, new BootValidationOptions { Name = innerName });
            inner.ThrowIfRejected(name);
        }

        return new BootVerification(result, inner);
    }

    /// <summary>Big-endian for an image whose magic reads correctly only big-endian (signed with <c>-e big</c>), else little-endian.</summary>
    public static ByteOrder OrderOf(ReadOnlySpan<byte> image)
        => image.Length >= 4 && ByteOrder.LittleEndian.ReadUInt32(image) != ImageHeader.Magic && ByteOrder.BigEndian.ReadUInt32(image) == ImageHeader.Magic
            ? ByteOrder.BigEndian
            : ByteOrder.LittleEndian;
}
