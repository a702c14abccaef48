using System.Formats.Cbor;
using McuBoot.Diagnostics;

namespace McuBoot.Image;

/// <summary>
/// The BOOT_RECORD TLV (0x60): a CBOR map (RFC 8949, definite length, shortest form) of the PSA attestation
/// software-component claims, in imgtool's key order 1, 4, 5, 6, 2 (mcuboot-image-format.md §3.5; imgtool
/// <c>boot_record.py</c> <c>create_sw_component_data</c>). The measurement value (key 2) must stay last: the bootloader
/// overwrites the record's final hash-size bytes with the image hash. Written and read with System.Formats.Cbor.
/// </summary>
public static class BootRecord
{
    /// <summary>Maximum length of the software type string.</summary>
    public const int MaxSoftwareTypeLength = 12;

    /// <summary>Claim key of the software type (text).</summary>
    public const int TypeKey = 1;

    /// <summary>Claim key of the measurement value (bytes, the image hash; zeros until the bootloader fills it).</summary>
    public const int MeasurementValueKey = 2;

    /// <summary>Claim key of the version (text, "major.minor.revision").</summary>
    public const int VersionKey = 4;

    /// <summary>Claim key of the signer id (bytes, the hash of the signing public key).</summary>
    public const int SignerIdKey = 5;

    /// <summary>Claim key of the measurement description (text, the hash algorithm name).</summary>
    public const int MeasurementDescriptionKey = 6;

    /// <summary>Encodes the record.</summary>
    public static byte[] Encode(string softwareType, ImageVersion version, ReadOnlySpan<byte> signerId, ImageHashAlgorithm algorithm)
    {
        Validate(softwareType);

        // Strict keeps the insertion order (Canonical would sort the keys and move the measurement value) while
        // still writing definite lengths in the shortest form, as cbor2.dumps does.
        var writer = new CborWriter(CborConformanceMode.Strict, convertIndefiniteLengthEncodings: true);
        writer.WriteStartMap(5);
        writer.WriteInt32(TypeKey);
        writer.WriteTextString(softwareType);
        writer.WriteInt32(VersionKey);
        writer.WriteTextString(version.ToShortString());
        writer.WriteInt32(SignerIdKey);
        writer.WriteByteString(signerId);
        writer.WriteInt32(MeasurementDescriptionKey);
        writer.WriteTextString(algorithm.TlvName());
        writer.WriteInt32(MeasurementValueKey);
        writer.WriteByteString(new byte[algorithm.DigestLength()]);
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>
    /// Reads a record's claims (any key order; unknown keys are skipped). False when the value is not a single
    /// well-formed CBOR map with integer keys and claims of the expected types.
    /// </summary>
    public static bool TryDecode(ReadOnlyMemory<byte> record, out BootRecordClaims? claims)
    {
        claims = null;
        try
        {
            var reader = new CborReader(record, CborConformanceMode.Lax);
            int? count = reader.ReadStartMap();
            string? type = null, version = null, description = null;
            byte[]? signerId = null, measurement = null;
            for (int i = 0; count == null ? reader.PeekState() != CborReaderState.EndMap : i < count; i++)
            {
                if (reader.PeekState() is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
                {
                    return false;
                }

                switch (reader.ReadInt64())
                {
                    case TypeKey: type = reader.ReadTextString(); break;
                    case MeasurementValueKey: measurement = reader.ReadByteString(); break;
                    case VersionKey: version = reader.ReadTextString(); break;
                    case SignerIdKey: signerId = reader.ReadByteString(); break;
                    case MeasurementDescriptionKey: description = reader.ReadTextString(); break;
                    default: reader.SkipValue(); break;
                }
            }

            reader.ReadEndMap();
            if (reader.BytesRemaining != 0)
            {
                return false;
            }

            claims = new BootRecordClaims(type, version, signerId, description, measurement);
            return true;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException or FormatException)
        {
            return false;
        }
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
}
