// What the readers of dfu_application.zip require (partition-layouts-and-manifests.md §B.1/§B.2):
// - iOS (IOS-nRF-Connect-Device-Manager McuMgrManifest.swift): decodes format-version, time (Int) and files; per file
//   size, modtime (Int), file, type, board, soc (String) are required; load_address (Int) when version_MCUBOOT or
//   version_MCUBOOT+XIP is present; image_index and slot are decoded with `try? decode(String.self)`, so a JSON number is
//   silently dropped (image 0, slot 1), and an image_index string that is not an integer throws.
// - iOS (McuMgrPackage.swift extractImageFromZipFile): takes the first *.json of the unzipped top folder as the
//   manifest and finds each file with `absoluteString.contains(manifestFile.file)`, so a name inside another name can
//   pick the wrong file and files in sub-folders are not found.
// - Android (nRF Connect Device Manager ZipPackage): only *.bin entries are loaded, a missing file throws; the image
//   hash is the first SHA-256/384/512 TLV (McuMgrImage), so an image must carry exactly one hash TLV.
// - smpmgr (smpclient) up to 0.18 accepts only the SHA-256 hash TLV.
using System.IO.Compression;
using System.Text.Json;
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Manifests;

namespace McuBoot.Artifacts;

/// <summary>
/// Checks a <c>dfu_application.zip</c> against the rules of the nRF Connect Device Manager readers (iOS and Android)
/// and known SMP clients: required fields and JSON types, files present with matching sizes, unambiguous names, one
/// hash TLV per image of the right length. <c>dotnet mcuboot dfu-package check</c> runs it.
/// </summary>
public static class DfuPackageValidator
{
    /// <summary>The largest manifest or image read from a package (64 MiB), against hostile zips.</summary>
    public const long MaxEntrySize = 64L * 1024 * 1024;

    private static readonly string[] RequiredStrings = ["file", "type", "board", "soc"];
    private static readonly string[] RequiredIntegers = ["size", "modtime"];

    /// <summary>Checks the package.</summary>
    /// <param name="zipPath">The zip.</param>
    /// <param name="deviceHash">The hash the device's bootloader checks (its MCUboot build's SHA), or null when unknown.</param>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InputNotFound"/>; <see cref="ErrorCodes.DfuPackageUnreadable"/> when it is not a zip with a JSON manifest.</exception>
    public static DfuPackageReport Check(string zipPath, ImageHashAlgorithm? deviceHash = null)
    {
        ArgumentNullException.ThrowIfNull(zipPath);
        string full = Path.GetFullPath(zipPath);
        if (!File.Exists(full))
        {
            throw new McuBootException(ErrorCodes.InputNotFound, $"DFU package {full} not found; give the dfu_application.zip to check.", full) { ExitCode = ExitCodes.Usage };
        }

        var findings = new List<CheckFinding>();
        var images = new List<DfuPackageImage>();
        void Error(string code, string message) => findings.Add(new CheckFinding(code, CheckSeverity.Error, message, full));
        void Warn(string code, string message) => findings.Add(new CheckFinding(code, CheckSeverity.Warning, message, full));

        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(full);
        }
        catch (InvalidDataException e)
        {
            throw Unreadable(full, $"it is not a zip file ({e.Message})");
        }

        using (zip)
        {
            var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            var byName = entries.GroupBy(e => e.FullName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var manifestEntry = byName.GetValueOrDefault(DfuApplicationPackage.ManifestEntryName)
                ?? throw Unreadable(full, "it has no manifest.json at its top level");
            var otherJson = entries.Where(e => e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && e != manifestEntry).Select(e => e.FullName).ToList();
            if (otherJson.Count > 0)
            {
                Error(ErrorCodes.DfuFileNameAmbiguous, $"{full} holds {string.Join(", ", otherJson)} besides manifest.json; the iOS library takes the first .json it finds as the manifest, so keep manifest.json the only .json file.");
            }

            using var manifest = ReadManifest(manifestEntry, full);
            var root = manifest.RootElement;
            RequireTop(root, "format-version", JsonValueKind.Number, Error);
            RequireTop(root, "time", JsonValueKind.Number, Error);
            if (root.TryGetProperty("format-version", out var fv) && fv.ValueKind == JsonValueKind.Number && (!fv.TryGetInt32(out int version) || version is not (0 or 1)))
            {
                Warn(ErrorCodes.DfuManifestNote, $"manifest.json format-version is {fv.GetRawText()}; the apps know 0 (NCS 2.6 and earlier) and 1 (NCS 2.7 and later), and old app releases crash on newer values.");
            }

            if (root.TryGetProperty("name", out var name) && name.ValueKind != JsonValueKind.String)
            {
                Error(ErrorCodes.DfuManifestFieldType, $"manifest.json 'name' is a {Kind(name)}, but the iOS library decodes it as a string; write it as a string or leave it out.");
            }

            if (!root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
            {
                Error(root.TryGetProperty("files", out _) ? ErrorCodes.DfuManifestFieldType : ErrorCodes.DfuManifestFieldMissing,
                    "manifest.json has no 'files' array; list every image with file, size, modtime, type, board, soc, load_address and image_index.");
                return new DfuPackageReport(full, findings, images);
            }

            var named = new List<string>();
            var targets = new Dictionary<(int Index, int? Slot), string>();
            int n = 0;
            foreach (var file in files.EnumerateArray())
            {
                n++;
                string where = $"manifest.json files[{n - 1}]";
                if (file.ValueKind != JsonValueKind.Object)
                {
                    Error(ErrorCodes.DfuManifestFieldType, $"{where} is a {Kind(file)}, not an object.");
                    continue;
                }

                foreach (var field in RequiredStrings)
                {
                    RequireField(file, field, JsonValueKind.String, where, Error);
                }

                foreach (var field in RequiredIntegers)
                {
                    RequireField(file, field, JsonValueKind.Number, where, Error);
                }

                bool mcuboot = file.TryGetProperty("version_MCUBOOT", out _) || file.TryGetProperty("version_MCUBOOT+XIP", out _);
                if (mcuboot)
                {
                    RequireField(file, "load_address", JsonValueKind.Number, where + " (an MCUboot image: version_MCUBOOT is set)", Error);
                }

                int imageIndex = IntegerString(file, "image_index", where, "the image number", "image 0", Error) ?? (file.TryGetProperty("image", out var img) && img.TryGetInt32(out int i) ? i : 0);
                int? slot = IntegerString(file, "slot", where, "the direct-XIP slot", "slot 1 (secondary)", Error);
                foreach (var field in new[] { "slot_index_primary", "slot_index_secondary" })
                {
                    IntegerString(file, field, where, "the slot number", "ignored", Error);
                }

                if (!file.TryGetProperty("file", out var fileName) || fileName.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                string entryName = fileName.GetString()!;
                named.Add(entryName);
                if (targets.TryGetValue((imageIndex, slot), out var other))
                {
                    Error(ErrorCodes.DfuImageInvalid, $"{where} ({entryName}) and {other} are both image {imageIndex}{(slot is int s ? $" slot {s}" : string.Empty)}; a reader uploads both to the same slot. Give each image its own image_index (as a string).");
                }
                else
                {
                    targets[(imageIndex, slot)] = entryName;
                }

                images.Add(CheckImage(file, entryName, imageIndex, slot, where, byName, deviceHash, Error, Warn));
            }

            // iOS McuMgrPackage: a manifest file name found inside another entry's name can select that entry instead.
            foreach (var a in named.Distinct(StringComparer.Ordinal))
            {
                foreach (var b in byName.Keys.Where(b => b != a && b.Contains(a, StringComparison.Ordinal)))
                {
                    Error(ErrorCodes.DfuFileNameAmbiguous, $"the file name '{a}' is part of '{b}', and the iOS library finds files by substring, so it may upload '{b}' for '{a}'; rename one of them (e.g. app.signed.bin and net.signed.bin, not app.bin and my_app.bin).");
                }
            }

            foreach (var extra in byName.Keys.Where(k => k != DfuApplicationPackage.ManifestEntryName && !named.Contains(k, StringComparer.Ordinal) && !otherJson.Contains(k)))
            {
                Warn(ErrorCodes.DfuManifestNote, $"the zip entry '{extra}' is not named in manifest.json, so no reader uploads it.");
            }
        }

        return new DfuPackageReport(full, findings, images);
    }

    private static DfuPackageImage CheckImage(JsonElement file, string entryName, int imageIndex, int? slot, string where,
        Dictionary<string, ZipArchiveEntry> byName, ImageHashAlgorithm? deviceHash, Action<string, string> error, Action<string, string> warn)
    {
        if (!byName.TryGetValue(entryName, out var entry))
        {
            error(ErrorCodes.DfuFileMissing, $"{where} names '{entryName}', which is not in the zip{(entryName.Contains('/') ? " (the readers look only at the zip's top level)" : string.Empty)}; the apps stop with 'file not found'.");
            return new DfuPackageImage(entryName, imageIndex, slot, -1, null, null);
        }

        if (entryName.Contains('/') || entryName.Contains('\\'))
        {
            error(ErrorCodes.DfuFileMissing, $"{where} names '{entryName}' in a folder; the iOS library looks only at the zip's top level, so it does not find it. Put the images at the top of the zip.");
        }

        if (!entryName.EndsWith(".bin", StringComparison.OrdinalIgnoreCase))
        {
            error(ErrorCodes.DfuFileMissing, $"{where} names '{entryName}', but the Android library loads only *.bin entries; name the image NAME.bin.");
        }

        if (file.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number && (!size.TryGetInt64(out long declared) || declared != entry.Length))
        {
            error(ErrorCodes.DfuFileSizeMismatch, $"{where} says '{entryName}' is {size.GetRawText()} bytes, but the zip holds {entry.Length}; regenerate the package (the apps show and check the manifest size).");
        }

        if (entry.Length > MaxEntrySize)
        {
            error(ErrorCodes.DfuImageInvalid, $"'{entryName}' is {entry.Length} bytes, more than any MCUboot slot; it is not an image.");
            return new DfuPackageImage(entryName, imageIndex, slot, entry.Length, null, null);
        }

        byte[] bytes;
        using (var stream = entry.Open())
        using (var buffer = new MemoryStream())
        {
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }

        ParsedImage parsed;
        try
        {
            parsed = ImageReader.Read(bytes, entryName);
        }
        catch (McuBootException e)
        {
            error(ErrorCodes.DfuImageInvalid, $"'{entryName}' is not an MCUboot image ({e.Code}: {e.Message}); put the signed image (NAME.signed.bin) into the package.");
            return new DfuPackageImage(entryName, imageIndex, slot, entry.Length, null, null);
        }

        var hashes = parsed.UnprotectedTlvs.Where(t => TlvType.HashOf(t.Type) is not null).ToList();
        if (hashes.Count != 1)
        {
            error(ErrorCodes.DfuImageHashTlv, $"'{entryName}' has {hashes.Count} hash TLVs ({string.Join(", ", hashes.Select(h => h.Name))}); the Android library takes the first SHA-256/384/512 TLV as the image hash and MCUboot one, so sign the image with exactly one hash.");
        }

        var hash = hashes.FirstOrDefault();
        if (hash is not null)
        {
            var algorithm = TlvType.HashOf(hash.Type)!.Value;
            if (hash.Value.Length != algorithm.DigestLength())
            {
                error(ErrorCodes.DfuImageHashTlv, $"'{entryName}': its {hash.Name} TLV is {hash.Value.Length} bytes, but a {hash.Name} digest is {algorithm.DigestLength()}; the device and the apps reject it. Re-sign the image.");
            }
            else if (deviceHash is ImageHashAlgorithm expected && expected != algorithm)
            {
                error(ErrorCodes.DfuImageHashTlv, $"'{entryName}' carries a {hash.Name} hash, but the device's bootloader checks {expected.TlvName()}; sign with --sha {expected.TlvName()[3..]} (or the bootloader's hash setting).");
            }

            if (algorithm != ImageHashAlgorithm.Sha256)
            {
                warn(ErrorCodes.DfuHashClientCompatibility, $"'{entryName}' is hashed with {hash.Name}: smpmgr up to 0.18 and older nRF Connect Device Manager releases only read the SHA256 TLV and reject or mis-identify it; use current clients or --sha 256 where the bootloader allows it.");
            }

            if ((parsed.Header.Flags & (ImageFlags.EncryptedAes128 | ImageFlags.EncryptedAes256)) == 0 && hash.Value.Length == algorithm.DigestLength())
            {
                try
                {
                    ImageVerifier.Verify(bytes, null, entryName);
                }
                catch (McuBootException e)
                {
                    error(ErrorCodes.DfuImageInvalid, $"'{entryName}' does not verify ({e.Code}: {e.Message}); the device rejects it after the upload. Re-sign the image.");
                }
            }
        }

        return new DfuPackageImage(entryName, imageIndex, slot, entry.Length, hash?.Name, hash is null ? null : Convert.ToHexStringLower(hash.Value));
    }

    private static JsonDocument ReadManifest(ZipArchiveEntry entry, string zipPath)
    {
        if (entry.Length > MaxEntrySize)
        {
            throw Unreadable(zipPath, $"its manifest.json is {entry.Length} bytes");
        }

        try
        {
            using var stream = entry.Open();
            var document = JsonDocument.Parse(stream);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw Unreadable(zipPath, "its manifest.json is not a JSON object");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw Unreadable(zipPath, $"its manifest.json is not valid JSON ({e.Message.Split('\n')[0]})");
        }
        catch (InvalidDataException e)
        {
            throw Unreadable(zipPath, $"its manifest.json cannot be unpacked ({e.Message})");
        }
    }

    private static void RequireTop(JsonElement root, string field, JsonValueKind kind, Action<string, string> error)
        => RequireField(root, field, kind, "manifest.json", error);

    private static void RequireField(JsonElement obj, string field, JsonValueKind kind, string where, Action<string, string> error)
    {
        if (!obj.TryGetProperty(field, out var value))
        {
            error(ErrorCodes.DfuManifestFieldMissing, $"{where} has no '{field}', which the iOS library requires (it refuses the whole package); add it ({(kind == JsonValueKind.Number ? "an integer" : "a string, empty if unknown")}).");
        }
        else if (value.ValueKind != kind || (kind == JsonValueKind.Number && !value.TryGetInt64(out _)))
        {
            error(ErrorCodes.DfuManifestFieldType, $"{where} '{field}' is a {Kind(value)} ({Clip(value.GetRawText())}), but the iOS library decodes it as {(kind == JsonValueKind.Number ? "an integer" : "a string")} and refuses the package; write it as {(kind == JsonValueKind.Number ? "a JSON integer" : "a JSON string")}.");
        }
    }

    private static int? IntegerString(JsonElement file, string field, string where, string what, string fallback, Action<string, string> error)
    {
        if (!file.TryGetProperty(field, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error(ErrorCodes.DfuManifestFieldType, $"{where} '{field}' is a {Kind(value)} ({Clip(value.GetRawText())}), but the iOS library reads {what} only from a string and silently uses {fallback}; write \"{field}\": \"{Clip(value.GetRawText())}\".");
            return value.TryGetInt32(out int number) ? number : null;
        }

        if (!int.TryParse(value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int parsed))
        {
            error(ErrorCodes.DfuManifestFieldType, $"{where} '{field}' is \"{Clip(value.GetString()!)}\", not a decimal integer; the iOS library refuses the package.");
            return null;
        }

        return parsed;
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "array",
        _ => "object",
    };

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static McuBootException Unreadable(string path, string why)
        => new(ErrorCodes.DfuPackageUnreadable, $"DFU package {path} cannot be read by the DFU apps: {why}; build it with McuBoot.Build or NCS (dfu_application.zip).", path) { ExitCode = ExitCodes.Rejected };
}
