// mcuboot-image-format.md §10.2 step 6 (hash and signature as the bootloader checks them), §5.1 (trailer magic and
// image_ok), §8.2 (HEX output at the slot address).
using McuBoot.Bootloader;
using McuBoot.Diagnostics;
using McuBoot.Encryption;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Signing;

namespace McuBoot.Build;

/// <summary>
/// Reads a written output back and checks it is the image that was built: a plaintext image is verified fully (hash,
/// key hash, signature); an encrypted one structurally, plus its signature over the hash TLV (the body cannot be
/// hashed without the bootloader's private key); HEX files start at the intended address; padded variants carry the
/// trailer magic and, when confirmed, image_ok.
/// </summary>
internal static class OutputVerifier
{
    public static void Verify(byte[] file, string path, SignedOutputKind kind, SignedImage expected, uint? hexAddress, ISignatureVerifier? verifier)
    {
        byte[] bytes = file;
        if (FileFormat.IsHex(path))
        {
            var memory = IntelHexReader.Parse(file, path);
            if (memory.MinAddress != hexAddress)
            {
                throw new McuBootException(ErrorCodes.OutputVerificationFailed,
                    $"{path} starts at 0x{memory.MinAddress ?? 0:x}, expected 0x{hexAddress ?? 0:x}.", path);
            }

            bytes = memory.Flatten(expected.ErasedValue);
        }

        var parsed = ImageReader.Read(bytes, path);
        bool ciphertext = ImageDecryptor.IsEncrypted(parsed) &&
            !expected.HashAlgorithm.Hash(bytes.AsSpan(0, (int)parsed.HashedRegionEnd)).AsSpan().SequenceEqual(expected.Hash);
        if (ciphertext)
        {
            VerifyEncrypted(parsed, path, expected, verifier);
        }
        else
        {
            var result = ImageVerifier.Verify(bytes, verifier, path);
            if (!result.Digest.AsSpan().SequenceEqual(expected.Hash))
            {
                throw new McuBootException(ErrorCodes.OutputVerificationFailed, $"{path} holds another image than the one built (hash differs).", path);
            }

            if (verifier is null && expected.KeyHash is not null && (result.KeyTlvValue is null || !result.KeyTlvValue.AsSpan().SequenceEqual(expected.KeyHash)))
            {
                throw new McuBootException(ErrorCodes.OutputVerificationFailed, $"{path} lacks the signing key's hash TLV.", path);
            }

            // The image as a bootloader with the signing key and the image's hash decides on it (bootutil_img_validate):
            // this also catches what the bootloader rejects although the hash and signature are right (TLV allow-list).
            var keys = verifier is null ? (IReadOnlyList<BootloaderKey>)[] : [new BootloaderKey(verifier.KeyType, verifier.GetPublicKeyBytes(), "the signing key")];
            var config = BootloaderConfigResolver.Resolve(new BootloaderOptions { Keys = keys, HashAlgorithm = expected.HashAlgorithm, Pure = result.Pure ? true : null }, bytes);
            BootImageValidator.ValidateImage(bytes, config, new BootValidationOptions { Name = path, BigEndian = parsed.ByteOrder == ByteOrder.BigEndian }).ThrowIfRejected(path);
        }

        if (kind is SignedOutputKind.ConfirmedBinary or SignedOutputKind.ConfirmedHex or SignedOutputKind.MovedHex)
        {
            var trailer = parsed.Trailer;
            if (trailer is null || !trailer.MagicValid)
            {
                throw new McuBootException(ErrorCodes.OutputVerificationFailed, $"{path} has no valid trailer magic at the end of its slot.", path);
            }

            bool confirmed = kind != SignedOutputKind.MovedHex;
            if (confirmed && trailer.ImageOk != 0x01)
            {
                throw new McuBootException(ErrorCodes.OutputVerificationFailed, $"{path} is not marked confirmed (image_ok = 0x{trailer.ImageOk:x2}).", path);
            }
        }
    }

    private static void VerifyEncrypted(ParsedImage parsed, string path, SignedImage expected, ISignatureVerifier? verifier)
    {
        var hashTlv = parsed.UnprotectedTlvs.FirstOrDefault(t => TlvType.HashOf(t.Type) == expected.HashAlgorithm)
            ?? throw new McuBootException(ErrorCodes.NoHashTlv, $"{path} has no {expected.HashAlgorithm.TlvName()} TLV.", path);
        if (!hashTlv.Value.AsSpan().SequenceEqual(expected.Hash))
        {
            throw new McuBootException(ErrorCodes.OutputVerificationFailed, $"{path} holds another image than the one built (hash TLV differs).", path);
        }

        if (verifier is null || expected.Signature is null)
        {
            return;
        }

        var signatureType = SignatureAlgorithms.SignatureTlvType(verifier.KeyType);
        var signature = parsed.UnprotectedTlvs.FirstOrDefault(t => t.Type == signatureType);
        bool pure = parsed.UnprotectedTlvs.Any(t => t.Type == TlvType.SigPure);
        if (signature is null || (!pure && !verifier.VerifyDigest(hashTlv.Value, expected.HashAlgorithm, signature.Value)))
        {
            throw new McuBootException(ErrorCodes.SignatureInvalid, $"The signature of {path} does not verify with the signing key.", path);
        }
    }
}
