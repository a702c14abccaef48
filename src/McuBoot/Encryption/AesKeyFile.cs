// Spec: mcuboot-image-format.md §6.7 (AES-KW key-encryption keys; MCUboot ships them as base64 text, enc-aes128kw.b64).
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using McuBoot.Diagnostics;

namespace McuBoot.Encryption;

/// <summary>
/// Loads an AES-KW key-encryption key (KEK) for the ENCKW TLV (mcuboot-image-format.md §6.7): a file holding exactly
/// 16 or 32 raw bytes, or base64 text of 16 or 32 bytes (surrounding whitespace allowed), like MCUboot's
/// <c>enc-aes128kw.b64</c>.
/// </summary>
public static class AesKeyFile
{
    private const string AcceptedForms = "expected exactly 16 or 32 raw key bytes, or base64 text of a 16- or 32-byte key (like MCUboot's enc-aes128kw.b64)";

    /// <summary>Reads and parses a KEK file.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidAesKeyFile"/> when the file is missing, unreadable or in neither accepted form.</exception>
    public static byte[] Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        byte[] content;
        try
        {
            content = File.ReadAllBytes(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new McuBootException(
                ErrorCodes.InvalidAesKeyFile,
                $"Cannot read the AES key-encryption key file '{fullPath}': {ex.Message}; check the path ({AcceptedForms}).",
                fullPath,
                ex);
        }

        try
        {
            return Parse(content, fullPath);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    /// <summary>Parses KEK file content: base64 text (if the content is entirely base64) decoding to 16 or 32 bytes, else exactly 16 or 32 raw bytes.</summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="file">The file name, for messages.</param>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidAesKeyFile"/>.</exception>
    public static byte[] Parse(ReadOnlySpan<byte> content, string? file = null)
    {
        // Text that is entirely base64 is read as base64 (a random raw key is all base64 characters with chance ~2^-64);
        // anything else of exactly 16 or 32 bytes is a raw key.
        var text = content.Trim(" \t\r\n"u8);
        if (text.Length is > 0 and <= 128 && Base64.IsValid(text))
        {
            var decoded = new byte[96];
            try
            {
                if (Convert.TryFromBase64String(Encoding.ASCII.GetString(text), decoded, out var written) && written is 16 or 32)
                {
                    return decoded.AsSpan(0, written).ToArray();
                }

                var name64 = file is null ? "The AES key-encryption key" : $"The AES key-encryption key file '{file}'";
                throw new McuBootException(
                    ErrorCodes.InvalidAesKeyFile,
                    $"{name64} is base64 text of a {written}-byte key: {AcceptedForms}.",
                    file);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(decoded);
            }
        }

        if (content.Length is 16 or 32)
        {
            return content.ToArray();
        }

        var name = file is null ? "The AES key-encryption key" : $"The AES key-encryption key file '{file}'";
        throw new McuBootException(
            ErrorCodes.InvalidAesKeyFile,
            $"{name} is not a usable key ({content.Length} bytes): {AcceptedForms}.",
            file);
    }
}
