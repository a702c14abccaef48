namespace McuBoot.Diagnostics;

/// <summary>
/// Diagnostic codes, banded by area (one partial file per band):
/// <list type="bullet">
/// <item>MCUB1xxx: command-line options and option values (version, numbers, dependencies, TLVs)</item>
/// <item>MCUB2xxx: keys and passwords (<c>ErrorCodes.Keys.cs</c>)</item>
/// <item>MCUB3xxx: input and output files, image building, sizes (this file)</item>
/// <item>MCUB4xxx: reading and verifying images (this file)</item>
/// <item>MCUB5xxx: encryption and compression (<c>ErrorCodes.Encryption.cs</c>)</item>
/// <item>MCUB6xxx: partition layouts (<c>ErrorCodes.Layouts.cs</c>)</item>
/// <item>MCUB7xxx: MSBuild integration</item>
/// <item>MCUB8xxx: bootloader/image consistency checks</item>
/// </list>
/// </summary>
public static partial class ErrorCodes
{
    // ---- MCUB1xxx: options ----
    public const string InvalidVersion = "MCUB1001";
    public const string InvalidNumber = "MCUB1002";
    public const string InvalidHeaderSize = "MCUB1003";
    public const string InvalidDependencies = "MCUB1004";
    public const string InvalidSecurityCounter = "MCUB1005";
    public const string InvalidCustomTlv = "MCUB1006";
    public const string InvalidUuid = "MCUB1007";
    public const string InvalidBootRecord = "MCUB1008";
    public const string ConflictingOptions = "MCUB1009";
    public const string InvalidAlignment = "MCUB1010";
    public const string InvalidHashChoice = "MCUB1011";
    public const string MissingOption = "MCUB1012";
    public const string InvalidOptionValue = "MCUB1013";
    public const string NotYetSupported = "MCUB1014";
    public const string InvalidNameSuffix = "MCUB1015";

    // ---- MCUB3xxx: files and image building ----
    public const string InputNotFound = "MCUB3001";
    public const string HeaderNotZero = "MCUB3002";
    public const string ImageTooLarge = "MCUB3003";
    public const string NoHexAddress = "MCUB3004";
    public const string InvalidHexFile = "MCUB3005";
    public const string WriteFailed = "MCUB3006";
    public const string ReadFailed = "MCUB3007";
    public const string FieldOverflow = "MCUB3008";
    public const string InvalidFixedSignature = "MCUB3009";
    public const string NoSignature = "MCUB3010";

    // ---- MCUB4xxx: reading and verifying images ----
    public const string BadImageMagic = "MCUB4001";
    public const string TruncatedImage = "MCUB4002";
    public const string BadTlvInfo = "MCUB4003";
    public const string BadTlv = "MCUB4004";
    public const string HashMismatch = "MCUB4005";
    public const string NoHashTlv = "MCUB4006";
    public const string SignatureInvalid = "MCUB4007";
    public const string NoSignatureForKey = "MCUB4008";
    public const string KeyHashMismatch = "MCUB4009";
    public const string KeyTypeMismatch = "MCUB4010";
    public const string BadHeader = "MCUB4011";
    public const string BadTrailer = "MCUB4012";
    public const string ProtectedSizeMismatch = "MCUB4013";

    // ---- warnings in the MCUB1xxx/3xxx bands ----
    public const string ZeroAddressIgnored = "MCUB1101";
    public const string CustomTlvOutsideVendorRange = "MCUB1102";
    public const string CompressionNotBeneficial = "MCUB3101";
    public const string PadSignatureDiscouraged = "MCUB3102";
    public const string BootRecordTooLargeForDefault = "MCUB3103";
}
