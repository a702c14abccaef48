namespace McuBoot.Image;

/// <summary>
/// The software-component claims read from a BOOT_RECORD TLV (<see cref="BootRecord.TryDecode"/>); a claim the record
/// does not hold is null.
/// </summary>
/// <param name="SoftwareType">Key 1: the software type given to <c>--boot-record</c>.</param>
/// <param name="Version">Key 4: the image version, "major.minor.revision".</param>
/// <param name="SignerId">Key 5: the hash of the signing public key (zeros for an unsigned image).</param>
/// <param name="MeasurementDescription">Key 6: the hash algorithm ("SHA256", ...).</param>
/// <param name="MeasurementValue">Key 2: the image hash, zeros until the bootloader writes it.</param>
public sealed record BootRecordClaims(string? SoftwareType, string? Version, byte[]? SignerId, string? MeasurementDescription, byte[]? MeasurementValue)
{
    /// <summary>A one-line rendering for <c>dumpinfo</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (SoftwareType != null)
        {
            parts.Add($"sw_type '{SoftwareType}'");
        }

        if (Version != null)
        {
            parts.Add($"version {Version}");
        }

        if (SignerId != null)
        {
            parts.Add($"signer_id {Convert.ToHexStringLower(SignerId)}");
        }

        if (MeasurementDescription != null)
        {
            parts.Add($"measurement {MeasurementDescription}");
        }

        if (MeasurementValue != null)
        {
            parts.Add(MeasurementValue.All(b => b == 0) ? $"measurement_value unset ({MeasurementValue.Length} zero bytes, filled by the bootloader)" : $"measurement_value {Convert.ToHexStringLower(MeasurementValue)}");
        }

        return string.Join(", ", parts);
    }
}
