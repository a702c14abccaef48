// partition-layouts-and-manifests.md §B.3 and §E item 5: a manifest useful to humans and tools carries the SHA-256 of
// each file (an mcumgr upload's "sha"), the image hash TLV (what "mcumgr image list" shows), the version, sizes, image
// and slot index, load address, key hash and signature type.
using System.Reflection;
using System.Text.Json;
using McuBoot.Build;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Manifests;

/// <summary>
/// Writes McuBoot.Build's own JSON manifest (<c>mcuboot-manifest.json</c>, schema <c>mcuboot-build-manifest</c>
/// version 1, documented in docs/msbuild.md). File names are relative to the manifest's folder, so the manifest is the
/// same on every machine.
/// </summary>
public static class SigningManifestWriter
{
    /// <summary>The value of the top-level <c>format</c> field.</summary>
    public const string Format = "mcuboot-build-manifest";

    /// <summary>The value of the top-level <c>formatVersion</c> field.</summary>
    public const int FormatVersion = 1;

    /// <summary>The manifest bytes (UTF-8, indented).</summary>
    /// <param name="name">Application name.</param>
    /// <param name="time">Generation time (Unix seconds in <c>time</c>).</param>
    /// <param name="key">The signing key, or null when unsigned.</param>
    /// <param name="images">The signed images.</param>
    /// <param name="dfuPackage">The DFU package, or null.</param>
    /// <param name="additionalKeys">Further signing keys (several signatures per image), written as <c>additionalKeys</c>.</param>
    public static byte[] ToJson(string name, DateTimeOffset time, SigningKeyInfo? key, IReadOnlyList<SignedImageResult> images, SignedOutputFile? dfuPackage, IReadOnlyList<SigningKeyInfo>? additionalKeys = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("formatVersion", FormatVersion);
            json.WriteString("generator", Generator);
            json.WriteString("name", name);
            json.WriteNumber("time", time.ToUnixTimeSeconds());
            if (key is null)
            {
                json.WriteNull("key");
            }
            else
            {
                json.WritePropertyName("key");
                WriteKey(json, key);
            }

            // Key rotation: the further keys whose signature pairs follow the first (never a PIN or password).
            if (additionalKeys is { Count: > 0 })
            {
                json.WriteStartArray("additionalKeys");
                foreach (var extra in additionalKeys)
                {
                    WriteKey(json, extra);
                }

                json.WriteEndArray();
            }

            json.WriteStartArray("images");
            foreach (var image in images)
            {
                WriteImage(json, image);
            }

            json.WriteEndArray();
            if (dfuPackage is null)
            {
                json.WriteNull("dfuPackage");
            }
            else
            {
                json.WriteStartObject("dfuPackage");
                json.WriteString("file", Path.GetFileName(dfuPackage.Path));
                json.WriteNumber("size", dfuPackage.Size);
                json.WriteString("sha256", dfuPackage.Sha256);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteKey(System.Text.Json.Utf8JsonWriter json, SigningKeyInfo key)
    {
        json.WriteStartObject();
        json.WriteString("file", key.Path is null ? key.Spec : Path.GetFileName(key.Path));
        json.WriteString("type", KeyTypeName(key.KeyType));
        json.WriteString("publicKeyHash", key.PublicKeyHash);
        json.WriteEndObject();
    }

    /// <summary>imgtool's name of a key type (<c>ecdsa-p256</c>, <c>ed25519</c>, <c>rsa-2048</c>...).</summary>
    public static string KeyTypeName(KeyType type) => type switch
    {
        KeyType.Rsa2048 => "rsa-2048",
        KeyType.Rsa3072 => "rsa-3072",
        KeyType.EcdsaP256 => "ecdsa-p256",
        KeyType.EcdsaP384 => "ecdsa-p384",
        KeyType.Ed25519 => "ed25519",
        KeyType.X25519 => "x25519",
        _ => type.ToString(),
    };

    /// <summary>The manifest's name for an output kind (<c>signed-bin</c>, <c>signed-hex</c>, ...).</summary>
    public static string KindName(SignedOutputKind kind) => kind switch
    {
        SignedOutputKind.SignedBinary => "signed-bin",
        SignedOutputKind.SignedHex => "signed-hex",
        SignedOutputKind.ConfirmedBinary => "confirmed-bin",
        SignedOutputKind.ConfirmedHex => "confirmed-hex",
        SignedOutputKind.EncryptedBinary => "encrypted-bin",
        SignedOutputKind.MovedHex => "moved-hex",
        SignedOutputKind.Manifest => "manifest",
        SignedOutputKind.DfuPackage => "dfu-package",
        SignedOutputKind.MergedHex => "merged-hex",
        _ => kind.ToString(),
    };

    private static string Generator
    {
        get
        {
            var assembly = typeof(SigningManifestWriter).Assembly;
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
            int plus = version.IndexOf('+');
            return $"McuBoot.Build {(plus >= 0 ? version[..plus] : version)}";
        }
    }

    private static void WriteImage(Utf8JsonWriter json, SignedImageResult image)
    {
        var g = image.Geometry;
        json.WriteStartObject();
        json.WriteNumber("imageIndex", image.ImageIndex);
        json.WriteString("name", image.Name);
        json.WriteString("firmware", Path.GetFileName(image.FirmwarePath));
        json.WriteString("version", image.Version.ToString());
        WriteNumberOrNull(json, "securityCounter", image.SecurityCounter);
        json.WriteNumber("headerSize", g.HeaderSize);
        json.WriteNumber("slotSize", g.SlotSize);
        json.WriteNumber("align", g.Align);
        json.WriteNumber("loadAddress", image.LoadAddress);
        WriteNumberOrNull(json, "hexAddress", image.Files.FirstOrDefault(f => f.Kind == SignedOutputKind.SignedHex)?.Address);
        WriteNumberOrNull(json, "secondaryHexAddress", g.SecondaryHexAddress);
        json.WriteBoolean("networkCore", g.IsNetworkCore);
        json.WriteNumber("slotIndexPrimary", DfuApplicationPackage.SlotIndexPrimary(image.ImageIndex));
        json.WriteNumber("slotIndexSecondary", DfuApplicationPackage.SlotIndexSecondary(image.ImageIndex));
        json.WriteNumber("imageSize", image.ImageSize);
        json.WriteString("hashAlgorithm", image.HashAlgorithm.TlvName());
        json.WriteString("imageHash", image.ImageHash);
        WriteStringOrNull(json, "keyHash", image.KeyHash);
        WriteStringOrNull(json, "signatureType", image.SignatureType);
        json.WriteStartArray("files");
        foreach (var file in image.Files)
        {
            json.WriteStartObject();
            json.WriteString("file", Path.GetFileName(file.Path));
            json.WriteString("kind", KindName(file.Kind));
            json.WriteNumber("size", file.Size);
            json.WriteString("sha256", file.Sha256);
            WriteStringOrNull(json, "imageHash", file.ImageHash);
            WriteNumberOrNull(json, "address", file.Address);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, uint? value)
    {
        if (value.HasValue)
        {
            json.WriteNumber(name, value.Value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
