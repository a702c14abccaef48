using System.Globalization;
using System.Text;
using McuBoot.Diagnostics;

namespace McuBoot.Image;

/// <summary>
/// Custom (vendor) TLVs, always protected (mcuboot-image-format.md §3.4): <c>--custom-tlv TAG VALUE</c> and
/// <c>--custom-tlv-file TAG PATH</c>.
/// </summary>
public static class CustomTlv
{
    /// <summary>
    /// imgtool's value rule: text starting with lowercase <c>0x</c> is hex bytes (an even number of digits), anything
    /// else its UTF-8 bytes.
    /// </summary>
    public static byte[] ParseValue(string text)
    {
        if (!text.StartsWith("0x", StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetBytes(text);
        }

        var hex = text.AsSpan(2);
        if (hex.Length % 2 != 0)
        {
            throw Error($"Custom TLV value '{text}' has an odd number of hex digits; write whole bytes, e.g. 0x0a0b.");
        }

        var bytes = new byte[hex.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            if (!byte.TryParse(hex.Slice(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                throw Error($"Custom TLV value '{text}' is not valid hex; write 0x followed by hex digits, or plain text without a 0x prefix.");
            }
        }

        return bytes;
    }

    /// <summary>
    /// Checks a set of custom TLV tags: not a predefined type, in 0x00a0..0xfffe, not repeated. Tags outside the
    /// vendor sub-ranges xxA0..xxFF that <c>image.h</c> reserves are accepted, as imgtool does, but reported by
    /// <see cref="IsInVendorRange"/> so adapters can warn.
    /// </summary>
    public static void Validate(IEnumerable<Tlv> customTlvs)
    {
        var seen = new HashSet<ushort>();
        foreach (var tlv in customTlvs)
        {
            if (TlvType.IsPredefined(tlv.Type))
            {
                throw Error($"Custom TLV 0x{tlv.Type:x2} conflicts with the predefined TLV {TlvType.NameOf(tlv.Type)}; pick a vendor tag in 0xXXa0..0xXXff.");
            }

            if (tlv.Type is < TlvType.CustomMin or > TlvType.CustomMax)
            {
                throw Error($"Invalid custom TLV type value '0x{tlv.Type:x4}'; allowed values are between 0x00a0 and 0xfffe.");
            }

            if (!seen.Add(tlv.Type))
            {
                throw Error($"Custom TLV 0x{tlv.Type:x2} is given twice; each tag may appear once.");
            }

            if (tlv.Value.Length > ushort.MaxValue)
            {
                throw Error($"Custom TLV 0x{tlv.Type:x2} is {tlv.Value.Length} bytes; a TLV value is at most 65535 bytes.");
            }
        }
    }

    /// <summary>Whether a tag lies in one of the vendor sub-ranges 0xXXa0..0xXXff that <c>image.h</c> reserves.</summary>
    public static bool IsInVendorRange(ushort tag) => (tag & 0xff) >= 0xa0;

    private static McuBootException Error(string message)
        => new(ErrorCodes.InvalidCustomTlv, message) { ExitCode = ExitCodes.Usage };
}
