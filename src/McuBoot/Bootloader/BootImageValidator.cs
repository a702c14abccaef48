// MCUboot v2.4.0's acceptance decision for one image (mcuboot-acceptance-rules.md §1-§9):
// loader.c:boot_validate_slot (L541-L712) with bootutil_loader.c:boot_check_header_erased (L53) /
// boot_check_header_valid (L75-L127) / boot_check_image (L161), encrypted.c:boot_enc_load (L572),
// image_validate.c:bootutil_img_validate (L201-L591), bootutil_misc.c:bootutil_max_image_size and the trailer read by
// bootutil_public.c:boot_read_swap_state / boot_swap_type_multi.
using System.Buffers.Binary;
using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Bootloader;

/// <summary>
/// Decides, as MCUboot 2.4.0 does, whether a bootloader with a given <see cref="BootloaderConfig"/> accepts an image.
/// <see cref="ValidateImage"/> is <c>bootutil_img_validate</c> ("is it correctly signed for this bootloader", used by
/// <c>verify</c>); <see cref="ValidateSlot"/> is <c>boot_validate_slot</c> (header gates, then the same validation, then
/// the trailer; "will it boot", used by <c>check</c>). Each rejection names the bootutil rule and what to change; what
/// bootutil accepts although it is suspicious is accepted with a warning (§11).
/// </summary>
public static partial class BootImageValidator
{
    /// <summary>
    /// <c>bootutil_img_validate</c>, preceded only by the magic check every caller makes (<c>boot_check_header_valid</c>,
    /// <c>boot_image_load_header</c>): TLV bounds, the allow-list, every hash TLV, the key and signature TLVs, the size limit,
    /// security counter and UUIDs. Encryption and compression flags are not judged here (see <see cref="ValidateSlot"/>).
    /// </summary>
    public static BootValidation ValidateImage(ReadOnlyMemory<byte> image, BootloaderConfig config, BootValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var run = new Run(image, config, options ?? new BootValidationOptions());
        return run.Validate(slotGates: false);
    }

    /// <summary>
    /// <c>boot_validate_slot</c>: the header gates (erased magic, NON_BOOTABLE, magic, sizes, encryption and compression
    /// flags, RAM-load flag), <c>boot_enc_load</c>, <see cref="ValidateImage"/>'s rules, and for a padded image (one slot
    /// long) the swap type its trailer requests.
    /// </summary>
    public static BootValidation ValidateSlot(ReadOnlyMemory<byte> image, BootloaderConfig config, BootValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var run = new Run(image, config, options ?? new BootValidationOptions());
        return run.Validate(slotGates: true);
    }

    /// <summary>
    /// The TLV allow-list rule (MCUBOOT_USE_TLV_ALLOW_LIST, on in every port) over the TLV areas of an image being built:
    /// sign refuses to write an image that every allow-list bootloader rejects (e.g. an empty last protected TLV, which
    /// bootutil_tlv_iter_is_prot counts as unprotected). Null when the bootloader would accept the TLV layout.
    /// </summary>
    internal static BootFinding? CheckAllowList(byte[] protectedArea, byte[] unprotectedArea, ByteOrder order, long tlvOffset, string name)
        => Run.CheckAllowList(protectedArea, unprotectedArea, order, tlvOffset, name);

    /// <summary>One validation: the state bootutil keeps while it walks the image.</summary>
    private sealed partial class Run : IDisposable
    {
        private readonly BootloaderConfig _config;
        private readonly BootValidationOptions _options;
        private readonly FlashArea _area;
        private readonly List<BootFinding> _warnings = [];
        private readonly Dictionary<int, (Keys.McuBootKey Key, Signing.ISignatureVerifier Verifier)> _verifiers = [];
        private readonly long? _slotSize;
        private ImageHeader _header;

        public Run(ReadOnlyMemory<byte> image, BootloaderConfig config, BootValidationOptions options)
        {
            _config = config;
            _options = options;
            _slotSize = options.Slot == BootSlot.Primary ? config.PrimarySlotSize : config.EffectiveSecondarySlotSize;
            _area = new FlashArea(image, _slotSize, config.ErasedValue, options.BigEndian ? ByteOrder.BigEndian : ByteOrder.LittleEndian);
            MaxImageSize = SlotLimits.MaxImageSize(config);
        }

        private string Name => _options.Name;

        private long? MaxImageSize { get; }

        private bool Encrypted => (_header.Flags & (ImageFlags.EncryptedAes128 | ImageFlags.EncryptedAes256)) != 0;

        private bool Compressed => (_header.Flags & (ImageFlags.CompressedLzma1 | ImageFlags.CompressedLzma2 | ImageFlags.CompressedArmThumb)) != 0;

        // include/bootutil/image.h MUST_DECRYPT: secondary slot and an encryption flag (RAM-load decrypts while copying).
        private bool MustDecrypt => _config.Encryption != EncryptionScheme.None && _options.Slot == BootSlot.Secondary && Encrypted;

        public void Dispose()
        {
            foreach (var (key, _) in _verifiers.Values)
            {
                key.Dispose();
            }
        }

        public BootValidation Validate(bool slotGates)
        {
            if (!_area.TryRead(0, ImageHeader.Size, out var headerBytes))
            {
                return Reject(ErrorCodes.BootBadMagic, "bootutil_loader.c:boot_check_header_valid",
                    $"{Name} is {_area.Data.Length} bytes, shorter than the 32-byte MCUboot header; pass the signed image, not the raw firmware.");
            }

            _header = ImageHeader.Read(headerBytes, _area.Order, out uint magic);
            var gate = slotGates ? HeaderGates(headerBytes, magic) : MagicGate(magic);
            if (gate is not null)
            {
                return Done(gate);
            }

            if (slotGates)
            {
                FlagWarnings();
            }

            var validation = ImgValidate(slotGates);
            if (!slotGates || !validation.Accepted)
            {
                return validation;
            }

            var versionFail = VersionRules();
            return versionFail is null && _warnings.Count == validation.Warnings.Count ? validation : validation.With(versionFail, _warnings.ToList());
        }

        private BootFinding? MagicGate(uint magic)
        {
            if (magic == ImageHeader.Magic)
            {
                return null;
            }

            string hint = magic == ImageHeader.MagicV1 ? " (the legacy IMAGE_MAGIC_V1, which MCUboot no longer accepts)"
                : magic == 0xffffffff || magic == 0 ? " (erased flash)"
                : BinaryPrimitives.ReverseEndianness(magic) == ImageHeader.Magic ? (_area.Order == ByteOrder.LittleEndian ? " (a big-endian image signed with -e big; MCUboot on a little-endian CPU reads it little-endian: sign without -e big)" : " (a little-endian image, but a big-endian bootloader was assumed)")
                : string.Empty;
            return Error(ErrorCodes.BootBadMagic, "bootutil_loader.c:boot_check_header_valid",
                $"Invalid image magic 0x{magic:x8}{hint} in {Name}: MCUboot requires 0x96f3b83d; pass the signed image (dotnet mcuboot sign output), not the raw firmware.");
        }

        // loader.c:boot_validate_slot L559-L592 then bootutil_loader.c:boot_check_header_valid L75-L127.
        private BootFinding? HeaderGates(byte[] headerBytes, uint magic)
        {
            if (headerBytes.AsSpan(0, 4).IndexOfAnyExcept(_config.ErasedValue) < 0)
            {
                return Error(ErrorCodes.BootNoImage, "bootutil_loader.c:boot_check_header_erased",
                    $"{Name} starts with erased flash (0x{_config.ErasedValue:x2} bytes) where the image header belongs: MCUboot sees an empty slot; write the signed image at the start of the slot.");
            }

            if (magic == ImageHeader.Magic && (_header.Flags & ImageFlags.NonBootable) != 0)
            {
                return Error(ErrorCodes.BootNonBootable, "loader.c:boot_validate_slot",
                    $"{Name} has the NON_BOOTABLE flag (0x10): MCUboot treats the slot as empty and never boots or installs it; sign without --non-bootable.");
            }

            if (MagicGate(magic) is { } bad)
            {
                return bad;
            }

            ulong size = (ulong)_header.HeaderSize + _header.ImageSize;
            bool countProtected = !(_config.DecompressImages && Compressed && _options.Slot == BootSlot.Secondary);
            if (countProtected)
            {
                size += _header.ProtectedTlvSize;
            }

            string what = countProtected ? "header + image + protected TLVs" : "header + image";
            if (size > uint.MaxValue)
            {
                return Error(ErrorCodes.BootHeaderSizeInvalid, "bootutil_loader.c:boot_check_header_valid",
                    $"{Name}: {what} (0x{size:x}) overflows 32 bits: the header is corrupt; re-sign the image.");
            }

            if (_slotSize is long slot && (long)size >= slot)
            {
                return Error(ErrorCodes.BootHeaderSizeInvalid, "bootutil_loader.c:boot_check_header_valid",
                    $"{Name}: {what} = 0x{size:x} bytes is not below the 0x{slot:x}-byte slot: MCUboot rejects the header; make the firmware smaller or the slot larger.");
            }

            bool aes128 = (_header.Flags & ImageFlags.EncryptedAes128) != 0;
            bool aes256 = (_header.Flags & ImageFlags.EncryptedAes256) != 0;
            if (_config.Encryption == EncryptionScheme.None && (aes128 || aes256))
            {
                return Error(ErrorCodes.BootEncryptionFlags, "bootutil_loader.c:boot_check_header_valid",
                    $"{Name} is encrypted ({(aes256 ? "ENCRYPTED_AES256" : "ENCRYPTED_AES128")}) but the bootloader is built without image encryption (MCUBOOT_ENC_IMAGES, CONFIG_BOOT_ENCRYPT_IMAGE): it rejects the header; sign without -E, or use a bootloader built with encryption.");
            }

            if (aes128 && aes256)
            {
                return Error(ErrorCodes.BootEncryptionFlags, "bootutil_loader.c:boot_check_header_valid",
                    $"{Name} has both the ENCRYPTED_AES128 and ENCRYPTED_AES256 flags: MCUboot rejects the header; re-sign with one --encrypt-keylen.");
            }

            bool lzma1 = (_header.Flags & ImageFlags.CompressedLzma1) != 0;
            bool lzma2 = (_header.Flags & ImageFlags.CompressedLzma2) != 0;
            if (!_config.DecompressImages && Compressed)
            {
                return Error(ErrorCodes.BootCompressionFlags, "bootutil_loader.c:boot_check_header_valid",
                    $"{Name} is compressed (flags 0x{(uint)_header.Flags & 0xe00:x}) but the bootloader has no decompression (MCUBOOT_DECOMPRESS_IMAGES; upstream MCUboot never has it): it rejects the header; sign without --compression, or use a bootloader built with decompression (nRF Connect SDK).");
            }

            if (lzma1 && lzma2)
            {
                return Error(ErrorCodes.BootCompressionFlags, "bootutil_loader.c:boot_check_header_valid",
                    $"{Name} has both the LZMA1 and LZMA2 compression flags: MCUboot rejects the header; re-sign with one --compression.");
            }

            if (_config.Mode == UpgradeMode.RamLoad && (_header.Flags & ImageFlags.RamLoad) == 0)
            {
                return Error(ErrorCodes.BootRamLoadFlagMissing, "ram_load.c:boot_load_image_to_sram",
                    $"{Name} lacks the RAM_LOAD flag (0x20) but the bootloader is a RAM-load build: it refuses to load the image; sign with -L <RAM address the application is linked for>.");
            }

            return null;
        }

        private void FlagWarnings()
        {
            if (_header.HeaderSize < ImageHeader.Size)
            {
                Warn(ErrorCodes.BootHeaderSizeBelow32, "bootutil_loader.c:boot_check_header_valid",
                    $"{Name} has ih_hdr_size {_header.HeaderSize}, below the 32-byte header: nothing in MCUboot checks it, but the body then overlaps the header; re-sign with -H of at least 32.");
            }

            bool swapOrOverwrite = _config.Mode is UpgradeMode.SwapScratch or UpgradeMode.SwapMove or UpgradeMode.SwapOffset or UpgradeMode.OverwriteOnly;
            if (swapOrOverwrite && (_header.Flags & (ImageFlags.RamLoad | ImageFlags.RomFixed)) != 0)
            {
                string flag = (_header.Flags & ImageFlags.RamLoad) != 0 ? "RAM_LOAD (-L)" : "ROM_FIXED (-F)";
                Warn(ErrorCodes.BootFlagWithoutEffect, "loader.c:boot_validate_slot",
                    $"{Name} has the {flag} flag, which a {ModeName(_config.Mode)} bootloader ignores (only RAM-load / direct-XIP read it); sign without it unless the bootloader runs in that mode.");
            }
        }

        private BootValidation Done(BootFinding? rejection, Action<BootValidationBuilder>? fill = null)
        {
            var b = new BootValidationBuilder();
            fill?.Invoke(b);
            return new BootValidation(_config, rejection, _warnings.ToList())
            {
                Header = _header,
                Digest = b.Digest,
                HashVerified = b.HashVerified,
                SignatureVerified = b.SignatureVerified,
                Signature = b.Signature,
                KeyIndex = b.KeyIndex,
                Signatures = b.Signatures,
                TlvEnd = b.TlvEnd,
                MaxImageSize = MaxImageSize,
                RequestedSwap = b.RequestedSwap,
            };
        }

        private BootValidation Reject(string code, string rule, string message) => Done(Error(code, rule, message));

        private static BootFinding Error(string code, string rule, string message) => new(code, true, rule, message);

        private void Warn(string code, string rule, string message) => _warnings.Add(new BootFinding(code, false, rule, message));

        internal static string ModeName(UpgradeMode mode) => UpgradeModeNames.Name(mode);
    }

    /// <summary>The facts a run establishes, gathered before the result is built.</summary>
    private sealed class BootValidationBuilder
    {
        public byte[]? Digest { get; set; }

        public bool HashVerified { get; set; }

        public bool SignatureVerified { get; set; }

        public byte[]? Signature { get; set; }

        public int? KeyIndex { get; set; }

        public List<BootSignatureResult> Signatures { get; set; } = [];

        public long? TlvEnd { get; set; }

        public SwapType? RequestedSwap { get; set; }
    }
}
