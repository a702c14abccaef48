namespace McuBoot.Diagnostics;

/// <summary>
/// MCUB8xxx: bootloader/image consistency checks (<c>McuBoot.Checks</c>, <c>dotnet mcuboot check</c>) and the
/// bootloader-side key outputs (<c>McuBoot.BootloaderKeys</c>, <c>dotnet mcuboot bootloader-config</c>).
/// Each check has its own code; docs/check.md lists them with their severity and fix.
/// </summary>
public static partial class ErrorCodes
{
    // ---- MCUB80xx: reading firmware files (thrown) ----

    /// <summary>An ELF file is truncated or its headers point outside the file.</summary>
    public const string ElfInvalid = "MCUB8001";

    /// <summary>An ELF file is big-endian or of an unknown class; only little-endian ELF32/ELF64 is read.</summary>
    public const string ElfUnsupported = "MCUB8002";

    /// <summary>A firmware file (image or bootloader) holds no data: empty file, empty HEX, ELF without loadable sections.</summary>
    public const string FirmwareFileEmpty = "MCUB8003";

    // ---- MCUB81xx: the image itself (§2, §3, §10.2 steps 1, 4, 6) ----

    /// <summary>The image cannot be parsed as MCUboot does it (magic, header, TLV areas); the bootloader rejects it.</summary>
    public const string CheckImageUnreadable = "MCUB8101";

    /// <summary>The hash TLV does not match the image: the bootloader rejects it.</summary>
    public const string CheckImageHashInvalid = "MCUB8102";

    /// <summary>The image has no (valid) SHA256/SHA384/SHA512 TLV: the bootloader rejects it.</summary>
    public const string CheckImageNoHash = "MCUB8103";

    /// <summary>The image was written big-endian (<c>-e big</c>): MCUboot reads it little-endian and rejects it (§11 item 1).</summary>
    public const string CheckImageBigEndian = "MCUB8104";

    /// <summary>The header's protected-TLV size disagrees with the protected TLV area (§10.2 step 6.3).</summary>
    public const string CheckProtectedSizeMismatch = "MCUB8105";

    /// <summary>The NON_BOOTABLE flag is set: MCUboot never boots or installs the image (§10.2 step 1).</summary>
    public const string CheckNonBootable = "MCUB8106";

    /// <summary>Both the AES-128 and the AES-256 flags are set (§10.2 step 4).</summary>
    public const string CheckBothAesFlags = "MCUB8107";

    /// <summary>The image is flagged encrypted but carries no encryption-key TLV (§11 items 2 and 5).</summary>
    public const string CheckEncryptedWithoutKeyTlv = "MCUB8108";

    /// <summary>An encryption-key TLV has a length the bootloader does not accept, or there are several (§10.2 step 5).</summary>
    public const string CheckEncryptionTlvInvalid = "MCUB8109";

    /// <summary>Compression flags: both LZMA1 and LZMA2 (rejected), or a compressed image (needs decompression support).</summary>
    public const string CheckCompression = "MCUB8110";

    /// <summary>The BOOT_RECORD TLV is larger than the measured-boot limit (default 64 bytes, §11 item 30).</summary>
    public const string CheckBootRecordTooLarge = "MCUB8111";

    /// <summary>The SEC_CNT TLV is not 4 bytes long.</summary>
    public const string CheckSecurityCounterInvalid = "MCUB8112";

    /// <summary>A DEPENDENCY TLV is malformed (not 12 bytes) or in the unprotected area, where MCUboot ignores it.</summary>
    public const string CheckDependencyInvalid = "MCUB8113";

    /// <summary>The RAM_LOAD flag is set but the load address is 0 (§10.3).</summary>
    public const string CheckRamLoadAddressMissing = "MCUB8114";

    /// <summary>A signature TLV has a length the bootloader rejects (RSA exact, Ed25519 64, ECDSA at most 128; §4.4).</summary>
    public const string CheckSignatureLengthInvalid = "MCUB8115";

    /// <summary>The hash algorithm cannot go with the signature type (RSA and ECDSA P-256 need SHA-256, P-384 SHA-384; §4.4, App. A).</summary>
    public const string CheckHashNotAllowedForSignature = "MCUB8116";

    /// <summary>A SIG_PURE TLV is malformed or does not go with an Ed25519 signature.</summary>
    public const string CheckPureInvalid = "MCUB8117";

    /// <summary>Bytes after the TLVs that are neither erased nor a valid trailer.</summary>
    public const string CheckDataAfterTlvs = "MCUB8118";

    // ---- MCUB82xx: keys (§4.5, §10.2 step 6.5) ----

    /// <summary>The bootloader binary does not contain the image's public key (in any form MCUboot embeds it) nor its key hash.</summary>
    public const string CheckBootloaderKeyMissing = "MCUB8201";

    /// <summary>The image is not signed (only a BOOT_SIGNATURE_TYPE_NONE bootloader accepts it).</summary>
    public const string CheckImageUnsigned = "MCUB8202";

    /// <summary>The image is signed but no KEYHASH/PUBKEY TLV precedes the signature, so MCUboot ignores the signature.</summary>
    public const string CheckNoKeyTlv = "MCUB8203";

    /// <summary>The KEYHASH TLV is shorter than the digest: MCUboot compares it as a prefix (§11 item 17).</summary>
    public const string CheckKeyHashTruncated = "MCUB8204";

    /// <summary>The KEYHASH TLV is longer than the digest: MCUboot rejects the image.</summary>
    public const string CheckKeyHashTooLong = "MCUB8205";

    /// <summary>The image's key TLV does not match the key given with --key: it was signed with another key.</summary>
    public const string CheckSignedWithOtherKey = "MCUB8206";

    /// <summary>The signature does not verify with the key given with --key.</summary>
    public const string CheckSignatureInvalid = "MCUB8207";

    /// <summary>The bootloader holds only keys of another type than the image's signature.</summary>
    public const string CheckSignatureTypeNotInBootloader = "MCUB8208";

    /// <summary>The image carries a full PUBKEY TLV (MCUBOOT_HW_KEY) but the bootloader has a built-in key (§4.5).</summary>
    public const string CheckPublicKeyTlvOnBuiltInKeyBootloader = "MCUB8209";

    /// <summary>No public key or key hash was found in the bootloader binary (hardware key, KMU, or keys elsewhere).</summary>
    public const string CheckNoKeysInBootloader = "MCUB8210";

    /// <summary>The image is signed with one of MCUboot's published development keys.</summary>
    public const string DevelopmentKeyInImage = "MCUB8211";

    /// <summary>The bootloader embeds one of MCUboot's published development keys.</summary>
    public const string DevelopmentKeyInBootloader = "MCUB8212";

    /// <summary>Signing (or configuring the bootloader) with one of MCUboot's published test keys.</summary>
    public const string DevelopmentKeyUsed = "MCUB8213";

    // ---- MCUB83xx: geometry (layout, sizes, addresses; §5.4, §5.5, §8, §10.2 steps 4, 7, 8) ----

    /// <summary>The image header size differs from the layout's header pad (mcuboot_pad).</summary>
    public const string CheckHeaderSizeMismatch = "MCUB8301";

    /// <summary>The image plus its trailer does not fit the primary slot.</summary>
    public const string CheckTooLargeForPrimary = "MCUB8302";

    /// <summary>The image plus its trailer does not fit the secondary slot.</summary>
    public const string CheckTooLargeForSecondary = "MCUB8303";

    /// <summary>The .hex/ELF image does not start at the primary or secondary slot address.</summary>
    public const string CheckHexBaseMismatch = "MCUB8304";

    /// <summary>A padded image (trailer magic at its end) is not exactly one slot long, so the magic misses the slot end.</summary>
    public const string CheckPaddedSizeMismatch = "MCUB8305";

    /// <summary>ROM_FIXED is set but ih_load_addr is not a slot address (direct-XIP skips the image).</summary>
    public const string CheckRomFixedAddressMismatch = "MCUB8306";

    /// <summary>The layout gives no geometry for the requested image.</summary>
    public const string CheckLayoutUnusable = "MCUB8307";

    /// <summary>An encrypted image is placed at the primary slot, where MCUboot expects plaintext.</summary>
    public const string CheckEncryptedAtPrimary = "MCUB8308";

    // ---- MCUB84xx: vector table at the header offset (§11 item 32, App. A ROM_START_OFFSET) ----

    /// <summary>The initial stack pointer (first word after the header) is in no RAM: neither in the known RAM nor in the Cortex-M RAM regions.</summary>
    public const string CheckStackPointerImplausible = "MCUB8401";

    /// <summary>The reset vector (second word after the header) is not a Thumb address, or not inside the code where the image executes (slot, XIP mapping, RAM-load address).</summary>
    public const string CheckResetVectorImplausible = "MCUB8402";

    /// <summary>The initial stack pointer is not word-aligned (the word is not a stack pointer).</summary>
    public const string CheckStackPointerMisaligned = "MCUB8403";

    /// <summary>Warning: the initial stack pointer is in a Cortex-M RAM region but outside the RAM the build names.</summary>
    public const string CheckStackPointerOutsideKnownRam = "MCUB8404";

    /// <summary>Warning: without a layout, the reset vector is outside the image's own address range (normal for an update placed at the secondary slot).</summary>
    public const string CheckResetVectorOutsideImage = "MCUB8405";

    // ---- MCUB85xx: trailer and upgrade mode (§5) ----

    /// <summary>A test (unconfirmed) image for an overwrite-only bootloader: it is installed for good, there is no revert.</summary>
    public const string CheckUnconfirmedOverwriteOnly = "MCUB8501";

    /// <summary>The trailer magic was written for another BOOT_MAX_ALIGN than the bootloader's (update silently ignored).</summary>
    public const string CheckTrailerMaxAlignMismatch = "MCUB8502";

    // ---- MCUB86xx: bootloader key outputs (bootloader-config) ----

    /// <summary>The key cannot be an MCUboot signing key (X25519).</summary>
    public const string BootloaderConfigKeyNotForSigning = "MCUB8601";

    /// <summary>The hash/pure options do not go with the key type.</summary>
    public const string BootloaderConfigInvalidOptions = "MCUB8602";

    /// <summary>Zephyr's MCUboot port has no Kconfig signature type for this key (ECDSA P-384).</summary>
    public const string BootloaderConfigNoZephyrSignatureType = "MCUB8603";

    /// <summary>The key file is public-only; sysbuild also signs the application with it and needs the private key.</summary>
    public const string BootloaderConfigPublicOnlyKey = "MCUB8604";
}
