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

            if (report.Model is { } model)
            {
                WriteModel(w, model);
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

    // The bootloader model's verdict: accepted, or the rule that rejected the image (code, bootutil file and function),
    // its warnings, and each signature TLV with the key it selected and whether it verified (the deciding one marked).
    private static void WriteModel(Utf8JsonWriter w, McuBoot.Bootloader.BootValidation model)
    {
        w.WriteStartObject("model");
        w.WriteBoolean("accepted", model.Accepted);
        if (model.Rejection is { } r)
        {
            w.WriteStartObject("rejection");
            WriteFinding(w, r);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("rejection");
        }

        w.WriteBoolean("hashVerified", model.HashVerified);
        w.WriteBoolean("signatureVerified", model.SignatureVerified);
        if (model.KeyIndex is int keyIndex)
        {
            w.WriteNumber("keyIndex", keyIndex);
        }
        else
        {
            w.WriteNull("keyIndex");
        }

        if (model.MaxImageSize is long max)
        {
            w.WriteNumber("maxImageSize", max);
        }
        else
        {
            w.WriteNull("maxImageSize");
        }

        w.WriteStartArray("signatures");
        foreach (var s in model.Signatures)
        {
            w.WriteStartObject();
            w.WriteNumber("offset", s.Offset);
            w.WriteString("signatureTlv", McuBoot.Image.TlvType.NameOf(s.SignatureTlv));
            w.WriteNumber("signatureTlvType", s.SignatureTlv);
            WriteNullable(w, "keyTlv", s.KeyTlv is ushort k ? McuBoot.Image.TlvType.NameOf(k) : null);
            WriteNullable(w, "keyHash", s.KeyHash);
            if (s.KeyIndex is int i && i >= 0)
            {
                w.WriteNumber("keyIndex", i);
            }
            else
            {
                w.WriteNull("keyIndex");
            }

            w.WriteString("status", s.Status switch
            {
                McuBoot.Bootloader.BootSignatureStatus.Verified => "verified",
                McuBoot.Bootloader.BootSignatureStatus.Failed => "failed",
                McuBoot.Bootloader.BootSignatureStatus.UnknownKey => "skipped-unknown-key",
                McuBoot.Bootloader.BootSignatureStatus.NoKeyTlv => "skipped-no-key-tlv",
                _ => "skipped-other-type",
            });
            w.WriteBoolean("verified", s.Verified);
            w.WriteBoolean("decided", s.Decided);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("warnings");
        foreach (var warning in model.Warnings)
        {
            w.WriteStartObject();
            WriteFinding(w, warning);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    // "image_validate.c:bootutil_img_validate (key_id < 0)" -> file image_validate.c, function bootutil_img_validate.
    private static void WriteFinding(Utf8JsonWriter w, McuBoot.Bootloader.BootFinding f)
    {
        w.WriteString("code", f.Code);
        w.WriteString("rule", f.Rule);
        int colon = f.Rule.IndexOf(':', StringComparison.Ordinal);
        string function = colon < 0 ? f.Rule : f.Rule[(colon + 1)..];
        int space = function.IndexOf(' ', StringComparison.Ordinal);
        WriteNullable(w, "file", colon < 0 ? null : f.Rule[..colon]);
        w.WriteString("function", space < 0 ? function : function[..space]);
        w.WriteString("message", f.Message);
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
