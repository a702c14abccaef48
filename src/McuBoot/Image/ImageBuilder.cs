using System.Security.Cryptography;
using McuBoot.Compression;
using McuBoot.Diagnostics;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Image;

/// <summary>
/// Builds a signed MCUboot image from firmware bytes: imgtool 2.4.0's <c>sign</c> pipeline
/// (mcuboot-image-format.md §0), with its defects fixed where §11 lists them.
/// </summary>
public static class ImageBuilder
{
    /// <summary>
    /// Builds the image. <paramref name="firmware"/> is the input file's bytes (a flattened HEX file or a binary);
    /// <paramref name="baseAddress"/> its lowest address when it came from HEX. Throws <see cref="McuBootException"/>
    /// for every bad input. The firmware is not copied: the returned image's <see cref="SignedImage.Body"/> refers to
    /// it (unless the body is encrypted or compressed), so the caller must not change it while the image is in use.
    /// </summary>
    public static SignedImage Build(ReadOnlyMemory<byte> firmware, uint? baseAddress, ImageSignOptions options, string inputName = "input")
    {
        var warnings = new List<McuBootWarning>();
        Validate(options, warnings);
        if (options.PadValue is byte padValue)
        {
            // sdk-mcuboot image.py: pad_value overrides erased_val for the header fill, the slot padding and the trailer.
            options = options with { ErasedValue = padValue };
        }

        int headerSize = options.HeaderSize;
        var input = firmware.Span;

        // The header area is its own small array and the body a slice of the input, so the input is never copied
        // (the image's three pieces are hashed and written in turn).
        var headerArea = new byte[headerSize];
        ReadOnlyMemory<byte> body;
        if (options.PadValue is byte fill && !options.PadHeader)
        {
            // sdk-mcuboot image.py _apply_header_padding(payload_reserves_header=True): the input's first header-size
            // bytes are replaced by the pad value. The fork overwrites whatever is there; we accept only an area that is
            // all zeros or all pad value, so code linked at offset 0 is never overwritten silently.
            if (input.Length < headerSize || (input[..headerSize].ContainsAnyExcept((byte)0) && input[..headerSize].ContainsAnyExcept(fill)))
            {
                throw new McuBootException(ErrorCodes.HeaderNotZero,
                    $"--pad-value without --pad-header replaces the first {headerSize} (0x{headerSize:x}) bytes of {inputName}, but they are neither all 0x00 nor all 0x{fill:x2}; add --pad-header, or link the application with a {headerSize}-byte offset (CONFIG_ROM_START_OFFSET).",
                    inputName) { ExitCode = ExitCodes.Usage };
            }

            headerArea.AsSpan().Fill(fill);
            body = firmware[headerSize..];
        }
        else if (options.PadHeader)
        {
            headerArea.AsSpan().Fill(options.ErasedValue);
            body = firmware;
            if (baseAddress is uint b)
            {
                if (b < headerSize)
                {
                    throw new McuBootException(ErrorCodes.HeaderNotZero,
                        $"{inputName} starts at address 0x{b:x}, so --pad-header would put the {headerSize}-byte header below address 0 (imgtool silently shifts the firmware instead); link the application at the header offset (e.g. CONFIG_ROM_START_OFFSET) and drop --pad-header, or sign a .bin with -x.",
                        inputName) { ExitCode = ExitCodes.Usage };
                }

                baseAddress = b - (uint)headerSize;
            }
        }
        else
        {
            if (input.Length < headerSize || input[..headerSize].ContainsAnyExcept((byte)0))
            {
                throw new McuBootException(ErrorCodes.HeaderNotZero,
                    $"Header padding was not requested and {inputName} does not start with {headerSize} (0x{headerSize:x}) zero bytes; pass --pad-header to add the header area, or link the application with a {headerSize}-byte offset (CONFIG_ROM_START_OFFSET).",
                    inputName) { ExitCode = ExitCodes.Usage };
            }

            body = firmware[headerSize..]; // the header area: the input's zero bytes
        }

        if (options.Compression == CompressionKind.None)
        {
            var plain = BuildCore(headerArea, body, options, [], ImageFlags.None, encrypt: options.Encryptor != null, warnings);
            return Finish(plain, options, baseAddress, warnings, null);
        }

        return BuildCompressed(headerArea, body, baseAddress, options, warnings);
    }

    private static SignedImage BuildCompressed(byte[] headerArea, ReadOnlyMemory<byte> body, uint? baseAddress, ImageSignOptions options, List<McuBootWarning> warnings)
    {
        if (options.VectorToSign != VectorToSign.None || options.FixedSignature != null)
        {
            throw new McuBootException(ErrorCodes.ConflictingOptions,
                "--compression cannot be combined with external signing (--vector-to-sign / --fix-sig): the decompressed image needs its own signature; sign compressed images with -k.")
            { ExitCode = ExitCodes.Usage };
        }

        // Pass 1: the uncompressed reference image. Encryption is suppressed but its flag kept (imgtool, §7.1).
        var reference = BuildCore(headerArea, body, options, [], ImageFlags.None, encrypt: false, warnings);
        long uncompressedSize = body.Length;
        bool armThumb = options.Compression == CompressionKind.Lzma2ArmThumb;
        byte[] compressed = Lzma2.Compress(body.Span, armThumb, options.Lzma);
        int streamLength = compressed.Length - 2;
        int tlvValues = 4 + reference.Hash.Length + (reference.Signature?.Length ?? 0);
        if (streamLength + tlvValues >= uncompressedSize)
        {
            if (options.Encryptor != null)
            {
                // imgtool writes the pass-1 image here: ENCRYPTED flag, plaintext body, no key TLV (§7.4).
                throw new McuBootException(ErrorCodes.EncryptedImageDidNotCompress,
                    $"The firmware does not compress ({streamLength} + {tlvValues} bytes of TLVs >= {uncompressedSize}), so an encrypted compressed image cannot be made; drop --compression (the image then needs a secondary slot of the full size) or check that the input is not already compressed or encrypted.")
                { ExitCode = ExitCodes.Usage };
            }

            warnings.Add(new McuBootWarning(ErrorCodes.CompressionNotBeneficial,
                $"Compression would not make the image smaller ({streamLength} + {tlvValues} bytes of TLVs >= {uncompressedSize}); the image is written uncompressed."));
            var plain = BuildCore(headerArea, body, options, [], ImageFlags.None, encrypt: false, warnings);
            return Finish(plain, options, baseAddress, warnings, null);
        }

        var order = options.ByteOrder;
        var extra = new List<Tlv>
        {
            new(TlvType.DecompSize, U32(order, (uint)uncompressedSize)),
            new(TlvType.DecompSha, reference.Hash),
        };
        if (reference.Signature != null)
        {
            extra.Add(new Tlv(TlvType.DecompSignature, reference.Signature));
        }

        if (options.Encryptor != null)
        {
            extra.Add(new Tlv(TlvType.CompDecSize, U32(order, (uint)compressed.Length)));
        }

        var flags = ImageFlags.CompressedLzma2 | (armThumb ? ImageFlags.CompressedArmThumb : ImageFlags.None);
        var final = BuildCore(headerArea, compressed, options, extra, flags, encrypt: options.Encryptor != null, warnings);
        return Finish(final, options, baseAddress, warnings, uncompressedSize);
    }

    private static SignedImage Finish(CoreResult core, ImageSignOptions options, uint? baseAddress, List<McuBootWarning> warnings, long? uncompressedSize)
    {
        var trailer = new ImageTrailer
        {
            Align = options.Trailer.Align,
            MaxAlign = options.Trailer.MaxAlign,
            MaxSectors = options.Trailer.MaxSectors,
            OverwriteOnly = options.Trailer.OverwriteOnly,
            Encrypted = options.Encryptor != null,
            SavedEncTlvLength = options.Trailer.SaveEncTlv && options.Encryptor != null
                ? options.Encryptor.TlvValueLength(options.EncryptKeyLength)
                : null,
        };

        var image = new SignedImage(core.Header, core.HeaderArea, core.Body, core.ProtectedArea, core.UnprotectedArea)
        {
            ByteOrder = options.ByteOrder,
            HashAlgorithm = core.HashAlgorithm,
            Hash = core.Hash,
            Signature = core.Signature,
            SignatureTlvType = core.SignatureTlvType,
            KeyHash = core.KeyHash,
            BaseAddress = baseAddress,
            Trailer = trailer,
            SlotSize = options.SlotSize,
            WritesTrailer = options.WritesTrailer,
            Confirm = options.Confirm && !options.Trailer.OverwriteOnly,
            WritesImageOk = (options.Confirm || options.Test) && !options.Trailer.OverwriteOnly,
            ErasedValue = options.ErasedValue,
            Vector = core.Vector,
            VectorToSign = options.VectorToSign,
            UncompressedSize = uncompressedSize,
            Warnings = warnings,
        };

        // The bootloader model's TLV allow-list rule (image_validate.c:bootutil_img_validate, MCUBOOT_USE_TLV_ALLOW_LIST, on in
        // every port): imgtool would write an empty last protected TLV that bootutil_tlv_iter_is_prot counts as unprotected.
        if (Bootloader.BootImageValidator.CheckAllowList(core.ProtectedArea, core.UnprotectedArea, options.ByteOrder, (long)core.HeaderArea.Length + core.Body.Length, "the signed image") is { } rejected)
        {
            throw new McuBootException(ErrorCodes.SignTlvLayoutRejected,
                $"Refusing to write an image MCUboot rejects ({rejected.Rule}, {rejected.Code}): {rejected.Message}")
            { ExitCode = ExitCodes.Usage };
        }

        if (options.VectorToSign == VectorToSign.None && options.SlotSize != 0 && image.Length + trailer.Size > options.SlotSize)
        {
            long total = image.Length + trailer.Size;
            throw new McuBootException(ErrorCodes.ImageTooLarge,
                $"Image size (0x{image.Length:x}) + trailer (0x{trailer.Size:x}) = 0x{total:x} ({total} bytes) exceeds the slot size 0x{options.SlotSize:x} ({options.SlotSize} bytes) by {total - options.SlotSize} bytes; shrink the firmware or enlarge the slot in the partition layout.")
            { ExitCode = ExitCodes.TooLarge };
        }

        return image;
    }

    private sealed record CoreResult(
        ImageHeader Header,
        byte[] HeaderArea,
        ReadOnlyMemory<byte> Body,
        byte[] ProtectedArea,
        byte[] UnprotectedArea,
        ImageHashAlgorithm HashAlgorithm,
        byte[] Hash,
        byte[]? Signature,
        ushort SignatureTlvType,
        byte[]? KeyHash,
        byte[]? Vector);

    /// <summary>
    /// Steps 4–11 of §0 over <paramref name="headerTemplate"/> (the header area before the header is written; not
    /// changed) and <paramref name="body"/> (read only; an encrypted body is padded and encrypted in a copy).
    /// </summary>
    private static CoreResult BuildCore(byte[] headerTemplate, ReadOnlyMemory<byte> body, ImageSignOptions options, IReadOnlyList<Tlv> extraProtected, ImageFlags extraFlags, bool encrypt, List<McuBootWarning> warnings)
    {
        var order = options.ByteOrder;
        int headerSize = options.HeaderSize;
        KeyType? keyType = options.Signer?.KeyType ?? options.FixedSignatureKey?.KeyType;
        var hashAlgorithm = ChooseHash(options, keyType);

        byte[]? publicKey = options.Signer?.GetPublicKeyBytes() ?? options.FixedSignatureKey?.GetPublicKeyBytes();
        byte[]? keyHash = publicKey == null ? null : hashAlgorithm.Hash(publicKey);

        // Protected TLVs in imgtool's order (§3.3).
        var prot = new List<Tlv>();
        if (options.SecurityCounterAuto || options.SecurityCounter.HasValue)
        {
            uint counter = options.SecurityCounterAuto ? options.Version.AutoSecurityCounter : options.SecurityCounter!.Value;
            prot.Add(new Tlv(TlvType.SecurityCounter, U32(order, counter)));
        }

        if (options.BootRecordType != null)
        {
            var record = BootRecord.Encode(options.BootRecordType, options.Version, keyHash ?? new byte[32], hashAlgorithm);
            prot.Add(new Tlv(TlvType.BootRecord, record));
        }

        foreach (var dependency in options.Dependencies)
        {
            prot.Add(new Tlv(TlvType.Dependency, dependency.Encode(order)));
        }

        prot.AddRange(extraProtected);
        if (options.VendorUuid != null)
        {
            prot.Add(new Tlv(TlvType.UuidVid, options.VendorUuid));
        }

        if (options.ClassUuid != null)
        {
            prot.Add(new Tlv(TlvType.UuidCid, options.ClassUuid));
        }

        if (options.Manifest != null)
        {
            // sdk-mcuboot image.py create(): MANIFEST after UUID_VID/UUID_CID, before the custom TLVs.
            prot.Add(new Tlv(TlvType.Manifest, options.Manifest.Encode(order)));
        }

        prot.AddRange(options.CustomTlvs);
        byte[] protectedArea = prot.Count == 0 ? [] : TlvArea.Encode(TlvType.ProtectedInfoMagic, prot, order);

        // AES body padding (§6.2): header area + body a multiple of 16, zero-filled; the body is encrypted in this copy.
        byte[]? bodyCopy = null;
        if (encrypt)
        {
            long padded = (headerSize + (long)body.Length + 15) / 16 * 16;
            bodyCopy = new byte[padded - headerSize];
            body.Span.CopyTo(bodyCopy);
            body = bodyCopy;
        }

        long imageSize = body.Length;
        if (imageSize > uint.MaxValue)
        {
            throw new McuBootException(ErrorCodes.FieldOverflow, $"The firmware is {imageSize} bytes; an MCUboot image body is at most 4 GiB.");
        }

        var flags = extraFlags;
        if (options.Encryptor != null)
        {
            flags |= options.EncryptKeyLength == 32 ? ImageFlags.EncryptedAes256 : ImageFlags.EncryptedAes128;
        }

        if (options.NonBootable)
        {
            flags |= ImageFlags.NonBootable;
        }

        uint loadAddress = 0;
        if (options.RomFixed is uint romFixed && romFixed != 0)
        {
            flags |= ImageFlags.RomFixed;
            loadAddress = romFixed;
        }
        else if (options.LoadAddress is uint load && load != 0)
        {
            flags |= ImageFlags.RamLoad;
            loadAddress = load;
        }

        var header = new ImageHeader(loadAddress, (ushort)headerSize, (ushort)protectedArea.Length, (uint)imageSize, flags, options.Version);
        var headerArea = (byte[])headerTemplate.Clone();
        header.WriteTo(headerArea, order);

        byte[] hash;
        using (var hasher = hashAlgorithm.CreateIncremental())
        {
            hasher.AppendData(headerArea);
            hasher.AppendData(body.Span);
            hasher.AppendData(protectedArea);
            hash = hasher.GetHashAndReset();
        }

        if (options.VectorToSign != VectorToSign.None)
        {
            byte[] vector = options.VectorToSign == VectorToSign.Digest ? hash : Concat(headerArea, body.Span, protectedArea);
            return new CoreResult(header, headerArea, body, protectedArea, [], hashAlgorithm, hash, null, 0, keyHash, vector);
        }

        // Unprotected TLVs (§3.3): hash, [SIG_PURE], [key], [signature], [encryption key].
        var unprot = new List<Tlv> { new(TlvType.ForHash(hashAlgorithm), hash) };
        if (options.Pure)
        {
            unprot.Add(new Tlv(TlvType.SigPure, [0x01]));
        }

        byte[]? signature = null;
        ushort signatureType = 0;
        if (keyType is KeyType type && publicKey != null)
        {
            unprot.Add(options.PublicKeyFormat == PublicKeyFormat.Full
                ? new Tlv(TlvType.PublicKey, publicKey)
                : new Tlv(TlvType.KeyHash, keyHash!));
            signatureType = SignatureAlgorithms.SignatureTlvType(type);
            if (options.Signer != null)
            {
                // The signed region is assembled only for a pure signature or a signer that sends it elsewhere.
                signature = options.Pure
                    ? options.Signer.SignMessage(Concat(headerArea, body.Span, protectedArea))
                    : options.Signer.SignImage(options.Signer.SignsPayload ? Concat(headerArea, body.Span, protectedArea) : [], hash, hashAlgorithm);
            }
            else
            {
                signature = options.FixedSignature!;
                bool valid = options.Pure
                    ? options.FixedSignatureKey!.VerifyMessage(Concat(headerArea, body.Span, protectedArea), signature)
                    : options.FixedSignatureKey!.VerifyDigest(hash, hashAlgorithm, signature);
                if (!valid)
                {
                    throw new McuBootException(ErrorCodes.InvalidFixedSignature,
                        "The signature given with --fix-sig does not verify with the --fix-sig-pubkey key over this image; sign the exact --vector-to-sign output of a run with identical options, with that key.")
                    { ExitCode = ExitCodes.Failure };
                }
            }

            signature = PadSignature(options, type, signature);
            unprot.Add(new Tlv(signatureType, signature));

            // Key rotation: one more key TLV + signature pair per further key, in order (bootutil image_validate.c,
            // bootutil_img_validate: each signature is checked with the key its preceding KEYHASH/PUBKEY selected).
            foreach (var extra in options.AdditionalSigners)
            {
                byte[] extraKey = extra.GetPublicKeyBytes();
                unprot.Add(options.PublicKeyFormat == PublicKeyFormat.Full
                    ? new Tlv(TlvType.PublicKey, extraKey)
                    : new Tlv(TlvType.KeyHash, hashAlgorithm.Hash(extraKey)));
                byte[] extraSignature = options.Pure
                    ? extra.SignMessage(Concat(headerArea, body.Span, protectedArea))
                    : extra.SignImage(extra.SignsPayload ? Concat(headerArea, body.Span, protectedArea) : [], hash, hashAlgorithm);
                unprot.Add(new Tlv(signatureType, PadSignature(options, type, extraSignature)));
            }
        }

        if (options.Encryptor != null && encrypt)
        {
            var aesKey = RandomNumberGenerator.GetBytes(options.EncryptKeyLength);
            unprot.Add(new Tlv(options.Encryptor.TlvType, options.Encryptor.WrapKey(aesKey)));
            if (!options.Clear)
            {
                McuBoot.Encryption.AesCtr.Transform(aesKey, bodyCopy!, bodyCopy!);
            }

            CryptographicOperations.ZeroMemory(aesKey);
        }

        byte[] unprotectedArea = TlvArea.Encode(TlvType.InfoMagic, unprot, order);
        return new CoreResult(header, headerArea, body, protectedArea, unprotectedArea, hashAlgorithm, hash, signature, signatureType, keyHash, null);
    }

    private static byte[] PadSignature(ImageSignOptions options, KeyType type, byte[] signature)
    {
        if (options.PadSignature && type is KeyType.EcdsaP256 or KeyType.EcdsaP384)
        {
            int target = type == KeyType.EcdsaP256 ? 72 : 104;
            if (signature.Length < target)
            {
                Array.Resize(ref signature, target);
            }
        }

        return signature;
    }

    /// <summary>The hash algorithm per §4.2, with <c>--pure</c> forcing SHA-512.</summary>
    private static ImageHashAlgorithm ChooseHash(ImageSignOptions options, KeyType? keyType)
    {
        bool publicOnly = options.Signer == null;
        if (options.Pure)
        {
            if (options.Hash.HasValue)
            {
                throw new McuBootException(ErrorCodes.InvalidHashChoice,
                    "--pure always uses SHA-512 and cannot be combined with --sha; drop --sha.") { ExitCode = ExitCodes.Usage };
            }

            if (keyType != KeyType.Ed25519)
            {
                throw new McuBootException(ErrorCodes.InvalidHashChoice,
                    $"--pure needs an Ed25519 key, but the key is {(keyType is { } kt ? McuBoot.Keys.KeyTypeNames.WithArticle(kt) : "missing")}; sign with an Ed25519 key or drop --pure.") { ExitCode = ExitCodes.Usage };
            }

            return ImageHashAlgorithm.Sha512;
        }

        if (options.Hash is not ImageHashAlgorithm requested)
        {
            return SignatureAlgorithms.DefaultHash(keyType);
        }

        var allowed = SignatureAlgorithms.AllowedHashes(keyType, publicOnly);
        if (!allowed.Contains(requested))
        {
            string names = string.Join(", ", allowed.Select(a => a.TlvName()[3..]));
            throw new McuBootException(ErrorCodes.InvalidHashChoice,
                $"A {keyType} key cannot be used with --sha {requested.TlvName()[3..]}; allowed: {names}.") { ExitCode = ExitCodes.Usage };
        }

        return requested;
    }

    private static void Validate(ImageSignOptions options, List<McuBootWarning> warnings)
    {
        if (options.HeaderSize < ImageHeader.Size || options.HeaderSize > ushort.MaxValue)
        {
            throw new McuBootException(ErrorCodes.InvalidHeaderSize,
                $"Invalid value for '-H' / '--header-size': {options.HeaderSize}; the header size must be 32..65535 bytes (usually 0x200, the mcuboot_pad size / CONFIG_ROM_START_OFFSET).")
            { ExitCode = ExitCodes.Usage };
        }

        if (options.SlotSize < 0)
        {
            throw new McuBootException(ErrorCodes.InvalidOptionValue, $"Invalid value for '-S' / '--slot-size': {options.SlotSize}; use the slot size in bytes.") { ExitCode = ExitCodes.Usage };
        }

        if (options.RomFixed.HasValue && options.LoadAddress.HasValue)
        {
            throw new McuBootException(ErrorCodes.ConflictingOptions, "Can not set --rom-fixed and --load-addr at the same time; use -F for direct-XIP/ROM-fixed images or -L for RAM-load images.") { ExitCode = ExitCodes.Usage };
        }

        if (options.RomFixed == 0 || options.LoadAddress == 0)
        {
            warnings.Add(new McuBootWarning(ErrorCodes.ZeroAddressIgnored,
                $"{(options.RomFixed == 0 ? "--rom-fixed" : "--load-addr")} 0 sets no flag (as imgtool): the image is a plain XIP image."));
        }

        if (options.PadValue is not (null or 0x00 or 0xff))
        {
            throw new McuBootException(ErrorCodes.InvalidPadValue, $"Invalid value for '--pad-value': 0x{options.PadValue:x}; use 0 or 0xff.") { ExitCode = ExitCodes.Usage };
        }

        if (options.Compression != CompressionKind.None)
        {
            options.Lzma.Validate();
        }

        if (options.ErasedValue is not (0x00 or 0xff))
        {
            throw new McuBootException(ErrorCodes.InvalidOptionValue, $"Invalid value for '-R' / '--erased-val': 0x{options.ErasedValue:x}; use 0 or 0xff.") { ExitCode = ExitCodes.Usage };
        }

        if (options.EncryptKeyLength is not (16 or 32))
        {
            throw new McuBootException(ErrorCodes.InvalidOptionValue, "Invalid value for '--encrypt-keylen'; use 128 or 256.") { ExitCode = ExitCodes.Usage };
        }

        if (options.Signer != null && options.FixedSignature != null)
        {
            throw new McuBootException(ErrorCodes.ConflictingOptions, "Can not sign using a key (-k) and provide a fixed signature (--fix-sig) at the same time; drop one of them.") { ExitCode = ExitCodes.Usage };
        }

        if (options.AdditionalSigners.Count > 0)
        {
            if (options.Signer == null)
            {
                throw new ArgumentException("AdditionalSigners needs Signer (the first key).", nameof(options));
            }

            if (options.AdditionalSigners.FirstOrDefault(s => s.KeyType != options.Signer.KeyType) is { } other)
            {
                throw new McuBootException(ErrorCodes.SigningKeysMixed,
                    $"The signing keys are of different types ({options.Signer.KeyType} and {other.KeyType}); a bootloader verifies one signature type (CONFIG_BOOT_SIGNATURE_TYPE_*), so sign with keys of one type only.")
                { ExitCode = ExitCodes.Usage };
            }

            string? single = options.FixedSignature != null ? "--fix-sig"
                : options.VectorToSign != VectorToSign.None ? "--vector-to-sign"
                : options.Compression != CompressionKind.None ? "--compression (DECOMP_SIGNATURE holds one signature)"
                : null;
            if (single != null)
            {
                throw new McuBootException(ErrorCodes.MultipleSignaturesNotAllowed,
                    $"Several signing keys (-k A -k B) cannot be combined with {single}; sign with one key, or drop that option.")
                { ExitCode = ExitCodes.Usage };
            }
        }

        if (options.FixedSignature != null && options.FixedSignatureKey == null)
        {
            throw new McuBootException(ErrorCodes.MissingOption, "The public key of the fixed signature is not specified; add --fix-sig-pubkey KEYFILE.") { ExitCode = ExitCodes.Usage };
        }

        if (options.SecurityCounterAuto && options.SecurityCounter.HasValue)
        {
            throw new McuBootException(ErrorCodes.ConflictingOptions, "Give the security counter either as a number or as 'auto', not both.") { ExitCode = ExitCodes.Usage };
        }

        if (options.BootRecordType != null)
        {
            BootRecord.Validate(options.BootRecordType);
        }

        if (options.VendorUuid is { Length: not 16 } || options.ClassUuid is { Length: not 16 })
        {
            throw new McuBootException(ErrorCodes.InvalidUuid, "A vendor or class UUID must be 16 bytes.") { ExitCode = ExitCodes.Usage };
        }

        CustomTlv.Validate(options.CustomTlvs);
        foreach (var tlv in options.CustomTlvs.Where(t => !CustomTlv.IsInVendorRange(t.Type)))
        {
            warnings.Add(new McuBootWarning(ErrorCodes.CustomTlvOutsideVendorRange,
                $"Custom TLV 0x{tlv.Type:x4} is outside the vendor sub-ranges 0xXXa0..0xXXff that MCUboot reserves; a future MCUboot TLV may clash with it."));
        }

        if (options.PadSignature)
        {
            warnings.Add(new McuBootWarning(ErrorCodes.PadSignatureDiscouraged,
                "--pad-sig is only for MCUboot < 1.5; mbedTLS/PSA-based bootloaders reject a DER signature followed by padding."));
        }

        new ImageTrailer
        {
            Align = options.Trailer.Align,
            MaxAlign = options.Trailer.MaxAlign,
            MaxSectors = options.Trailer.MaxSectors,
            OverwriteOnly = options.Trailer.OverwriteOnly,
        }.Validate();
    }

    private static byte[] U32(ByteOrder order, uint value)
    {
        var bytes = new byte[4];
        order.WriteUInt32(bytes, value);
        return bytes;
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        var result = new byte[a.Length + b.Length + c.Length];
        a.CopyTo(result);
        b.CopyTo(result.AsSpan(a.Length));
        c.CopyTo(result.AsSpan(a.Length + b.Length));
        return result;
    }
}
