using System.Globalization;
using System.Text;
using McuBoot.Image;

namespace McuBoot.Tests.Properties;

/// <summary>
/// A random set of <c>sign</c> options (what the sign property test feeds the tool) and what the image must then
/// hold, derived from mcuboot-image-format.md (§2, §3.3, §3.4, §4.2, §5.2–§5.4) rather than from the implementation.
/// </summary>
internal sealed record SignOptionSet
{
    /// <summary>Conformance key file name, or null for a hash-only image.</summary>
    public string? Key { get; init; }

    public string? Sha { get; init; }

    public bool Pure { get; init; }

    public string? PublicKeyFormat { get; init; }

    public int HeaderSize { get; init; } = 0x200;

    public bool HeaderSizeInHex { get; init; }

    public bool PadHeader { get; init; }

    public int Major { get; init; }

    public int Minor { get; init; }

    public int Revision { get; init; }

    public uint Build { get; init; }

    /// <summary>How many version parts are written (1: "1", 2: "1.2", 3: "1.2.3", 4: "1.2.3+4"); the others are zero.</summary>
    public int VersionParts { get; init; } = 4;

    /// <summary>null, "auto", or a number in decimal or 0x form.</summary>
    public string? SecurityCounter { get; init; }

    public IReadOnlyList<DependencySpec> Dependencies { get; init; } = [];

    public IReadOnlyList<CustomTlvSpec> CustomTlvs { get; init; } = [];

    public string? BootRecord { get; init; }

    public byte[]? VendorUuid { get; init; }

    public byte[]? ClassUuid { get; init; }

    public uint? LoadAddress { get; init; }

    public uint? RomFixed { get; init; }

    public bool NonBootable { get; init; }

    /// <summary>"none", "pad", "confirm" or "test".</summary>
    public string Trailer { get; init; } = "none";

    public bool OverwriteOnly { get; init; }

    public int? Align { get; init; }

    public int? MaxAlign { get; init; }

    public int? MaxSectors { get; init; }

    public bool BigEndian { get; init; }

    /// <summary>null (default 0xff), "0" or "0xff".</summary>
    public string? Erased { get; init; }

    public bool HexOutput { get; init; }

    public bool HexInput { get; init; }

    /// <summary>Base address of a HEX input, or the <c>-x</c> address of a HEX output from a binary input.</summary>
    public uint HexAddress { get; init; }

    public int FirmwareLength { get; init; }

    public int FirmwareSeed { get; init; }

    public const long SlotSize = 0x20000;

    public string VersionText => VersionParts switch
    {
        1 => $"{Major}",
        2 => $"{Major}.{Minor}",
        3 => $"{Major}.{Minor}.{Revision}",
        _ => $"{Major}.{Minor}.{Revision}+{Build}",
    };

    /// <summary>The version the header holds, as the tool prints it (parts not written are zero).</summary>
    public string ExpectedVersion => $"{Major}.{Minor}.{Revision}+{Build}";

    public bool Padded => Trailer != "none";

    public byte ErasedValue => Erased == "0" ? (byte)0 : (byte)0xff;

    public int EffectiveMaxAlign => MaxAlign ?? Math.Max(8, Align ?? 1);

    /// <summary>The hash algorithm §4.2 picks.</summary>
    public ImageHashAlgorithm Hash => Pure ? ImageHashAlgorithm.Sha512 : (Key, Sha) switch
    {
        ("ecdsa-p384.pem", _) => ImageHashAlgorithm.Sha384,
        (_, "384") => ImageHashAlgorithm.Sha384,
        (_, "512") => ImageHashAlgorithm.Sha512,
        _ => ImageHashAlgorithm.Sha256,
    };

    /// <summary>The signature TLV type, or null for a hash-only image.</summary>
    public ushort? SignatureType => Key switch
    {
        "ed25519.pem" => TlvType.Ed25519,
        "ecdsa-p256.pem" or "ecdsa-p384.pem" => TlvType.EcdsaSig,
        "rsa-2048.pem" => TlvType.Rsa2048,
        _ => null,
    };

    public uint? ExpectedSecurityCounter => SecurityCounter switch
    {
        null => null,
        "auto" => (uint)((Major << 24) + (Minor << 16) + Revision),
        var s when s.StartsWith("0x", StringComparison.Ordinal) => uint.Parse(s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        var s => uint.Parse(s, CultureInfo.InvariantCulture),
    };

    public ImageFlags ExpectedFlags
    {
        get
        {
            var flags = NonBootable ? ImageFlags.NonBootable : ImageFlags.None;
            if (RomFixed is > 0)
            {
                flags |= ImageFlags.RomFixed;
            }
            else if (LoadAddress is > 0)
            {
                flags |= ImageFlags.RamLoad;
            }

            return flags;
        }
    }

    public uint ExpectedLoadAddress => RomFixed ?? LoadAddress ?? 0;

    /// <summary>The protected TLV types in §3.3's order.</summary>
    public IEnumerable<ushort> ExpectedProtectedTypes()
    {
        if (SecurityCounter != null)
        {
            yield return TlvType.SecurityCounter;
        }

        if (BootRecord != null)
        {
            yield return TlvType.BootRecord;
        }

        foreach (var _ in Dependencies)
        {
            yield return TlvType.Dependency;
        }

        if (VendorUuid != null)
        {
            yield return TlvType.UuidVid;
        }

        if (ClassUuid != null)
        {
            yield return TlvType.UuidCid;
        }

        foreach (var tlv in CustomTlvs.Where(t => !t.FromFile).Concat(CustomTlvs.Where(t => t.FromFile)))
        {
            yield return tlv.Tag;
        }
    }

    /// <summary>
    /// True when the last protected TLV is an empty custom TLV: bootutil_tlv_iter_is_prot counts it as unprotected, so
    /// every allow-list bootloader rejects the image and sign refuses it (MCUB4122).
    /// </summary>
    public bool LastProtectedTlvEmpty => CustomTlvs.Where(t => !t.FromFile).Concat(CustomTlvs.Where(t => t.FromFile)).LastOrDefault() is { Value.Length: 0 };

    /// <summary>The unprotected TLV types in §3.3's order.</summary>
    public IEnumerable<ushort> ExpectedUnprotectedTypes()
    {
        yield return TlvType.ForHash(Hash);
        if (Pure)
        {
            yield return TlvType.SigPure;
        }

        if (SignatureType is ushort signature)
        {
            yield return PublicKeyFormat == "full" ? TlvType.PublicKey : TlvType.KeyHash;
            yield return signature;
        }
    }

    /// <summary>The trailer's image_ok byte as §5.2 writes it (binary: the whole trailer; HEX: only magic and flag block).</summary>
    public byte ExpectedImageOk
    {
        get
        {
            if (Trailer == "confirm" && !OverwriteOnly)
            {
                return 0x01;
            }

            if (!HexOutput)
            {
                return ErasedValue;
            }

            return Trailer == "test" && !OverwriteOnly ? ErasedValue : (byte)0xff;
        }
    }

    /// <summary>The firmware the input file holds (binary, before any header padding).</summary>
    public byte[] Firmware()
    {
        var data = new byte[FirmwareLength];
        var random = new Random(FirmwareSeed);
        random.NextBytes(data);
        if (!PadHeader)
        {
            data.AsSpan(0, Math.Min(HeaderSize, data.Length)).Clear();
        }

        return data;
    }

    /// <summary>The sign command line (<paramref name="keyDirectory"/> holds the conformance keys).</summary>
    public string[] ToArgs(string keyDirectory, string input, string output, Func<CustomTlvSpec, string> customFile)
    {
        var args = new List<string> { "sign" };
        if (Key != null)
        {
            args.AddRange(["-k", Path.Combine(keyDirectory, Key)]);
        }

        if (Sha != null)
        {
            args.AddRange(["--sha", Sha]);
        }

        if (Pure)
        {
            args.Add("--pure");
        }

        if (PublicKeyFormat != null)
        {
            args.AddRange(["--public-key-format", PublicKeyFormat]);
        }

        args.AddRange(["-v", VersionText]);
        args.AddRange(["-H", HeaderSizeInHex ? $"0x{HeaderSize:x}" : HeaderSize.ToString(CultureInfo.InvariantCulture)]);
        if (PadHeader)
        {
            args.Add("--pad-header");
        }

        args.AddRange(["-S", $"0x{SlotSize:x}"]);
        if (SecurityCounter != null)
        {
            args.AddRange(["-s", SecurityCounter]);
        }

        if (Dependencies.Count > 0)
        {
            args.AddRange(["-d", string.Join(",", Dependencies.Select(d => $"({d.ImageId},{d.VersionText})"))]);
        }

        foreach (var tlv in CustomTlvs)
        {
            if (tlv.FromFile)
            {
                args.AddRange(["--custom-tlv-file", $"0x{tlv.Tag:x}", customFile(tlv)]);
            }
            else
            {
                args.AddRange(["--custom-tlv", $"0x{tlv.Tag:x}", tlv.Text]);
            }
        }

        if (BootRecord != null)
        {
            args.AddRange(["--boot-record", BootRecord]);
        }

        if (VendorUuid != null)
        {
            args.AddRange(["--vid", new Guid(VendorUuid, bigEndian: true).ToString()]);
        }

        if (ClassUuid != null)
        {
            args.AddRange(["--cid", Convert.ToHexStringLower(ClassUuid)]);
        }

        if (LoadAddress is uint load)
        {
            args.AddRange(["-L", $"0x{load:x}"]);
        }

        if (RomFixed is uint rom)
        {
            args.AddRange(["-F", $"0x{rom:x}"]);
        }

        if (NonBootable)
        {
            args.Add("--non-bootable");
        }

        if (Trailer != "none")
        {
            args.Add("--" + Trailer);
        }

        if (OverwriteOnly)
        {
            args.Add("--overwrite-only");
        }

        if (Align is int align)
        {
            args.AddRange(["--align", align.ToString(CultureInfo.InvariantCulture)]);
        }

        if (MaxAlign is int maxAlign)
        {
            args.AddRange(["--max-align", maxAlign.ToString(CultureInfo.InvariantCulture)]);
        }

        if (MaxSectors is int sectors)
        {
            args.AddRange(["-M", sectors.ToString(CultureInfo.InvariantCulture)]);
        }

        if (BigEndian)
        {
            args.AddRange(["-e", "big"]);
        }

        if (Erased != null)
        {
            args.AddRange(["-R", Erased]);
        }

        if (HexOutput && !HexInput)
        {
            args.AddRange(["-x", $"0x{HexAddress:x}"]);
        }

        args.AddRange([input, output]);
        return args.ToArray();
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(' ', ToArgs("keys", HexInput ? "in.hex" : "in.bin", HexOutput ? "out.hex" : "out.bin", t => $"tlv-{t.Tag:x}.bin").Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"'{a}'" : a)));
        sb.Append(CultureInfo.InvariantCulture, $" (firmware {FirmwareLength} bytes, seed {FirmwareSeed})");
        return sb.ToString();
    }
}
