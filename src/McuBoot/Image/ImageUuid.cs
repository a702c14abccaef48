using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using McuBoot.Diagnostics;

namespace McuBoot.Image;

/// <summary>
/// UUID_VID / UUID_CID values (TLVs 0x74 / 0x75; mcuboot-image-format.md §3.4): 16 bytes in RFC 4122 network order.
/// A value is a UUID string, 32 hex digits, or a name turned into a UUIDv5 (RFC 4122 §4.3, SHA-1).
/// </summary>
public static class ImageUuid
{
    /// <summary>RFC 4122 Appendix C NameSpace_DNS, 6ba7b810-9dad-11d1-80b4-00c04fd430c8.</summary>
    public static ReadOnlySpan<byte> NamespaceDns =>
        [0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8];

    /// <summary>The vendor UUID: a literal UUID, or uuid5(DNS namespace, text).</summary>
    public static byte[] Vendor(string text) => TryLiteral(text) ?? NameBased(NamespaceDns, text);

    /// <summary>
    /// The image-class UUID: a literal UUID, or uuid5(vendor UUID, text). A name needs a vendor; imgtool crashes
    /// without one, we report it.
    /// </summary>
    public static byte[] Class(string text, byte[]? vendor)
    {
        var literal = TryLiteral(text);
        if (literal != null)
        {
            return literal;
        }

        if (vendor == null)
        {
            throw new McuBootException(ErrorCodes.InvalidUuid,
                $"Invalid value for '--cid': '{text}' is a name, and a name-based class UUID needs a vendor UUID namespace; give --vid too, or give --cid as a UUID.")
            { ExitCode = ExitCodes.Usage };
        }

        return NameBased(vendor, text);
    }

    /// <summary>Formats 16 bytes as 8-4-4-4-12 lowercase.</summary>
    public static string Format(ReadOnlySpan<byte> uuid)
    {
        var hex = Convert.ToHexStringLower(uuid);
        return uuid.Length != 16 ? hex : $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private static byte[]? TryLiteral(string text)
    {
        string hex = text;
        if (text.Length == 36 && text[8] == '-' && text[13] == '-' && text[18] == '-' && text[23] == '-')
        {
            hex = text.Replace("-", string.Empty, StringComparison.Ordinal);
        }

        if (hex.Length != 32)
        {
            return null;
        }

        foreach (char c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return null;
            }
        }

        var bytes = new byte[16];
        for (int i = 0; i < 16; i++)
        {
            bytes[i] = byte.Parse(hex.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return bytes;
    }

    private static byte[] NameBased(ReadOnlySpan<byte> ns, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.CopyTo(input);
        nameBytes.CopyTo(input, 16);
#pragma warning disable CA5350 // RFC 4122 UUIDv5 is defined with SHA-1; it is an identifier, not a security use.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        var uuid = hash.AsSpan(0, 16).ToArray();
        uuid[6] = (byte)((uuid[6] & 0x0f) | 0x50);
        uuid[8] = (byte)((uuid[8] & 0x3f) | 0x80);
        return uuid;
    }
}
