using System.Text;
using System.Text.Json;

namespace McuBoot.Checks;

/// <summary>
/// The JSON form of a <see cref="CheckReport"/> (<c>dotnet mcuboot check --format json</c>): <c>passed</c>, counts,
/// every finding with its code, severity, message and file, and the key facts (image key hash, bootloader keys).
/// </summary>
public static class CheckReportJson
{
    /// <summary>Formats <paramref name="report"/> as indented JSON with a final newline.</summary>
    public static string Format(CheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("image", report.ImagePath);
            w.WriteBoolean("passed", report.Passed);
            w.WriteNumber("errors", report.Errors.Count());
            w.WriteNumber("warnings", report.Warnings.Count());
            if (report.HashAlgorithm is { } alg)
            {
                w.WriteString("hashAlgorithm", McuBoot.Image.ImageHashAlgorithmExtensions.TlvName(alg));
            }

            if (report.Bootloader is { } bootloader)
            {
                w.WriteString("bootloader", bootloader.Describe());
                w.WriteStartArray("assumptions");
                foreach (var assumption in bootloader.Assumptions)
                {
                    w.WriteStringValue(assumption);
                }

                w.WriteEndArray();
            }

            if (report.RequestedSwap is { } swap)
            {
                w.WriteString("requestedSwap", swap.ToString().ToUpperInvariant());
            }

            WriteNullable(w, "signatureType", report.SignatureType);
            WriteNullable(w, "imageKeyHash", report.ImageKeyHash);
            WriteNullable(w, "keyFoundInBootloader", report.KeyFoundInBootloader);
            w.WriteStartArray("bootloaderKeys");
            foreach (var key in report.BootloaderKeys)
            {
                w.WriteStartObject();
                w.WriteString("type", key.KeyType.ToString());
                w.WriteString("sha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(key.PublicKeyBytes)));
                if (report.HashAlgorithm is { } a && a != McuBoot.Image.ImageHashAlgorithm.Sha256)
                {
                    w.WriteString("keyHash", Convert.ToHexStringLower(key.KeyHash(a)));
                }

                w.WriteStartArray("locations");
                foreach (var location in key.Locations)
                {
                    w.WriteStringValue(location);
                }

                w.WriteEndArray();
                WriteNullable(w, "developmentKey", key.DevelopmentKey?.Name);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("findings");
            foreach (var f in report.Findings)
            {
                w.WriteStartObject();
                w.WriteString("code", f.Code);
                w.WriteString("severity", f.IsError ? "error" : "warning");
                w.WriteString("message", f.Message);
                WriteNullable(w, "file", f.File);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
