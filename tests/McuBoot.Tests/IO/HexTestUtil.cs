using System.Globalization;
using System.Text;

namespace McuBoot.Tests.IO;

/// <summary>Builds Intel HEX lines for tests (checksum = two's complement of the byte sum, Intel HEX spec).</summary>
internal static class HexTestUtil
{
    public static string Record(byte type, ushort address, params byte[] data)
    {
        var bytes = new List<byte> { (byte)data.Length, (byte)(address >> 8), (byte)address, type };
        bytes.AddRange(data);
        var sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }

        bytes.Add((byte)(0x100 - (sum & 0xFF)));
        var sb = new StringBuilder(":");
        foreach (var b in bytes)
        {
            sb.Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    public static string Data(ushort address, params byte[] data) => Record(0x00, address, data);

    public static string Linear(ushort upper) => Record(0x04, 0, (byte)(upper >> 8), (byte)upper);

    public const string Eof = ":00000001FF";

    public static byte[] Lines(params string[] lines) => Encoding.ASCII.GetBytes(string.Join("\n", lines) + "\n");

    /// <summary>Parses written HEX text into (type, address, count) per record, for layout assertions.</summary>
    public static List<(byte Type, ushort Address, int Count)> Layout(byte[] hexText)
    {
        var result = new List<(byte, ushort, int)>();
        foreach (var line in Encoding.ASCII.GetString(hexText).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var count = Convert.ToByte(line.Substring(1, 2), 16);
            var address = Convert.ToUInt16(line.Substring(3, 4), 16);
            var type = Convert.ToByte(line.Substring(7, 2), 16);
            result.Add((type, address, count));
        }

        return result;
    }
}
