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
    /// <summary>A version string is not maj.min.rev+build or a part is out of range.</summary>
    public const string InvalidVersion = "MCUB1001";
    /// <summary>A number option is not a valid integer literal or out of range.</summary>
    public const string InvalidNumber = "MCUB1002";
    /// <summary>The header size is not 32..65535.</summary>
    public const string InvalidHeaderSize = "MCUB1003";
    /// <summary>A <c>-d</c> dependency list is malformed or names an image id above 255.</summary>
    public const string InvalidDependencies = "MCUB1004";
    /// <summary>A <c>-s</c> security counter is neither a 32-bit number nor <c>auto</c>.</summary>
    public const string InvalidSecurityCounter = "MCUB1005";
    /// <summary>A custom TLV tag is predefined, repeated or out of range, or its value is malformed.</summary>
    public const string InvalidCustomTlv = "MCUB1006";
    /// <summary>A <c>--vid</c>/<c>--cid</c> value cannot be turned into a UUID (a name-based <c>--cid</c> needs <c>--vid</c>).</summary>
    public const string InvalidUuid = "MCUB1007";
    /// <summary>The <c>--boot-record</c> software type is longer than 12 characters.</summary>
    public const string InvalidBootRecord = "MCUB1008";
    /// <summary>Options that cannot be combined (e.g. <c>-k</c> with <c>--fix-sig</c>, <c>-F</c> with <c>-L</c>).</summary>
    public const string ConflictingOptions = "MCUB1009";
    /// <summary><c>--align</c>/<c>--max-align</c> not 1..32 / 8, 16, 32, or max-align below align.</summary>
    public const string InvalidAlignment = "MCUB1010";
    /// <summary><c>--sha</c>/<c>--pure</c> not allowed for the key type.</summary>
    public const string InvalidHashChoice = "MCUB1011";
    /// <summary>A required option is missing (and no layout supplies it).</summary>
    public const string MissingOption = "MCUB1012";
    /// <summary>An option value is not one of the allowed choices.</summary>
    public const string InvalidOptionValue = "MCUB1013";
    /// <summary><c>--name-suffix</c> is not <c>[A-Za-z0-9_]*</c> or not allowed with the encoding.</summary>
    public const string InvalidNameSuffix = "MCUB1015";
    /// <summary><c>--password-env</c> names no valid environment variable (letters, digits and '_', not starting with a digit); the value is not echoed.</summary>
    public const string InvalidVariableName = "MCUB1251";

    // ---- MCUB3xxx: files and image building ----
    /// <summary>The input file does not exist.</summary>
    public const string InputNotFound = "MCUB3001";
    /// <summary>The input does not start with header-size zero bytes and <c>--pad-header</c> was not given (or the header would sit below address 0).</summary>
    public const string HeaderNotZero = "MCUB3002";
    /// <summary>Image plus trailer exceed the slot; the message gives the slot size, the total and the overflow in bytes.</summary>
    public const string ImageTooLarge = "MCUB3003";
    /// <summary>A .hex output needs an address: none in the input and no <c>-x</c>.</summary>
    public const string NoHexAddress = "MCUB3004";
    /// <summary>An Intel HEX file is malformed (the message gives the line).</summary>
    public const string InvalidHexFile = "MCUB3005";
    /// <summary>An output file cannot be written (the temporary file is removed).</summary>
    public const string WriteFailed = "MCUB3006";
    /// <summary>An input file cannot be read.</summary>
    public const string ReadFailed = "MCUB3007";
    /// <summary>A value does not fit its field (TLV area over 65535 bytes, body over 4 GiB).</summary>
    public const string FieldOverflow = "MCUB3008";
    /// <summary>The <c>--fix-sig</c> signature is not base64 or does not verify with <c>--fix-sig-pubkey</c>.</summary>
    public const string InvalidFixedSignature = "MCUB3009";
    /// <summary><c>--sig-out</c> was given but the image is not signed.</summary>
    public const string NoSignature = "MCUB3010";

    // ---- MCUB4xxx: reading and verifying images ----
    /// <summary>The file does not start with the MCUboot image magic.</summary>
    public const string BadImageMagic = "MCUB4001";
    /// <summary>The file ends before the header, body or TLV areas it announces.</summary>
    public const string TruncatedImage = "MCUB4002";
    /// <summary>A TLV area info header is missing or has the wrong magic or size.</summary>
    public const string BadTlvInfo = "MCUB4003";
    /// <summary>A TLV runs past its area or has an invalid length or value.</summary>
    public const string BadTlv = "MCUB4004";
    /// <summary>The image hash TLV does not match the image (altered, corrupt, or encrypted without <c>--decrypt-key</c>).</summary>
    public const string HashMismatch = "MCUB4005";
    /// <summary>The image has no SHA256/SHA384/SHA512 TLV.</summary>
    public const string NoHashTlv = "MCUB4006";
    /// <summary>The signature does not verify with the given key.</summary>
    public const string SignatureInvalid = "MCUB4007";
    /// <summary>No signature TLV of the key's type (or no key TLV before it).</summary>
    public const string NoSignatureForKey = "MCUB4008";
    /// <summary>The image's KEYHASH/PUBKEY names another key than the one given; both hashes are printed.</summary>
    public const string KeyHashMismatch = "MCUB4009";
    /// <summary>The key type cannot verify this image (wrong hash TLV, or an encryption key).</summary>
    public const string KeyTypeMismatch = "MCUB4010";
    /// <summary>The image header is inconsistent (header size below 32).</summary>
    public const string BadHeader = "MCUB4011";
    /// <summary>The protected TLV area size disagrees with the header field.</summary>
    public const string ProtectedSizeMismatch = "MCUB4013";

    // ---- warnings in the MCUB1xxx/3xxx bands ----
    /// <summary>Warning: <c>-L 0</c> / <c>-F 0</c> set no flag (as imgtool).</summary>
    public const string ZeroAddressIgnored = "MCUB1101";
    /// <summary>Warning: a custom TLV tag outside the vendor sub-ranges 0xXXa0..0xXXff.</summary>
    public const string CustomTlvOutsideVendorRange = "MCUB1102";
    /// <summary>Warning: the input does not compress; the image is written uncompressed.</summary>
    public const string CompressionNotBeneficial = "MCUB3101";
    /// <summary>Warning: <c>--pad-sig</c> is for MCUboot &lt; 1.5; mbedTLS bootloaders reject padded signatures.</summary>
    public const string PadSignatureDiscouraged = "MCUB3102";
}
