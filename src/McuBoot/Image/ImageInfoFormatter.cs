using System.Globalization;
using System.Text;
using System.Text.Json;

namespace McuBoot.Image;

/// <summary>
/// <c>dumpinfo</c> output for a <see cref="ParsedImage"/> in imgtool's three formats (mcuboot-image-format.md §9.7):
/// human-readable, JSON (bytes as lowercase hex) and YAML (bytes as <c>!!binary</c> base64). Unlike imgtool,
/// erased trailer flags print as <c>UNSET (0xff)</c> rather than <c>INVALID</c>.
/// </summary>
public static class ImageInfoFormatter
{
    public static string ToHuman(ParsedImage image, string fileName)
    {
        var sb = new StringBuilder();
        var h = image.Header;
        Banner(sb, "Image header (offset: 0x0)");
        Line(sb, "magic", $"0x{ImageHeader.Magic:x8}{(image.ByteOrder == ByteOrder.BigEndian ? " (big-endian)" : string.Empty)}");
        Line(sb, "load_addr", $"0x{h.LoadAddress:x}");
        Line(sb, "hdr_size", $"0x{h.HeaderSize:x}");
        Line(sb, "protected_tlv_size", $"0x{h.ProtectedTlvSize:x}");
        Line(sb, "img_size", $"0x{h.ImageSize:x}");
        Line(sb, "flags", $"0x{(uint)h.Flags:x8}");
        foreach (var flag in FlagNames(h.Flags))
        {
            sb.Append("    ").AppendLine(flag);
        }

        Line(sb, "version", h.Version.ToString());
        sb.AppendLine();
        Banner(sb, $"Payload (offset: 0x{h.HeaderSize:x})");
        sb.AppendLine($"| FW image (size: 0x{h.ImageSize:x} Bytes) |");
        sb.AppendLine();
        if (image.ProtectedAreaOffset >= 0)
        {
            Banner(sb, $"Protected TLV area (offset: 0x{image.ProtectedAreaOffset:x})");
            Line(sb, "magic", $"0x{TlvType.ProtectedInfoMagic:x4}");
            Line(sb, "area size", $"0x{image.ProtectedAreaSize:x}");
            foreach (var tlv in image.ProtectedTlvs)
            {
                Tlv(sb, tlv, image.ByteOrder);
            }

            sb.AppendLine();
        }

        Banner(sb, $"TLV area (offset: 0x{image.UnprotectedAreaOffset:x})");
        Line(sb, "magic", $"0x{TlvType.InfoMagic:x4}");
        Line(sb, "area size", $"0x{image.UnprotectedAreaSize:x}");
        foreach (var tlv in image.UnprotectedTlvs)
        {
            Tlv(sb, tlv, image.ByteOrder);
        }

        sb.AppendLine();
        if (image.Trailer is { } t)
        {
            Banner(sb, $"Image trailer (offset: 0x{t.Offset - (image.Trailer.MaxAlign * 4) - 16:x}, ends 0x{image.FileLength:x})");
            Line(sb, "swap status", $"(0x{t.Offset - image.TlvEnd:x} bytes after the TLVs up to the magic)");
            Line(sb, "swap size", t.SwapSize == 0xffffffff ? "unknown" : $"0x{t.SwapSize:x}");
            Line(sb, "swap info", t.SwapInfo == 0xff ? "unset (0xff)" : $"0x{t.SwapInfo:x2}");
            Line(sb, "copy done", Flag(t.CopyDone));
            Line(sb, "image ok", Flag(t.ImageOk));
            Line(sb, "boot magic", t.MagicValid ? $"good (max-align {t.MaxAlign})" : "INVALID: the bootloader will not consider this slot for an upgrade");
            Line(sb, "magic bytes", Convert.ToHexStringLower(t.Magic));
            sb.AppendLine();
        }

        Banner(sb, "End of Image");
        return sb.ToString();
    }

    public static string ToJson(ParsedImage image, string fileName)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("filename", fileName);
            w.WriteString("byte_order", image.ByteOrder == ByteOrder.BigEndian ? "big" : "little");
            var h = image.Header;
            w.WriteStartObject("header");
            w.WriteNumber("magic", ImageHeader.Magic);
            w.WriteNumber("load_addr", h.LoadAddress);
            w.WriteNumber("hdr_size", h.HeaderSize);
            w.WriteNumber("protected_tlv_size", h.ProtectedTlvSize);
            w.WriteNumber("img_size", h.ImageSize);
            w.WriteNumber("flags", (uint)h.Flags);
            w.WriteStartArray("flag_names");
            foreach (var f in FlagNames(h.Flags))
            {
                w.WriteStringValue(f);
            }

            w.WriteEndArray();
            w.WriteString("version", h.Version.ToString());
            w.WriteEndObject();
            w.WriteStartObject("tlv_area");
            if (image.ProtectedAreaOffset >= 0)
            {
                w.WriteStartObject("tlv_hdr_prot");
                w.WriteNumber("magic", TlvType.ProtectedInfoMagic);
                w.WriteNumber("tlv_tot", image.ProtectedAreaSize);
                w.WriteEndObject();
                WriteTlvs(w, "tlvs_prot", image.ProtectedTlvs, image.ByteOrder);
            }

            w.WriteStartObject("tlv_hdr");
            w.WriteNumber("magic", TlvType.InfoMagic);
            w.WriteNumber("tlv_tot", image.UnprotectedAreaSize);
            w.WriteEndObject();
            WriteTlvs(w, "tlvs", image.UnprotectedTlvs, image.ByteOrder);
            w.WriteEndObject();
            if (image.Trailer is { } t)
            {
                w.WriteStartObject("trailer");
                w.WriteString("magic", Convert.ToHexStringLower(t.Magic));
                w.WriteBoolean("magic_valid", t.MagicValid);
                w.WriteNumber("max_align", t.MaxAlign);
                w.WriteNumber("image_ok", t.ImageOk);
                w.WriteNumber("copy_done", t.CopyDone);
                w.WriteNumber("swap_info", t.SwapInfo);
                w.WriteNumber("swap_size", t.SwapSize);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    public static string ToYaml(ParsedImage image, string fileName)
    {
        var sb = new StringBuilder();
        var h = image.Header;
        sb.AppendLine($"filename: {Quote(fileName)}");
        sb.AppendLine($"byte_order: {(image.ByteOrder == ByteOrder.BigEndian ? "big" : "little")}");
        sb.AppendLine("header:");
        sb.AppendLine($"  magic: {ImageHeader.Magic}");
        sb.AppendLine($"  load_addr: {h.LoadAddress}");
        sb.AppendLine($"  hdr_size: {h.HeaderSize}");
        sb.AppendLine($"  protected_tlv_size: {h.ProtectedTlvSize}");
        sb.AppendLine($"  img_size: {h.ImageSize}");
        sb.AppendLine($"  flags: {(uint)h.Flags}");
        sb.AppendLine($"  version: {h.Version}");
        sb.AppendLine("tlv_area:");
        if (image.ProtectedAreaOffset >= 0)
        {
            sb.AppendLine("  tlv_hdr_prot:");
            sb.AppendLine($"    magic: {TlvType.ProtectedInfoMagic}");
            sb.AppendLine($"    tlv_tot: {image.ProtectedAreaSize}");
            YamlTlvs(sb, "tlvs_prot", image.ProtectedTlvs);
        }

        sb.AppendLine("  tlv_hdr:");
        sb.AppendLine($"    magic: {TlvType.InfoMagic}");
        sb.AppendLine($"    tlv_tot: {image.UnprotectedAreaSize}");
        YamlTlvs(sb, "tlvs", image.UnprotectedTlvs);
        if (image.Trailer is { } t)
        {
            sb.AppendLine("trailer:");
            sb.AppendLine($"  magic: !!binary {Convert.ToBase64String(t.Magic)}");
            sb.AppendLine($"  magic_valid: {(t.MagicValid ? "true" : "false")}");
            sb.AppendLine($"  max_align: {t.MaxAlign}");
            sb.AppendLine($"  image_ok: {t.ImageOk}");
            sb.AppendLine($"  copy_done: {t.CopyDone}");
            sb.AppendLine($"  swap_info: {t.SwapInfo}");
            sb.AppendLine($"  swap_size: {t.SwapSize}");
        }

        return sb.ToString();
    }

    /// <summary>Names of the set header flags, e.g. <c>ENCRYPTED_AES128 (0x4)</c>.</summary>
    public static IEnumerable<string> FlagNames(ImageFlags flags)
    {
        foreach (ImageFlags f in Enum.GetValues<ImageFlags>())
        {
            if (f != ImageFlags.None && (flags & f) == f)
            {
                yield return $"{FlagName(f)} (0x{(uint)f:x})";
            }
        }

        var unknown = (uint)flags & ~Enum.GetValues<ImageFlags>().Aggregate(0u, (a, f) => a | (uint)f);
        if (unknown != 0)
        {
            yield return $"UNKNOWN (0x{unknown:x})";
        }
    }

    private static string FlagName(ImageFlags flag) => flag switch
    {
        ImageFlags.Pic => "PIC",
        ImageFlags.EncryptedAes128 => "ENCRYPTED_AES128",
        ImageFlags.EncryptedAes256 => "ENCRYPTED_AES256",
        ImageFlags.NonBootable => "NON_BOOTABLE",
        ImageFlags.RamLoad => "RAM_LOAD",
        ImageFlags.RomFixed => "ROM_FIXED",
        ImageFlags.CompressedLzma1 => "COMPRESSED_LZMA1",
        ImageFlags.CompressedLzma2 => "COMPRESSED_LZMA2",
        ImageFlags.CompressedArmThumb => "COMPRESSED_ARM_THUMB",
        _ => flag.ToString(),
    };

    /// <summary>A short decoding of well-known TLV values (version of a dependency, counter, UUID, ...), or null.</summary>
    public static string? Describe(ParsedTlv tlv, ByteOrder order)
    {
        var v = tlv.Value;
        switch (tlv.Type)
        {
            case TlvType.SecurityCounter when v.Length == 4:
                return order.ReadUInt32(v).ToString(CultureInfo.InvariantCulture);
            case TlvType.DecompSize when v.Length == 4:
                return $"{order.ReadUInt32(v)} bytes: the body size after decompression";
            case TlvType.CompDecSize when v.Length == 4:
                return $"{order.ReadUInt32(v)} bytes: the compressed body before AES padding";
            case TlvType.DecompSha:
                return $"hash of the decompressed image ({v.Length} bytes)";
            case TlvType.DecompSignature:
                return $"signature of the decompressed image ({v.Length} bytes)";
            case TlvType.Dependency when ImageDependency.Decode(v, order) is { } d:
                return $"image {d.ImageId} >= {d.MinimumVersion}";
            case TlvType.UuidVid or TlvType.UuidCid when v.Length == 16:
                return ImageUuid.Format(v);
            case TlvType.BootRecord:
                return BootRecord.TryDecode(v, out var claims) ? claims!.ToString() : "INVALID: not a CBOR map of software-component claims";
            case TlvType.SigPure:
                return v is [0x01] ? "pure Ed25519 signature over the image" : "INVALID: must be the single byte 0x01";
            case TlvType.EncRsa2048:
                return $"AES key wrapped with RSA-OAEP-SHA256 ({v.Length} bytes{(v.Length == Encryption.EncryptionKeyTlv.Rsa2048ValueLength ? string.Empty : ", INVALID: RSA-2048 gives 256")})";
            case TlvType.EncKw or TlvType.EncEc256 or TlvType.EncX25519 or TlvType.EncX25519Sha512:
                return DescribeKeyExchange(tlv.Type, v.Length);
            default:
                return null;
        }
    }

    /// <summary>The layout of an AES-KW or ECIES key TLV (mcuboot-image-format.md §6.5–§6.7), from its length.</summary>
    private static string DescribeKeyExchange(ushort type, int length)
    {
        if (!Encryption.EncryptionKeyTlv.TryGetAesKeyLength(type, length, out int aesKey))
        {
            return $"INVALID length {length} for {TlvType.NameOf(type)}";
        }

        string aes = $"AES-{aesKey * 8}";
        return type switch
        {
            TlvType.EncKw => $"{aes} key wrapped with AES-KW (RFC 3394)",
            TlvType.EncEc256 => $"ECIES-P256: ephemeral public key (65) | HMAC-SHA256 tag (32) | {aes} key (AES-CTR, {aesKey})",
            TlvType.EncX25519 => $"ECIES-X25519: ephemeral public key (32) | HMAC-SHA256 tag (32) | {aes} key (AES-CTR, {aesKey})",
            _ => $"ECIES-X25519: ephemeral public key (32) | HMAC-SHA512 tag (64) | {aes} key (AES-CTR, {aesKey})",
        };
    }

    private static void WriteTlvs(Utf8JsonWriter w, string name, IReadOnlyList<ParsedTlv> tlvs, ByteOrder order)
    {
        w.WriteStartArray(name);
        foreach (var tlv in tlvs)
        {
            w.WriteStartObject();
            w.WriteNumber("type", tlv.Type);
            w.WriteString("type_name", tlv.Name);
            w.WriteNumber("len", tlv.Value.Length);
            w.WriteString("data", Convert.ToHexStringLower(tlv.Value));
            if (Describe(tlv, order) is { } d)
            {
                w.WriteString("decoded", d);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void YamlTlvs(StringBuilder sb, string name, IReadOnlyList<ParsedTlv> tlvs)
    {
        if (tlvs.Count == 0)
        {
            sb.AppendLine($"  {name}: []");
            return;
        }

        sb.AppendLine($"  {name}:");
        foreach (var tlv in tlvs)
        {
            sb.AppendLine($"  - type: {tlv.Type}");
            sb.AppendLine($"    type_name: {tlv.Name}");
            sb.AppendLine($"    len: {tlv.Value.Length}");
            sb.AppendLine($"    data: !!binary {Convert.ToBase64String(tlv.Value)}");
        }
    }

    private static void Tlv(StringBuilder sb, ParsedTlv tlv, ByteOrder order)
    {
        sb.AppendLine($"  - type: {tlv.Name} (0x{tlv.Type:x2})");
        sb.AppendLine($"    len: 0x{tlv.Value.Length:x}");
        if (Describe(tlv, order) is { } d)
        {
            sb.AppendLine($"    value: {d}");
        }

        sb.Append("    data: ");
        for (int i = 0; i < tlv.Value.Length; i++)
        {
            if (i > 0 && i % 8 == 0)
            {
                sb.AppendLine().Append("          ");
            }

            sb.Append($"0x{tlv.Value[i]:x2} ");
        }

        sb.AppendLine();
    }

    private static string Flag(byte value) => value switch
    {
        0x01 => "SET (0x1)",
        0xff or 0x00 => $"UNSET (0x{value:x})",
        _ => $"BAD (0x{value:x})",
    };

    private static void Banner(StringBuilder sb, string title) => sb.AppendLine(("#### " + title + " ").PadRight(60, '#'));

    private static void Line(StringBuilder sb, string name, string value) => sb.AppendLine($"{name,-20}{value}");

    private static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
}
