namespace McuBoot.Diagnostics;

/// <summary>
/// MCUB41xx: the bootloader model (<c>McuBoot.Bootloader</c>): each rule of MCUboot 2.4.0's <c>boot_validate_slot</c> /
/// <c>bootutil_img_validate</c> that rejects an image (MCUB4101-MCUB4139), and each suspicious thing bootutil accepts
/// (warnings, MCUB4140-MCUB4169). The hash and signature verdicts keep the verify codes MCUB4005-MCUB4009.
/// MCUB87xx: the bootloader configuration given to <c>check</c>/<c>verify</c>.
/// </summary>
public static partial class ErrorCodes
{
    // ---- MCUB410x-413x: rejections (boot_validate_slot header gates, bootutil_img_validate) ----

    /// <summary>The header magic is erased: the slot holds no image (<c>boot_check_header_erased</c>).</summary>
    public const string BootNoImage = "MCUB4101";

    /// <summary>IMAGE_F_NON_BOOTABLE is set: the slot counts as empty (<c>boot_validate_slot</c>).</summary>
    public const string BootNonBootable = "MCUB4102";

    /// <summary><c>ih_magic</c> is not IMAGE_MAGIC (legacy v1, big-endian, not an image; <c>boot_check_header_valid</c>).</summary>
    public const string BootBadMagic = "MCUB4103";

    /// <summary>Header + body (+ protected TLVs) overflows 32 bits or is not below the slot size (<c>boot_check_header_valid</c>).</summary>
    public const string BootHeaderSizeInvalid = "MCUB4104";

    /// <summary>Encryption flags the bootloader does not accept: any without MCUBOOT_ENC_IMAGES, both AES flags with it.</summary>
    public const string BootEncryptionFlags = "MCUB4105";

    /// <summary>Compression flags: any without MCUBOOT_DECOMPRESS_IMAGES (upstream), LZMA1 and LZMA2 together with it.</summary>
    public const string BootCompressionFlags = "MCUB4106";

    /// <summary>RAM-load mode and IMAGE_F_RAM_LOAD not set (<c>ram_load.c:boot_load_image_to_sram</c>).</summary>
    public const string BootRamLoadFlagMissing = "MCUB4107";

    /// <summary>An encrypted secondary image without the bootloader's encryption TLV, or with one of the wrong length (<c>boot_enc_load</c>).</summary>
    public const string BootEncryptionTlvInvalid = "MCUB4108";

    /// <summary>A read the bootloader makes lies beyond the flash area (slot) or the file (<c>flash_area_read</c> fails).</summary>
    public const string BootReadOutsideSlot = "MCUB4109";

    /// <summary>A pure-signature bootloader and no SIG_PURE TLV with the single byte 0x01 (<c>bootutil_check_for_pure</c>).</summary>
    public const string BootPureTlvMissing = "MCUB4110";

    /// <summary>The TLV info headers are invalid (<c>bootutil_tlv_iter_begin</c>): protected size mismatch, no 0x6907 magic.</summary>
    public const string BootTlvInfoInvalid = "MCUB4111";

    /// <summary>The image (up to the end of its TLVs) is larger than <c>bootutil_max_image_size</c> for the mode and slot.</summary>
    public const string BootImageTooLarge = "MCUB4112";

    /// <summary>An unprotected TLV outside MCUBOOT_USE_TLV_ALLOW_LIST's list (<c>allowed_unprot_tlvs</c>).</summary>
    public const string BootTlvNotAllowed = "MCUB4113";

    /// <summary>A hash TLV of the bootloader's type with a length other than the digest size.</summary>
    public const string BootHashTlvLength = "MCUB4114";

    /// <summary>A key TLV (KEYHASH, or PUBKEY for MCUBOOT_HW_KEY) longer than <c>KEY_BUF_SIZE</c>.</summary>
    public const string BootKeyTlvTooLong = "MCUB4115";

    /// <summary>A signature TLV after a matched key with a length the bootloader rejects (<c>EXPECTED_SIG_LEN</c>).</summary>
    public const string BootSignatureLength = "MCUB4116";

    /// <summary>SEC_CNT is not 4 bytes long (MCUBOOT_HW_ROLLBACK_PROT).</summary>
    public const string BootSecurityCounterInvalid = "MCUB4117";

    /// <summary>SEC_CNT is below the stored security counter (MCUBOOT_HW_ROLLBACK_PROT).</summary>
    public const string BootSecurityCounterTooLow = "MCUB4118";

    /// <summary>No SEC_CNT TLV while MCUBOOT_HW_ROLLBACK_PROT makes it mandatory.</summary>
    public const string BootSecurityCounterMissing = "MCUB4119";

    /// <summary>UUID_VID missing, not 16 bytes, or not the bootloader's vendor UUID (MCUBOOT_UUID_VID).</summary>
    public const string BootVendorUuidMismatch = "MCUB4120";

    /// <summary>UUID_CID missing, not 16 bytes, or not the bootloader's class UUID (MCUBOOT_UUID_CID).</summary>
    public const string BootClassUuidMismatch = "MCUB4121";

    /// <summary>sign refuses to write an image whose TLV layout every allow-list bootloader rejects (e.g. an empty last protected TLV).</summary>
    public const string SignTlvLayoutRejected = "MCUB4122";

    /// <summary>The update is older than the installed image (MCUBOOT_DOWNGRADE_PREVENTION, loader.c:check_downgrade_prevention).</summary>
    public const string BootDowngradePrevented = "MCUB4123";

    /// <summary>A DEPENDENCY TLV names an image version the other image does not reach (loader.c:boot_verify_slot_dependency).</summary>
    public const string BootDependencyNotMet = "MCUB4124";

    /// <summary>A protected DEPENDENCY TLV is not 12 bytes (BOOT_EBADIMAGE in boot_verify_slot_dependencies).</summary>
    public const string BootDependencyInvalid = "MCUB4125";

    /// <summary>RAM-load: the image does not fit the executable RAM window (ram_load.c:boot_verify_ram_load_address).</summary>
    public const string BootRamLoadOutsideWindow = "MCUB4126";

    // ---- MCUB414x-416x: accepted by bootutil, but suspicious (mcuboot-acceptance-rules.md §11) ----

    /// <summary>Warning: a KEYHASH shorter than the digest, matched as a prefix (an empty one matches the first key).</summary>
    public const string BootKeyHashTruncated = "MCUB4140";

    /// <summary>Warning: the unprotected area's length cuts its last TLV (rejected by MCUboot after commit 90f4e7c3).</summary>
    public const string BootTlvAreaUnderstated = "MCUB4141";

    /// <summary>Warning: the TLVs really end beyond the size limit, hidden by an understated TLV area length.</summary>
    public const string BootRealEndBeyondLimit = "MCUB4142";

    /// <summary>Warning: bytes after the TLV area that are neither erased nor the trailer.</summary>
    public const string BootDataAfterTlvs = "MCUB4143";

    /// <summary>Warning: a hash TLV of another SHA type, which the bootloader ignores.</summary>
    public const string BootHashTlvIgnored = "MCUB4144";

    /// <summary>Warning: the bootloader's hash TLV appears more than once (each is compared).</summary>
    public const string BootHashTlvDuplicate = "MCUB4145";

    /// <summary>Warning: a pure-signature bootloader does not look at hash TLVs.</summary>
    public const string BootHashNotCheckedPure = "MCUB4146";

    /// <summary>Warning: an earlier (key, signature) pair failed; only a later verified pair saved the image.</summary>
    public const string BootFailingSignatureIgnored = "MCUB4147";

    /// <summary>Warning: a signature after a key the bootloader does not hold was skipped.</summary>
    public const string BootUnknownKeySkipped = "MCUB4148";

    /// <summary>Warning: a signature TLV without a key TLV right before it was skipped.</summary>
    public const string BootOrphanSignatureSkipped = "MCUB4149";

    /// <summary>Warning: a signature or key TLV of another algorithm than the bootloader's, skipped.</summary>
    public const string BootOtherSignatureTypeSkipped = "MCUB4150";

    /// <summary>Warning: RAM_LOAD / ROM_FIXED flags have no effect in the configured mode.</summary>
    public const string BootFlagWithoutEffect = "MCUB4151";

    /// <summary>Warning: <c>ih_hdr_size</c> below 32; nothing in bootutil checks it.</summary>
    public const string BootHeaderSizeBelow32 = "MCUB4152";

    /// <summary>Warning: an encrypted image's body hash could not be computed without the bootloader's private key.</summary>
    public const string BootEncryptedHashUnchecked = "MCUB4153";

    /// <summary>Warning: a DEPENDENCY TLV names an image whose version was not given, so it is not checked.</summary>
    public const string BootDependencyNotChecked = "MCUB4154";

    // ---- MCUB87xx: the bootloader configuration given to check/verify ----

    /// <summary>Bootloader options that contradict each other or the key (e.g. --overwrite-only with --mode swap-move).</summary>
    public const string BootloaderOptionsConflict = "MCUB8701";

    /// <summary>The image is unsigned but the bootloader requires a signature (a key was given).</summary>
    public const string CheckSignatureRequired = "MCUB8702";

    /// <summary>The trailer of a padded image requests no upgrade (bad magic, image_ok of another value).</summary>
    public const string CheckTrailerRequestsNothing = "MCUB8703";
}
