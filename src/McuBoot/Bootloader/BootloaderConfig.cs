// One bootloader build's acceptance settings: mcuboot-acceptance-rules.md §10 ("Inputs the model therefore needs") and
// the macros of boot/zephyr/include/mcuboot_config/mcuboot_config.h and boot/zephyr/Kconfig at MCUboot v2.4.0.
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Bootloader;

/// <summary>
/// What one MCUboot build accepts: signature type and keys, hash, pure, key TLV kind, allow-list, upgrade mode and flash
/// geometry, encryption, rollback and UUID checks. An immutable record: construct it with an object initializer (every
/// property has MCUboot's Zephyr default) or start from <see cref="ZephyrDefaults"/>, which also records the values it
/// had to assume in <see cref="Assumptions"/>.
/// </summary>
public sealed record BootloaderConfig
{
    /// <summary><c>BOOT_SIGNATURE_TYPE</c> (<c>MCUBOOT_SIGN_*</c>); <see cref="BootloaderSignatureType.None"/> checks the hash only.</summary>
    public BootloaderSignatureType SignatureType { get; init; } = BootloaderSignatureType.None;

    /// <summary>The embedded keys, in <c>bootutil_keys[]</c> order (the first match of a KEYHASH wins).</summary>
    public IReadOnlyList<BootloaderKey> Keys { get; init; } = [];

    /// <summary>
    /// The image hash (<c>EXPECTED_HASH_TLV</c>, <c>include/bootutil/crypto/sha.h</c>): SHA-256, SHA-384 with
    /// <c>MCUBOOT_SIGN_EC384</c>, SHA-512 with <c>MCUBOOT_SHA512</c> (<c>BOOT_IMG_HASH_ALG_SHA512</c>). Also the KEYHASH algorithm.
    /// </summary>
    public ImageHashAlgorithm HashAlgorithm { get; init; } = ImageHashAlgorithm.Sha256;

    /// <summary><c>MCUBOOT_SIGN_PURE</c> (<c>BOOT_SIGNATURE_TYPE_PURE</c>): Ed25519 over the image itself; SIG_PURE required, hash TLV ignored.</summary>
    public bool Pure { get; init; }

    /// <summary>The key TLV the bootloader reads: KEYHASH (default), PUBKEY (<c>MCUBOOT_HW_KEY</c>) or none (<c>MCUBOOT_BUILTIN_KEY</c>).</summary>
    public KeyTlvKind KeyTlv { get; init; } = KeyTlvKind.Hash;

    /// <summary>
    /// <c>MCUBOOT_HW_KEY</c>: the provisioned public-key hash (<c>boot_retrieve_public_key_hash</c>); null uses the hash of
    /// <see cref="Keys"/>[0].
    /// </summary>
    public byte[]? ProvisionedKeyHash { get; init; }

    /// <summary><c>MCUBOOT_USE_TLV_ALLOW_LIST</c> (Zephyr default y): only signature, key, hash and encryption TLVs may be unprotected.</summary>
    public bool UseTlvAllowList { get; init; } = true;

    /// <summary>The upgrade mode (<c>BOOT_IMAGE_UPGRADE_MODE</c>).</summary>
    public UpgradeMode Mode { get; init; } = UpgradeMode.SwapMove;

    /// <summary>Size of the primary slot in bytes; null when unknown (no size limit is then checked).</summary>
    public long? PrimarySlotSize { get; init; }

    /// <summary>Size of the secondary slot; null: the same as the primary.</summary>
    public long? SecondarySlotSize { get; init; }

    /// <summary>Swap-scratch only: size of the scratch partition; null: one sector.</summary>
    public long? ScratchSize { get; init; }

    /// <summary>The flash erase (sector) size <c>E</c>, assumed uniform over both slots.</summary>
    public int SectorSize { get; init; } = 4096;

    /// <summary>
    /// <c>BOOT_MAX_IMG_SECTORS</c> (<c>N</c>); null: Zephyr's <c>BOOT_MAX_IMG_SECTORS_AUTO</c>, the larger slot divided by the sector size.
    /// </summary>
    public int? MaxImageSectors { get; init; }

    /// <summary><c>BOOT_WRITE_SZ</c> (<c>W</c>, imgtool <c>--align</c>): the flash write-block size, 1..32.</summary>
    public int WriteAlignment { get; init; } = 4;

    /// <summary><c>BOOT_MAX_ALIGN</c> (<c>MA</c>): 8, or 16/32 with <c>MCUBOOT_BOOT_MAX_ALIGN</c>; also picks the trailer magic.</summary>
    public int MaxAlign { get; init; } = 8;

    /// <summary>The flash's erased value (0xff, or 0x00 on some devices).</summary>
    public byte ErasedValue { get; init; } = 0xff;

    /// <summary><c>MCUBOOT_ENC_IMAGES</c> and its key transport; <see cref="EncryptionScheme.None"/> rejects encrypted images.</summary>
    public EncryptionScheme Encryption { get; init; } = EncryptionScheme.None;

    /// <summary><c>MCUBOOT_AES_256</c> (<c>BOOT_ENCRYPT_ALG_AES_256</c>): sizes the encryption TLV and key slots.</summary>
    public bool Aes256 { get; init; }

    /// <summary><c>MCUBOOT_HMAC_SHA512</c> (<c>BOOT_HMAC_SHA512</c>): X25519 uses ENC_X25519_SHA512 (0x34) instead of 0x33.</summary>
    public bool HmacSha512 { get; init; }

    /// <summary><c>MCUBOOT_SWAP_SAVE_ENCTLV</c>: the trailer keeps the whole encryption TLV instead of the AES key.</summary>
    public bool SaveEncTlv { get; init; }

    /// <summary><c>MCUBOOT_DECOMPRESS_IMAGES</c> (vendor forks only): compressed images pass the header gate.</summary>
    public bool DecompressImages { get; init; }

    /// <summary><c>MCUBOOT_HW_ROLLBACK_PROT</c> (<c>MCUBOOT_HW_DOWNGRADE_PREVENTION</c>): a SEC_CNT TLV is mandatory and compared.</summary>
    public bool HardwareRollbackProtection { get; init; }

    /// <summary>The stored (NV) security counter an image's SEC_CNT must reach; null: 0.</summary>
    public uint? StoredSecurityCounter { get; init; }

    /// <summary><c>MCUBOOT_UUID_VID</c>: the 16-byte vendor UUID the image's UUID_VID TLV must carry; null: not checked.</summary>
    public byte[]? VendorUuid { get; init; }

    /// <summary><c>MCUBOOT_UUID_CID</c>: the 16-byte class UUID the image's UUID_CID TLV must carry; null: not checked.</summary>
    public byte[]? ClassUuid { get; init; }

    /// <summary>
    /// <c>MCUBOOT_DOWNGRADE_PREVENTION</c> (by version): the version of the image installed in the primary slot. An update
    /// in a swap or overwrite-only mode older than it is refused (loader.c:check_downgrade_prevention); null: not checked.
    /// </summary>
    public ImageVersion? PrimaryVersion { get; init; }

    /// <summary><c>MCUBOOT_VERSION_CMP_USE_BUILD_NUMBER</c>: version comparisons include the build number.</summary>
    public bool VersionCompareUsesBuildNumber { get; init; }

    /// <summary>
    /// The versions of the other images of a multi-image build (image index to version), for the image's DEPENDENCY TLVs
    /// (loader.c:boot_verify_slot_dependency); null: dependencies are not checked.
    /// </summary>
    public IReadOnlyDictionary<int, ImageVersion>? ImageVersions { get; init; }

    /// <summary>
    /// RAM-load only: <c>IMAGE_EXECUTABLE_RAM_START</c> (Zephyr <c>CONFIG_BOOT_IMAGE_EXECUTABLE_RAM_START</c>), the RAM the
    /// bootloader copies images into; null: the window is not checked.
    /// </summary>
    public long? ExecutableRamStart { get; init; }

    /// <summary>RAM-load only: <c>IMAGE_EXECUTABLE_RAM_SIZE</c> (Zephyr <c>CONFIG_BOOT_IMAGE_EXECUTABLE_RAM_SIZE</c>).</summary>
    public long? ExecutableRamSize { get; init; }

    /// <summary>Values that were not given but assumed (each a sentence naming the value and why); empty when fully configured.</summary>
    public IReadOnlyList<string> Assumptions { get; init; } = [];

    /// <summary>The signature TLV this build verifies (<c>EXPECTED_SIG_TLV</c>), or null for <see cref="BootloaderSignatureType.None"/>.</summary>
    public ushort? ExpectedSignatureTlv => SignatureType switch
    {
        BootloaderSignatureType.Rsa2048 => TlvType.Rsa2048,
        BootloaderSignatureType.Rsa3072 => TlvType.Rsa3072,
        BootloaderSignatureType.EcdsaP256 or BootloaderSignatureType.EcdsaP384 => TlvType.EcdsaSig,
        BootloaderSignatureType.Ed25519 => TlvType.Ed25519,
        _ => null,
    };

    /// <summary>The hash TLV this build compares (<c>EXPECTED_HASH_TLV</c>).</summary>
    public ushort ExpectedHashTlv => TlvType.ForHash(HashAlgorithm);

    /// <summary>The key TLV this build reads (<c>EXPECTED_KEY_TLV</c>), or null for built-in keys or no signature.</summary>
    public ushort? ExpectedKeyTlv => SignatureType == BootloaderSignatureType.None ? null : KeyTlv switch
    {
        KeyTlvKind.Hash => TlvType.KeyHash,
        KeyTlvKind.FullPublicKey => TlvType.PublicKey,
        _ => null,
    };

    /// <summary>The encryption TLV this build reads (<c>BOOT_ENC_TLV</c>), or null without encryption.</summary>
    public ushort? ExpectedEncryptionTlv => Encryption switch
    {
        EncryptionScheme.Rsa => TlvType.EncRsa2048,
        EncryptionScheme.AesKeyWrap => TlvType.EncKw,
        EncryptionScheme.EcdhP256 => TlvType.EncEc256,
        EncryptionScheme.X25519 => HmacSha512 ? TlvType.EncX25519Sha512 : TlvType.EncX25519,
        _ => null,
    };

    /// <summary>The secondary slot size (the primary's when not given).</summary>
    public long? EffectiveSecondarySlotSize => SecondarySlotSize ?? PrimarySlotSize;

    /// <summary><c>N</c>: <see cref="MaxImageSectors"/>, else the larger slot's sector count (Zephyr <c>BOOT_MAX_IMG_SECTORS_AUTO</c>), else 128.</summary>
    public int EffectiveMaxImageSectors => MaxImageSectors
        ?? (PrimarySlotSize is long p ? (int)Math.Max(1, (Math.Max(p, EffectiveSecondarySlotSize ?? p) + SectorSize - 1) / SectorSize) : 128);

    /// <summary>
    /// MCUboot's Zephyr defaults at v2.4.0 for the given keys (mcuboot-acceptance-rules.md §10), recording what was
    /// assumed: the signature type of the first key (no key: signatures are not checked), SHA-256 (SHA-384 for P-384
    /// keys), KEYHASH, allow-list on, swap-move (the sysbuild default), 4 KiB sectors, write size 4, BOOT_MAX_ALIGN 8,
    /// <c>BOOT_MAX_IMG_SECTORS_AUTO</c>, no encryption, no rollback protection, no UUID checks.
    /// </summary>
    /// <param name="keys">The bootloader's keys (none: the signature type is unknown and signatures are not checked).</param>
    /// <param name="primarySlotSize">The primary slot size, when known; without it no size limit is checked.</param>
    public static BootloaderConfig ZephyrDefaults(IReadOnlyList<BootloaderKey>? keys = null, long? primarySlotSize = null)
    {
        keys ??= [];
        var assumed = new List<string>();
        var signature = keys.Count == 0 ? BootloaderSignatureType.None : keys[0].SignatureType;
        if (keys.Count == 0)
        {
            assumed.Add("no bootloader key given: signatures are not checked (as BOOT_SIGNATURE_TYPE_NONE); pass -k with the bootloader's key");
        }
        else
        {
            assumed.Add($"signature type {signature} (the type of the first key, {keys[0].Source})");
            var other = keys.FirstOrDefault(k => k.SignatureType != signature);
            if (other is not null)
            {
                assumed.Add($"key {other.Source} is {McuBoot.Keys.KeyTypeNames.WithArticle(other.KeyType)}, which a {signature} bootloader never uses");
            }
        }

        var hash = signature == BootloaderSignatureType.EcdsaP384 ? ImageHashAlgorithm.Sha384 : ImageHashAlgorithm.Sha256;
        assumed.Add($"image hash {hash.TlvName()} (BOOT_IMG_HASH_ALG default), not pure, KEYHASH key TLV");
        assumed.Add("TLV allow-list on (MCUBOOT_USE_TLV_ALLOW_LIST, default y in every port)");
        assumed.Add("upgrade mode swap-move (the sysbuild default SB_CONFIG_MCUBOOT_MODE_SWAP_USING_MOVE)");
        if (primarySlotSize is null)
        {
            assumed.Add("slot size unknown: the size limit is not checked (pass --slot-size or a layout)");
        }
        else
        {
            assumed.Add("4 KiB sectors, write size 4, BOOT_MAX_ALIGN 8, BOOT_MAX_IMG_SECTORS_AUTO (slot / sector)");
        }

        assumed.Add("no image encryption, no hardware rollback protection, no UUID checks");
        return new BootloaderConfig
        {
            SignatureType = signature,
            Keys = keys,
            HashAlgorithm = hash,
            PrimarySlotSize = primarySlotSize,
            Assumptions = assumed,
        };
    }

    /// <summary>A one-line summary of the configuration (signature, hash, key TLV, allow-list, mode, slot), for messages.</summary>
    public string Describe()
    {
        string signature = SignatureType == BootloaderSignatureType.None ? "no signature check" : $"{SignatureType}{(Pure ? " pure" : string.Empty)} with {Keys.Count} key{(Keys.Count == 1 ? string.Empty : "s")}";
        string key = KeyTlv switch { KeyTlvKind.FullPublicKey => "PUBKEY (HW key)", KeyTlvKind.BuiltIn => "built-in key", _ => "KEYHASH" };
        string slot = PrimarySlotSize is long s ? $"0x{s:x}-byte slot" : "slot size unknown";
        return $"{signature}, {HashAlgorithm.TlvName()}, {key}, allow-list {(UseTlvAllowList ? "on" : "off")}, {UpgradeModeNames.Name(Mode)}, {slot}";
    }

    /// <summary>The signature type for a key type.</summary>
    public static BootloaderSignatureType SignatureTypeOf(KeyType keyType) => new BootloaderKey(keyType, [], string.Empty).SignatureType;
}
