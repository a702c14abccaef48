namespace McuBoot.Image;

/// <summary>TLV type codes (mcuboot-image-format.md §3.2) and their imgtool names.</summary>
public static class TlvType
{
    public const ushort ProtectedInfoMagic = 0x6908;
    public const ushort InfoMagic = 0x6907;

    public const ushort KeyHash = 0x01;
    public const ushort PublicKey = 0x02;
    public const ushort Sha256 = 0x10;
    public const ushort Sha384 = 0x11;
    public const ushort Sha512 = 0x12;
    public const ushort Rsa2048 = 0x20;
    public const ushort Ecdsa224 = 0x21;
    public const ushort EcdsaSig = 0x22;
    public const ushort Rsa3072 = 0x23;
    public const ushort Ed25519 = 0x24;
    public const ushort SigPure = 0x25;
    public const ushort EncRsa2048 = 0x30;
    public const ushort EncKw = 0x31;
    public const ushort EncEc256 = 0x32;
    public const ushort EncX25519 = 0x33;
    public const ushort EncX25519Sha512 = 0x34;
    public const ushort Dependency = 0x40;
    public const ushort SecurityCounter = 0x50;
    public const ushort BootRecord = 0x60;
    public const ushort DecompSize = 0x70;
    public const ushort DecompSha = 0x71;
    public const ushort DecompSignature = 0x72;
    public const ushort CompDecSize = 0x73;
    public const ushort UuidVid = 0x74;
    public const ushort UuidCid = 0x75;

    /// <summary>MANIFEST (Nordic's imgtool fork): the digests of the other images of a manifest-based update.</summary>
    public const ushort Manifest = 0x76;

    /// <summary>Lowest custom (vendor) TLV type imgtool accepts.</summary>
    public const ushort CustomMin = 0x00a0;

    /// <summary>Highest custom TLV type (0xffff is the iterator wildcard).</summary>
    public const ushort CustomMax = 0xfffe;

    private static readonly Dictionary<ushort, string> Names = new()
    {
        [KeyHash] = "KEYHASH",
        [PublicKey] = "PUBKEY",
        [Sha256] = "SHA256",
        [Sha384] = "SHA384",
        [Sha512] = "SHA512",
        [Rsa2048] = "RSA2048",
        [Ecdsa224] = "ECDSA224",
        [EcdsaSig] = "ECDSASIG",
        [Rsa3072] = "RSA3072",
        [Ed25519] = "ED25519",
        [SigPure] = "SIG_PURE",
        [EncRsa2048] = "ENCRSA2048",
        [EncKw] = "ENCKW",
        [EncEc256] = "ENCEC256",
        [EncX25519] = "ENCX25519",
        [EncX25519Sha512] = "ENCX25519_SHA512",
        [Dependency] = "DEPENDENCY",
        [SecurityCounter] = "SEC_CNT",
        [BootRecord] = "BOOT_RECORD",
        [DecompSize] = "DECOMP_SIZE",
        [DecompSha] = "DECOMP_SHA",
        [DecompSignature] = "DECOMP_SIGNATURE",
        [CompDecSize] = "COMP_DEC_SIZE",
        [UuidVid] = "UUID_VID",
        [UuidCid] = "UUID_CID",
        [Manifest] = "MANIFEST",
    };

    /// <summary>Whether the type is one MCUboot predefines (custom TLVs must not use these).</summary>
    public static bool IsPredefined(ushort type) => Names.ContainsKey(type);

    /// <summary>imgtool's name for a type, or <c>UNKNOWN</c>/<c>CUSTOM</c>.</summary>
    public static string NameOf(ushort type)
        => Names.TryGetValue(type, out var name) ? name : type is >= CustomMin and <= CustomMax ? "CUSTOM" : "UNKNOWN";

    /// <summary>The hash TLV type for an algorithm.</summary>
    public static ushort ForHash(ImageHashAlgorithm algorithm) => algorithm switch
    {
        ImageHashAlgorithm.Sha256 => Sha256,
        ImageHashAlgorithm.Sha384 => Sha384,
        _ => Sha512,
    };

    /// <summary>The hash algorithm of a hash TLV type, or null.</summary>
    public static ImageHashAlgorithm? HashOf(ushort type) => type switch
    {
        Sha256 => ImageHashAlgorithm.Sha256,
        Sha384 => ImageHashAlgorithm.Sha384,
        Sha512 => ImageHashAlgorithm.Sha512,
        _ => null,
    };
}
