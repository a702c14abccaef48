namespace McuBoot.Diagnostics;

/// <summary>MCUB39xx: Intel HEX details (the general HEX syntax error is <see cref="InvalidHexFile"/>).</summary>
public static partial class ErrorCodes
{
    /// <summary>An Intel HEX record's checksum byte does not match its contents.</summary>
    public const string HexChecksumMismatch = "MCUB3901";

    /// <summary>An Intel HEX record's byte-count field does not match the number of bytes on the line.</summary>
    public const string HexByteCountMismatch = "MCUB3902";

    /// <summary>Two Intel HEX data records give different values for the same address.</summary>
    public const string HexOverlappingData = "MCUB3903";

    /// <summary>An Intel HEX file ends without an end-of-file (type 01) record.</summary>
    public const string HexMissingEndOfFile = "MCUB3904";

    /// <summary>An Intel HEX file has records after its end-of-file (type 01) record.</summary>
    public const string HexDataAfterEndOfFile = "MCUB3905";

    /// <summary>An Intel HEX record has a record type other than 00..05.</summary>
    public const string HexUnsupportedRecordType = "MCUB3906";

    /// <summary>An Intel HEX data record reaches beyond the 32-bit address space.</summary>
    public const string HexAddressOverflow = "MCUB3907";
}
