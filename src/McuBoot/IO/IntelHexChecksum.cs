namespace McuBoot.IO;

/// <summary>The Intel HEX record checksum: the two's complement of the low byte of the sum of the record's bytes.</summary>
internal static class IntelHexChecksum
{
    /// <summary>Sum of <paramref name="bytes"/> (the caller keeps the low byte).</summary>
    public static int Sum(ReadOnlySpan<byte> bytes)
    {
        int sum = 0;
        foreach (byte b in bytes)
        {
            sum += b;
        }

        return sum;
    }
}
