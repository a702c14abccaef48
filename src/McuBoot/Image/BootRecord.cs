using System.Text;
using McuBoot.Diagnostics;

namespace McuBoot.Image;

/// <summary>
/// The BOOT_RECORD TLV (0x60): a CBOR map (RFC 8949, definite length, shortest form) of the PSA attestation
/// software-component claims, in imgtool's key order 1, 4, 5, 6, 2 (mcuboot-image-format.md §3.5). The measurement
/// value (key 2) must stay last: the bootloader overwrites the record's final hash-size bytes with the image hash.
/// </summary>
public static class BootRecord
{
    /// <summary>Maximum length of the software type string.</summary>
    public const int MaxSoftwareTypeLength = 12;

    /// <summary>Encodes the record.</summary>
    public static byte[] Encode(string softwareType, ImageVersion version, ReadOnlySpan<byte> signerId, ImageHashAlgorithm algorithm)
    {
        Validate(softwareType);
        var buffer = new List<byte>(128) { 0xa5 };
        buffer.Add(0x01);
        WriteText(buffer, softwareType);
        buffer.Add(0x04);
        WriteText(buffer, version.ToShortString());
        buffer.Add(0x05);
        WriteBytes(buffer, signerId);
        buffer.Add(0x06);
        WriteText(buffer, algorithm.TlvName());
        buffer.Add(0x02);
        WriteBytes(buffer, new byte[algorithm.DigestLength()]);
        return buffer.ToArray();
    }

    /// <summary>Checks the software type (at most 12 characters).</summary>
    public static void Validate(string softwareType)
    {
        if (softwareType.Length > MaxSoftwareTypeLength)
        {
            throw new McuBootException(ErrorCodes.InvalidBootRecord,
                $"Invalid value for '--boot-record': '{softwareType}' is too long ({softwareType.Length} characters) for sw_type; its maximum allowed length is {MaxSoftwareTypeLength} characters.")
            { ExitCode = ExitCodes.Usage };
        }
    }

    private static void WriteText(List<byte> buffer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        WriteHead(buffer, 3, (ulong)bytes.Length);
        buffer.AddRange(bytes);
    }

    private static void WriteBytes(List<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        WriteHead(buffer, 2, (ulong)bytes.Length);
        foreach (var b in bytes)
        {
            buffer.Add(b);
        }
    }

    private static void WriteHead(List<byte> buffer, int majorType, ulong length)
    {
        byte major = (byte)(majorType << 5);
        if (length < 24)
        {
            buffer.Add((byte)(major | (byte)length));
        }
        else if (length <= byte.MaxValue)
        {
            buffer.Add((byte)(major | 24));
            buffer.Add((byte)length);
        }
        else
        {
            buffer.Add((byte)(major | 25));
            buffer.Add((byte)(length >> 8));
            buffer.Add((byte)length);
        }
    }
}
