using McuBoot.Bootloader;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using static McuBoot.Tests.Bootloader.ImageComposer;

namespace McuBoot.Tests.Bootloader;

/// <summary>
/// Every rule of MCUboot 2.4.0's boot_validate_slot / bootutil_img_validate (mcuboot-acceptance-rules.md §2-§5, §9, §11):
/// for each rule an image the model accepts and one it rejects with the rule's code, including the tamperings of issue 9
/// (a second wrong hash TLV, non-allow-listed TLVs in the unprotected area, a second KEYHASH with a garbage signature).
/// </summary>
public sealed class BootImageValidatorTests
{
    private static BootValidation Slot(byte[] image, BootloaderConfig config, BootValidationOptions? options = null)
        => BootImageValidator.ValidateSlot(image, config, options);

    private static BootValidation Image(byte[] image, BootloaderConfig config)
        => BootImageValidator.ValidateImage(image, config);

    private static void Accepted(BootValidation v, params string[] warnings)
    {
        Assert.True(v.Accepted, v.Rejection?.ToString());
        Assert.Equal(warnings.OrderBy(w => w), v.Warnings.Select(w => w.Code).Distinct().OrderBy(w => w));
    }

    private static void Rejected(BootValidation v, string code)
    {
        Assert.False(v.Accepted, "expected " + code);
        Assert.Equal(code, v.Rejection!.Code);
        Assert.True(v.Rejection.IsError);
        Assert.False(string.IsNullOrWhiteSpace(v.Rejection.Rule));
    }

    // ---- the plain case ----

    [Fact]
    public void A_correctly_signed_image_is_accepted_by_its_bootloader()
    {
        var v = Slot(Signed(KeyA).Build(), Config(KeyA));
        Accepted(v);
        Assert.True(v.HashVerified);
        Assert.True(v.SignatureVerified);
        Assert.Equal(0, v.KeyIndex);
    }

    [Fact]
    public void Zephyr_defaults_for_the_key_accept_a_correctly_signed_image()
    {
        var config = BootloaderConfig.ZephyrDefaults([BootloaderKey.FromKey(KeyA)]);
        Assert.Equal(BootloaderSignatureType.Ed25519, config.SignatureType);
        Accepted(Slot(Signed(KeyA).Build(), config));
    }

    // ---- header gates (loader.c:boot_validate_slot, bootutil_loader.c:boot_check_header_valid) ----

    [Fact]
    public void Erased_header_is_no_image()
    {
        var image = Signed(KeyA).Build();
        image.AsSpan(0, 4).Fill(0xff);
        Rejected(Slot(image, Config(KeyA)), ErrorCodes.BootNoImage);
    }

    [Fact]
    public void Non_bootable_flag_is_rejected()
        => Rejected(Slot(new ImageComposer { Flags = ImageFlags.NonBootable }.Hash().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.BootNonBootable);

    [Theory]
    [InlineData(0x96f3b83cu)]
    [InlineData(0x3db8f396u)]
    [InlineData(0x12345678u)]
    public void Wrong_magic_is_rejected(uint magic)
    {
        var image = Signed(KeyA).Build();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(image, magic);
        Rejected(Slot(image, Config(KeyA)), ErrorCodes.BootBadMagic);
        Rejected(Image(image, Config(KeyA)), ErrorCodes.BootBadMagic);
    }

    [Fact]
    public void Header_image_and_protected_tlvs_must_stay_below_the_slot()
    {
        var composer = Signed(KeyA);
        composer.Protected.Add(new TlvEntry(TlvType.SecurityCounter, [1, 0, 0, 0]));
        var image = composer.Build();
        long hashed = 0x200 + 3000 + 12;
        var config = Config(KeyA) with { Mode = UpgradeMode.SingleApp };
        Rejected(Slot(image, config with { PrimarySlotSize = hashed }), ErrorCodes.BootHeaderSizeInvalid);
        var justAbove = Slot(image, config with { PrimarySlotSize = hashed + 1 });
        Rejected(justAbove, ErrorCodes.BootTlvInfoInvalid); // the gate passes, then the TLV info lies outside the slot
        Accepted(Slot(image, config with { PrimarySlotSize = 0x2000 }));
    }

    [Fact]
    public void Header_size_overflowing_32_bits_is_rejected()
    {
        var image = Signed(KeyA).Build();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(12), 0xffffff00);
        Rejected(Slot(image, Config(KeyA)), ErrorCodes.BootHeaderSizeInvalid);
    }

    [Theory]
    [InlineData(ImageFlags.EncryptedAes128)]
    [InlineData(ImageFlags.EncryptedAes256)]
    public void Encryption_flag_without_encryption_support_is_rejected(ImageFlags flag)
        => Rejected(Slot(new ImageComposer { Flags = flag }.Hash().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.BootEncryptionFlags);

    [Fact]
    public void Both_aes_flags_are_rejected_even_with_encryption_support()
    {
        var config = Config(KeyA) with { Encryption = EncryptionScheme.EcdhP256 };
        var image = new ImageComposer { Flags = ImageFlags.EncryptedAes128 | ImageFlags.EncryptedAes256 }.Hash().KeyHash(KeyA).Signature(KeyA).Build();
        Rejected(Slot(image, config), ErrorCodes.BootEncryptionFlags);
    }

    [Theory]
    [InlineData(ImageFlags.CompressedLzma2)]
    [InlineData(ImageFlags.CompressedLzma1)]
    [InlineData(ImageFlags.CompressedArmThumb)]
    public void Compression_flags_are_rejected_without_decompression(ImageFlags flag)
    {
        var image = new ImageComposer { Flags = flag }.Hash().KeyHash(KeyA).Signature(KeyA).Build();
        Rejected(Slot(image, Config(KeyA)), ErrorCodes.BootCompressionFlags);
        Accepted(Slot(image, Config(KeyA) with { DecompressImages = true }));
    }

    [Fact]
    public void Lzma1_and_lzma2_together_are_rejected_even_with_decompression()
        => Rejected(Slot(new ImageComposer { Flags = ImageFlags.CompressedLzma1 | ImageFlags.CompressedLzma2 }.Hash().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA) with { DecompressImages = true }), ErrorCodes.BootCompressionFlags);

    [Fact]
    public void Ram_load_mode_needs_the_ram_load_flag()
    {
        var config = Config(KeyA) with { Mode = UpgradeMode.RamLoad };
        Rejected(Slot(Signed(KeyA).Build(), config), ErrorCodes.BootRamLoadFlagMissing);
        Accepted(Slot(new ImageComposer { Flags = ImageFlags.RamLoad, LoadAddress = 0x2000_0000 }.Hash().KeyHash(KeyA).Signature(KeyA).Build(), config));
    }

    [Fact]
    public void Ram_load_and_rom_fixed_flags_in_swap_mode_are_accepted_with_a_warning()
    {
        var image = new ImageComposer { Flags = ImageFlags.RomFixed, LoadAddress = 0x10000 }.Hash().KeyHash(KeyA).Signature(KeyA).Build();
        Accepted(Slot(image, Config(KeyA)), ErrorCodes.BootFlagWithoutEffect);
    }

    [Fact]
    public void Header_size_below_32_is_accepted_with_a_warning()
        => Accepted(Slot(new ImageComposer { HeaderSize = 16 }.Hash().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.BootHeaderSizeBelow32);

    // ---- TLV iteration (tlv.c:bootutil_tlv_iter_begin / _next) ----

    [Fact]
    public void Protected_size_must_equal_the_protected_area_total()
    {
        var ok = Signed(KeyA);
        ok.Protected.Add(new TlvEntry(TlvType.SecurityCounter, [1, 0, 0, 0]));
        Accepted(Slot(ok.Build(), Config(KeyA)));
        var bad = Signed(KeyA);
        bad.Protected.Add(new TlvEntry(TlvType.SecurityCounter, [1, 0, 0, 0]));
        bad.ProtectedSizeInHeader = 8;
        Rejected(Slot(bad.Build(), Config(KeyA)), ErrorCodes.BootTlvInfoInvalid);
    }

    [Fact]
    public void A_protected_size_without_a_protected_area_is_rejected()
        => Rejected(Slot(new ImageComposer { ProtectedSizeInHeader = 12 }.Hash().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.BootTlvInfoInvalid);

    [Fact]
    public void Missing_unprotected_info_magic_is_rejected()
    {
        var image = Signed(KeyA).Build();
        image[0x200 + 3000] = 0x06;
        Rejected(Slot(image, Config(KeyA)), ErrorCodes.BootTlvInfoInvalid);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-4)]
    [InlineData(-67)]
    public void Understated_tlv_total_still_reads_the_last_tlv_whole(int delta)
        => Accepted(Slot(new ImageComposer { UnprotectedTotalDelta = delta }.Hash().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.BootTlvAreaUnderstated);

    [Fact]
    public void Understated_tlv_total_that_drops_the_signature_header_is_rejected()
        => Rejected(Slot(new ImageComposer { UnprotectedTotalDelta = -68 }.Hash().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.NoSignatureForKey);

    [Fact]
    public void Overstated_total_whose_extra_bytes_form_an_allowed_tlv_is_accepted()
        => Accepted(Slot(new ImageComposer { UnprotectedFiller = [1, 0, 0, 0] }.Hash().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.BootKeyHashTruncated);

    [Theory]
    [InlineData(0xff)]
    [InlineData(0x00)]
    public void Overstated_total_over_erased_or_zero_filler_is_rejected_by_the_allow_list(byte filler)
        => Rejected(Slot(new ImageComposer { UnprotectedFiller = [filler, filler, filler, filler] }.Hash().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.BootTlvNotAllowed);

    [Fact]
    public void A_tlv_running_beyond_the_file_is_a_failed_read()
    {
        var image = Signed(KeyA).Build()[..^10];
        Rejected(Slot(image, Config(KeyA)), ErrorCodes.BootReadOutsideSlot);

        // In a slot of known size the missing bytes read as erased flash: the signature is then wrong.
        Rejected(Slot(image, Config(KeyA) with { PrimarySlotSize = 0x8000 }), ErrorCodes.SignatureInvalid);
    }

    [Fact]
    public void Data_after_the_tlvs_is_accepted_with_a_warning()
        => Accepted(Slot(new ImageComposer { Tail = [1, 2, 3, 4] }.Hash().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.BootDataAfterTlvs);

    // ---- the allow-list (MCUBOOT_USE_TLV_ALLOW_LIST, allowed_unprot_tlvs) ----

    public static TheoryData<ushort, int> NotAllowed => new()
    {
        { TlvType.SecurityCounter, 4 },
        { TlvType.Dependency, 12 },
        { TlvType.BootRecord, 40 },
        { 0x00a0, 4 },
        { 0x12a5, 2 },
        { TlvType.DecompSize, 4 },
        { TlvType.DecompSha, 32 },
        { TlvType.DecompSignature, 64 },
        { TlvType.CompDecSize, 4 },
        { TlvType.UuidVid, 16 },
        { TlvType.UuidCid, 16 },
        { TlvType.SigPure, 1 },
        { TlvType.EncX25519Sha512, 112 },
    };

    [Theory]
    [MemberData(nameof(NotAllowed))]
    public void Tlv_outside_the_allow_list_in_the_unprotected_area_is_rejected(ushort type, int length)
    {
        var value = new byte[length];
        value[0] = 1;
        var after = Signed(KeyA).Raw(type, value).Build();
        Rejected(Slot(after, Config(KeyA)), ErrorCodes.BootTlvNotAllowed);
        var before = new ImageComposer().Raw(type, value).Hash().KeyHash(KeyA).Signature(KeyA).Build();
        Rejected(Slot(before, Config(KeyA)), ErrorCodes.BootTlvNotAllowed);
        Accepted(Slot(after, Config(KeyA) with { UseTlvAllowList = false }));

        var prot = Signed(KeyA);
        prot.Protected.Add(new TlvEntry(type, value));
        Accepted(Slot(prot.Build(), Config(KeyA)));
    }

    [Fact]
    public void An_empty_tlv_at_the_end_of_the_protected_area_counts_as_unprotected()
    {
        // tlv.c:bootutil_tlv_iter_is_prot judges the payload offset (off < prot_end); an empty last protected TLV has its
        // payload exactly at prot_end.
        var last = Signed(KeyA);
        last.Protected.Add(new TlvEntry(TlvType.SecurityCounter, [1, 0, 0, 0]));
        last.Protected.Add(new TlvEntry(0x00a0, []));
        var v = Slot(last.Build(), Config(KeyA));
        Rejected(v, ErrorCodes.BootTlvNotAllowed);
        Assert.Contains("empty TLV at the very end of the protected area", v.Rejection!.Message, StringComparison.Ordinal);

        var notLast = Signed(KeyA);
        notLast.Protected.Add(new TlvEntry(0x00a0, []));
        notLast.Protected.Add(new TlvEntry(TlvType.SecurityCounter, [1, 0, 0, 0]));
        Accepted(Slot(notLast.Build(), Config(KeyA)));
    }

    [Theory]
    [InlineData(TlvType.EncRsa2048, 256)]
    [InlineData(TlvType.EncKw, 24)]
    [InlineData(TlvType.EncEc256, 113)]
    [InlineData(TlvType.EncX25519, 80)]
    public void Encryption_tlvs_are_allowed_unprotected(ushort type, int length)
        => Accepted(Slot(Signed(KeyA).Raw(type, new byte[length]).Build(), Config(KeyA)));

    [Fact]
    public void Hmac_sha512_builds_swap_the_allowed_x25519_tlv()
    {
        var config = Config(KeyA) with { HmacSha512 = true };
        Accepted(Slot(Signed(KeyA).Raw(TlvType.EncX25519Sha512, new byte[112]).Build(), config));
        Rejected(Slot(Signed(KeyA).Raw(TlvType.EncX25519, new byte[80]).Build(), config), ErrorCodes.BootTlvNotAllowed);
    }

    // ---- hash TLVs: every one of the bootloader's type is compared ----

    [Fact]
    public void Second_hash_tlv_with_a_wrong_value_after_the_real_one_is_rejected()
        => Rejected(Slot(Signed(KeyA).WrongHash().Build(), Config(KeyA)), ErrorCodes.HashMismatch);

    [Fact]
    public void Wrong_hash_before_the_real_one_is_rejected()
        => Rejected(Slot(new ImageComposer().WrongHash().Hash().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.HashMismatch);

    [Fact]
    public void A_correct_duplicate_hash_is_accepted_with_a_warning()
        => Accepted(Slot(Signed(KeyA).Hash().Build(), Config(KeyA)), ErrorCodes.BootHashTlvDuplicate);

    [Fact]
    public void A_hash_tlv_of_another_sha_type_is_ignored_with_a_warning()
    {
        Accepted(Slot(Signed(KeyA).WrongHash(ImageHashAlgorithm.Sha384).Build(), Config(KeyA)), ErrorCodes.BootHashTlvIgnored);
        Accepted(Slot(new ImageComposer().WrongHash(ImageHashAlgorithm.Sha512).Hash().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.BootHashTlvIgnored);
    }

    [Fact]
    public void No_hash_tlv_of_the_bootloaders_type_is_rejected()
    {
        Rejected(Slot(new ImageComposer().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.NoHashTlv);
        var sha512 = new ImageComposer().Hash(ImageHashAlgorithm.Sha512).KeyHash(KeyA, ImageHashAlgorithm.Sha512).Signature(KeyA, ImageHashAlgorithm.Sha512).Build();
        Rejected(Slot(sha512, Config(KeyA)), ErrorCodes.BootKeyTlvTooLong); // its 64-byte KEYHASH fails before the loop ends
        Accepted(Slot(sha512, Config(KeyA) with { HashAlgorithm = ImageHashAlgorithm.Sha512 }));
    }

    [Fact]
    public void Hash_tlv_of_the_wrong_length_is_rejected()
        => Rejected(Slot(new ImageComposer().Raw(TlvType.Sha256, new byte[31]).Hash().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.BootHashTlvLength);

    [Fact]
    public void Unsigned_image_passes_a_bootloader_without_signature_checks_on_its_hash()
    {
        Accepted(Slot(new ImageComposer().Hash().Build(), Config()));
        Rejected(Slot(new ImageComposer().WrongHash().Build(), Config()), ErrorCodes.HashMismatch);
    }

    // ---- keys and signatures (bootutil_find_key, valid_signature overwritten by each attempt) ----

    [Fact]
    public void Unsigned_image_is_rejected_when_a_signature_is_required()
        => Rejected(Slot(new ImageComposer().Hash().Build(), Config(KeyA)), ErrorCodes.NoSignatureForKey);

    [Fact]
    public void Second_keyhash_and_a_garbage_signature_after_the_valid_pair_is_rejected()
        => Rejected(Slot(Signed(KeyA).KeyHash(KeyA).GarbageSignature().Build(), Config(KeyA)), ErrorCodes.SignatureInvalid);

    [Fact]
    public void Garbage_pair_before_the_valid_pair_is_accepted_with_a_warning()
        => Accepted(Slot(new ImageComposer().Hash().KeyHash(KeyA).GarbageSignature().KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.BootFailingSignatureIgnored);

    [Fact]
    public void Signature_with_another_key_than_the_keyhash_names_is_rejected()
        => Rejected(Slot(new ImageComposer().Hash().KeyHash(KeyA).Signature(KeyB).Build(), Config(KeyA, KeyB)), ErrorCodes.SignatureInvalid);

    [Fact]
    public void Second_key_in_the_bootloader_verifies_an_image_signed_with_it()
    {
        var image = Signed(KeyB).Build();
        var v = Slot(image, Config(KeyA, KeyB));
        Accepted(v);
        Assert.Equal(1, v.KeyIndex);
        Rejected(Slot(image, Config(KeyA)), ErrorCodes.KeyHashMismatch);
    }

    [Fact]
    public void Unknown_key_before_the_known_one_is_skipped()
        => Accepted(Slot(new ImageComposer().Hash().KeyHash(KeyC).Signature(KeyC).KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA, KeyB)));

    [Fact]
    public void Unknown_key_after_the_known_one_is_skipped()
        => Accepted(Slot(new ImageComposer().Hash().KeyHash(KeyA).Signature(KeyA).KeyHash(KeyC).Signature(KeyC).Build(), Config(KeyA, KeyB)));

    [Fact]
    public void Only_unknown_keys_is_rejected_as_signed_with_another_key()
    {
        var v = Slot(Signed(KeyC).Build(), Config(KeyA, KeyB));
        Rejected(v, ErrorCodes.KeyHashMismatch);
        Assert.Contains(v.Warnings, w => w.Code == ErrorCodes.BootUnknownKeySkipped);
    }

    [Fact]
    public void Garbage_keyhash_between_a_good_keyhash_and_its_signature_makes_it_skipped()
        => Rejected(Slot(new ImageComposer().Hash().KeyHash(KeyA).Raw(TlvType.KeyHash, new byte[32]).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.KeyHashMismatch);

    [Fact]
    public void Signature_without_a_key_tlv_before_it_is_skipped()
    {
        var v = Slot(new ImageComposer().Hash().Signature(KeyA).KeyHash(KeyA).Build(), Config(KeyA));
        Rejected(v, ErrorCodes.NoSignatureForKey);
        Assert.Contains(v.Warnings, w => w.Code == ErrorCodes.BootOrphanSignatureSkipped);
    }

    [Fact]
    public void Keyhash_longer_than_the_digest_is_rejected_even_before_a_good_pair()
        => Rejected(Slot(new ImageComposer().Hash().Raw(TlvType.KeyHash, new byte[33]).KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.BootKeyTlvTooLong);

    [Fact]
    public void Sha512_keyhash_in_a_sha256_bootloader_is_too_long()
        => Rejected(Slot(new ImageComposer().Hash().KeyHash(KeyA, ImageHashAlgorithm.Sha512).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.BootKeyTlvTooLong);

    [Fact]
    public void Truncated_keyhash_is_matched_as_a_prefix_with_a_warning()
    {
        Accepted(Slot(new ImageComposer().Hash().KeyHash(KeyA, length: 8).Signature(KeyA).Build(), Config(KeyA)), ErrorCodes.BootKeyHashTruncated);
        Accepted(Slot(new ImageComposer().Hash().KeyHash(KeyA, length: 0).Signature(KeyA).Build(), Config(KeyA, KeyB)), ErrorCodes.BootKeyHashTruncated);

        // An empty key hash selects the FIRST key: a signature by the second key then fails.
        Rejected(Slot(new ImageComposer().Hash().KeyHash(KeyB, length: 0).Signature(KeyB).Build(), Config(KeyA, KeyB)), ErrorCodes.SignatureInvalid);
    }

    [Fact]
    public void Signature_of_the_wrong_length_after_a_matched_key_is_rejected()
        => Rejected(Slot(new ImageComposer().Hash().KeyHash(KeyA).GarbageSignature(length: 65).Build(), Config(KeyA)), ErrorCodes.BootSignatureLength);

    [Fact]
    public void Signature_of_the_wrong_length_after_an_unknown_key_is_skipped()
        => Accepted(Slot(new ImageComposer().Hash().KeyHash(KeyC).GarbageSignature(length: 65).KeyHash(KeyA).Signature(KeyA).Build(), Config(KeyA)));

    [Fact]
    public void Signature_of_another_algorithm_is_skipped_and_leaves_the_image_unsigned()
    {
        using var ec = McuBootKey.Generate(KeyType.EcdsaP256);
        var v = Slot(Signed(ec).Build(), Config(KeyA));
        Rejected(v, ErrorCodes.KeyHashMismatch);
        Assert.Contains(v.Warnings, w => w.Code == ErrorCodes.BootOtherSignatureTypeSkipped);
        Accepted(Slot(Signed(ec).Build(), Config(ec)));
    }

    [Fact]
    public void Hardware_key_builds_read_the_full_public_key()
    {
        var config = Config(KeyA) with { KeyTlv = KeyTlvKind.FullPublicKey };
        Accepted(Slot(new ImageComposer().Hash().PublicKey(KeyA).Signature(KeyA).Build(), config));
        Rejected(Slot(new ImageComposer().Hash().PublicKey(KeyB).Signature(KeyB).Build(), config), ErrorCodes.KeyHashMismatch);
        Rejected(Slot(Signed(KeyA).Build(), config), ErrorCodes.NoSignatureForKey); // a KEYHASH means nothing to it
        Rejected(Slot(new ImageComposer().Hash().Raw(TlvType.PublicKey, new byte[89]).PublicKey(KeyA).Signature(KeyA).Build(), config), ErrorCodes.BootKeyTlvTooLong);
    }

    [Fact]
    public void Built_in_key_builds_take_the_first_signature_without_a_key_tlv()
    {
        var config = Config(KeyA) with { KeyTlv = KeyTlvKind.BuiltIn };
        Accepted(Slot(new ImageComposer().Hash().Signature(KeyA).Build(), config));
        Rejected(Slot(new ImageComposer().Hash().Signature(KeyB).Build(), config), ErrorCodes.SignatureInvalid);
    }

    // ---- pure signatures (bootutil_check_for_pure) ----

    [Fact]
    public void Pure_image_needs_sig_pure_with_value_one()
    {
        var config = Config(KeyA) with { Pure = true, HashAlgorithm = ImageHashAlgorithm.Sha512 };
        var good = new ImageComposer().Hash(ImageHashAlgorithm.Sha512).Raw(TlvType.SigPure, [1]).KeyHash(KeyA, ImageHashAlgorithm.Sha512).PureSignature(KeyA).Build();
        Accepted(Slot(good, config));
        Accepted(Slot(new ImageComposer().WrongHash(ImageHashAlgorithm.Sha512).Raw(TlvType.SigPure, [1]).KeyHash(KeyA, ImageHashAlgorithm.Sha512).PureSignature(KeyA).Build(), config), ErrorCodes.BootHashNotCheckedPure);
        Accepted(Slot(new ImageComposer().Raw(TlvType.SigPure, [1]).KeyHash(KeyA, ImageHashAlgorithm.Sha512).PureSignature(KeyA).Build(), config));
        Rejected(Slot(new ImageComposer().Hash(ImageHashAlgorithm.Sha512).KeyHash(KeyA, ImageHashAlgorithm.Sha512).PureSignature(KeyA).Build(), config), ErrorCodes.BootPureTlvMissing);
        Rejected(Slot(new ImageComposer().Raw(TlvType.SigPure, [2]).KeyHash(KeyA, ImageHashAlgorithm.Sha512).PureSignature(KeyA).Build(), config), ErrorCodes.BootPureTlvMissing);
        Rejected(Slot(new ImageComposer().Raw(TlvType.SigPure, [1, 1]).KeyHash(KeyA, ImageHashAlgorithm.Sha512).PureSignature(KeyA).Build(), config), ErrorCodes.BootPureTlvMissing);

        // A hash-signed image is no pure image: its signature is over the digest, not the image.
        Rejected(Slot(new ImageComposer().Raw(TlvType.SigPure, [1]).KeyHash(KeyA, ImageHashAlgorithm.Sha512).Signature(KeyA, ImageHashAlgorithm.Sha512).Build(), config), ErrorCodes.SignatureInvalid);
        Rejected(Slot(good, Config(KeyA) with { HashAlgorithm = ImageHashAlgorithm.Sha512 }), ErrorCodes.BootTlvNotAllowed);
    }

    // ---- security counter and UUIDs ----

    [Fact]
    public void Hardware_rollback_protection_requires_a_counter_at_least_the_stored_one()
    {
        var config = Config(KeyA) with { HardwareRollbackProtection = true, StoredSecurityCounter = 5 };
        ImageComposer With(byte[] counter)
        {
            var c = Signed(KeyA);
            c.Protected.Add(new TlvEntry(TlvType.SecurityCounter, counter));
            return c;
        }

        Accepted(Slot(With([5, 0, 0, 0]).Build(), config));
        Accepted(Slot(With([6, 0, 0, 0]).Build(), config));
        Rejected(Slot(With([4, 0, 0, 0]).Build(), config), ErrorCodes.BootSecurityCounterTooLow);
        Rejected(Slot(With([5, 0]).Build(), config), ErrorCodes.BootSecurityCounterInvalid);
        Rejected(Slot(Signed(KeyA).Build(), config), ErrorCodes.BootSecurityCounterMissing);
        Accepted(Slot(Signed(KeyA).Build(), Config(KeyA)));
    }

    [Fact]
    public void Uuid_checks_require_the_bootloaders_uuids()
    {
        byte[] vid = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        byte[] cid = Enumerable.Range(17, 16).Select(i => (byte)i).ToArray();
        ImageComposer With(byte[]? v, byte[]? c)
        {
            var composer = Signed(KeyA);
            if (v is not null) composer.Protected.Add(new TlvEntry(TlvType.UuidVid, v));
            if (c is not null) composer.Protected.Add(new TlvEntry(TlvType.UuidCid, c));
            return composer;
        }

        var config = Config(KeyA) with { VendorUuid = vid, ClassUuid = cid };
        Accepted(Slot(With(vid, cid).Build(), config));
        Rejected(Slot(With(null, cid).Build(), config), ErrorCodes.BootVendorUuidMismatch);
        Rejected(Slot(With(cid, cid).Build(), config), ErrorCodes.BootVendorUuidMismatch);
        Rejected(Slot(With(vid, null).Build(), config), ErrorCodes.BootClassUuidMismatch);
        Rejected(Slot(With(vid, vid).Build(), config), ErrorCodes.BootClassUuidMismatch);
    }

    // ---- encryption (boot_enc_load) ----

    [Fact]
    public void Encrypted_secondary_image_needs_the_bootloaders_encryption_tlv_of_the_right_size()
    {
        var config = Config(KeyA) with { Encryption = EncryptionScheme.EcdhP256 };
        ImageComposer Enc(ushort type, int length) => new ImageComposer { Flags = ImageFlags.EncryptedAes128 }.Hash().KeyHash(KeyA).Signature(KeyA).Raw(type, new byte[length]);
        Accepted(Slot(Enc(TlvType.EncEc256, 113).Build(), config), ErrorCodes.BootEncryptedHashUnchecked);
        Rejected(Slot(Enc(TlvType.EncEc256, 129).Build(), config), ErrorCodes.BootEncryptionTlvInvalid);
        Accepted(Slot(Enc(TlvType.EncEc256, 129).Build(), config with { Aes256 = true }), ErrorCodes.BootEncryptedHashUnchecked);
        Rejected(Slot(Enc(TlvType.EncRsa2048, 256).Build(), config), ErrorCodes.BootEncryptionTlvInvalid);

        // In the primary slot the flag is ignored and the body must be plaintext: no encryption TLV needed.
        Accepted(Slot(Enc(TlvType.EncRsa2048, 256).Build(), config, new BootValidationOptions { Slot = BootSlot.Primary }));
    }

    // ---- image size limits at the exact byte (bootutil_max_image_size) ----

    public static TheoryData<UpgradeMode, long> Limits => new()
    {
        { UpgradeMode.SwapScratch, 0x20000 - 0x630 },
        { UpgradeMode.SwapMove, 0x20000 - 0x2000 },
        { UpgradeMode.SwapOffset, 0x20000 - 0x1000 - 0x1000 },
        { UpgradeMode.OverwriteOnly, 0x20000 - 40 },
        { UpgradeMode.DirectXip, 0x20000 - 40 },
        { UpgradeMode.RamLoad, 0x20000 - 40 },
        { UpgradeMode.SingleApp, 0x20000 - 48 },
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public void Each_modes_size_limit_holds_to_the_byte(UpgradeMode mode, long limit)
    {
        var config = Config(KeyA) with
        {
            Mode = mode,
            PrimarySlotSize = 0x20000,
            SectorSize = 0x1000,
            WriteAlignment = 4,
            MaxImageSectors = 128,
        };
        Assert.Equal(limit, SlotLimits.MaxImageSize(config));
        ImageComposer Sized(long end) => new ImageComposer
        {
            BodySize = (int)(end - 0x200 - 144),
            Flags = mode == UpgradeMode.RamLoad ? ImageFlags.RamLoad : ImageFlags.None,
            LoadAddress = mode == UpgradeMode.RamLoad ? 0x2000_0000u : 0,
        }.Hash().KeyHash(KeyA).Signature(KeyA);

        var atLimit = Slot(Sized(limit).Build(), config);
        Accepted(atLimit);
        Assert.Equal(limit, atLimit.TlvEnd);
        var over = Slot(Sized(limit + 1).Build(), config);
        Rejected(over, ErrorCodes.BootImageTooLarge);
        Assert.Contains("1 bytes beyond", over.Rejection!.Message, StringComparison.Ordinal);
        Rejected(Image(Sized(limit + 1).Build(), config), ErrorCodes.BootImageTooLarge);
    }

    [Fact]
    public void An_understated_length_hiding_an_oversize_image_is_accepted_with_warnings()
    {
        var config = Config(KeyA) with { Mode = UpgradeMode.SingleApp, PrimarySlotSize = 0x20000 };
        long limit = 0x20000 - 48;
        var image = new ImageComposer { BodySize = (int)(limit + 10 - 0x200 - 144), UnprotectedTotalDelta = -20 }.Hash().KeyHash(KeyA).Signature(KeyA).Build();
        Accepted(Slot(image, config), ErrorCodes.BootTlvAreaUnderstated, ErrorCodes.BootRealEndBeyondLimit);
    }

    [Fact]
    public void Swap_scratch_with_sectors_larger_than_scratch_accepts_nothing()
    {
        var config = Config(KeyA) with { Mode = UpgradeMode.SwapScratch, PrimarySlotSize = 0x20000, ScratchSize = 0x800 };
        Rejected(Slot(Signed(KeyA).Build(), config), ErrorCodes.BootImageTooLarge);
    }

    // ---- the trailer of a padded image ----

    [Fact]
    public void Padded_image_reports_the_swap_type_its_trailer_requests()
    {
        var config = Config(KeyA) with { PrimarySlotSize = 0x8000, WriteAlignment = 4 };
        var image = Signed(KeyA).Build();
        var slot = new byte[0x8000];
        slot.AsSpan().Fill(0xff);
        image.CopyTo(slot, 0);
        ImageTrailer.StandardMagic.CopyTo(slot.AsSpan(0x8000 - 16));
        var v = Slot(slot, config);
        Accepted(v);
        Assert.Equal(SwapType.Test, v.RequestedSwap);
        slot[SlotLimits.ImageOkOffset(config, 0x8000)] = 1;
        Assert.Equal(SwapType.Perm, Slot(slot, config).RequestedSwap);
        Assert.Null(Slot(image, config).RequestedSwap);
    }
}
