// image_validate.c:bootutil_img_validate at MCUboot v2.4.0 (L201-L591), rule by rule (mcuboot-acceptance-rules.md §4, §5):
// bootutil_img_hash.c:bootutil_img_hash, bootutil_check_for_pure (L127-L161), allowed_unprot_tlvs (L169-L193),
// the EXPECTED_HASH_TLV / EXPECTED_KEY_TLV / EXPECTED_SIG_TLV / SEC_CNT / UUID cases of the TLV loop (L310-L551),
// bootutil_find_key.c:bootutil_find_key (L56-L79, HW key L83-L118), the verdict after the loop (L553-L583), and
// encrypted.c:boot_enc_load (L572-L627) for the encryption TLV.
using System.Security.Cryptography;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Bootloader;

public static partial class BootImageValidator
{
    private sealed partial class Run
    {
        private const string Validate_ = "image_validate.c:bootutil_img_validate";

        private BootValidation ImgValidate(bool slotGates)
        {
            var b = new BootValidationBuilder();
            var alg = _config.HashAlgorithm;
            long tlvOffset = _header.TlvOffset;
            ushort protectedSize = _header.ProtectedTlvSize;
            long hashedEnd = tlvOffset + protectedSize;

            // boot_check_image → boot_enc_load: the first BOOT_ENC_TLV of either area, of exactly BOOT_ENC_TLV_SIZE bytes.
            var hashArea = _area;
            bool hashUnknown = false;
            if (MustDecrypt)
            {
                if (EncLoad() is { } encFail)
                {
                    return Done(encFail, x => Copy(b, x));
                }

                if (_options.Plaintext is { } plain)
                {
                    hashArea = new FlashArea(plain, _slotSize, _config.ErasedValue, _area.Order);
                }
                else if (!_config.Pure)
                {
                    hashUnknown = true;
                    Warn(ErrorCodes.BootEncryptedHashUnchecked, "bootutil_img_hash.c:bootutil_img_hash",
                        $"{Name} is encrypted: the bootloader hashes the decrypted body, which cannot be done without its private key, so the hash TLV is taken as given (the signature over it is still checked); give the decryption key (--decrypt-key) to check the body too.");
                }
            }

            // bootutil_img_hash over [0, hdr + img + prot).
            if (!_config.Pure && !hashUnknown)
            {
                if (hashedEnd > int.MaxValue || !hashArea.TryGetRegion(0, (int)hashedEnd, out var region))
                {
                    return Done(Error(ErrorCodes.BootReadOutsideSlot, "bootutil_img_hash.c:bootutil_img_hash",
                        $"{Name}: the hashed region (header + image + protected TLVs) ends at 0x{hashedEnd:x}, beyond {_area.Describe}: the bootloader cannot read it and rejects the image; the header sizes are corrupt or the file is truncated."), x => Copy(b, x));
                }

                b.Digest = alg.Hash(region.Span);
            }

            if (_config.Pure && CheckForPure(tlvOffset, protectedSize) is { } pureFail)
            {
                return Done(pureFail, x => Copy(b, x));
            }

            var it = TlvIterator.Begin(_area, tlvOffset, protectedSize, TlvIterator.Any, false, out string? why);
            if (it is null)
            {
                return Done(Error(ErrorCodes.BootTlvInfoInvalid, "tlv.c:bootutil_tlv_iter_begin",
                    $"{Name}: {why}: MCUboot cannot iterate the TLVs and rejects the image; re-sign it (the TLV area is corrupt or was edited)."), x => Copy(b, x));
            }

            b.TlvEnd = it.TlvEnd;
            if (MaxImageSize is long max && it.TlvEnd > max)
            {
                return Done(TooLarge(it.TlvEnd, max, "ends"), x => Copy(b, x));
            }

            var loop = new LoopState(_options.ImageIndex, _config.KeyTlv == KeyTlvKind.BuiltIn);
            ushort? expectedSig = _config.ExpectedSignatureTlv;
            ushort? expectedKey = _config.ExpectedKeyTlv;
            int digestLength = alg.DigestLength();
            while (true)
            {
                int rc = it.Next(out long off, out ushort len, out ushort type);
                if (rc < 0)
                {
                    return Done(Error(ErrorCodes.BootReadOutsideSlot, "tlv.c:bootutil_tlv_iter_next",
                        $"{Name}: a TLV header at 0x{off:x} lies beyond {_area.Describe}: the bootloader's read fails and it rejects the image; the TLV lengths are corrupt."), x => Copy(b, x));
                }

                if (rc > 0)
                {
                    break;
                }

                loop.RealEnd = Math.Max(loop.RealEnd, off + len);
                if (_config.UseTlvAllowList && !it.IsProtected(off) && !AllowedUnprotected(type))
                {
                    return Done(NotAllowed(type, off, _header.ProtectedTlvSize > 0 ? it.ProtEnd : -1), x => Copy(b, x));
                }

                BootFinding? fail = null;
                if (type == _config.ExpectedHashTlv && !_config.Pure)
                {
                    fail = HashTlv(off, len, digestLength, hashUnknown, b, loop);
                }
                else if (TlvType.HashOf(type) is { } otherHash)
                {
                    if (_config.Pure)
                    {
                        // Not compared by a pure bootloader (the hash case is compiled out); only a wrong one is worth a word,
                        // because SMP/mcumgr and DFU tools identify the image by it.
                        if (!HashTlvMatches(otherHash, off, len, hashedEnd))
                        {
                            WarnOnce(loop, ErrorCodes.BootHashNotCheckedPure, "image_validate.c:bootutil_img_validate (MCUBOOT_SIGN_PURE)",
                                $"{Name}: its {otherHash.TlvName()} hash TLV at 0x{off - 4:x} does not match the image; a pure-signature bootloader never looks at it (the signature covers the image itself), but mcumgr/SMP and DFU tools identify the image by it; re-sign the image.");
                        }
                    }
                    else
                    {
                        WarnOnce(loop, ErrorCodes.BootHashTlvIgnored, Validate_,
                            $"{Name} carries a {otherHash.TlvName()} hash TLV, which this bootloader ignores (it compares {alg.TlvName()} only): a tool that trusts the first hash TLV may disagree with the bootloader; sign with the bootloader's hash only.");
                    }
                }
                else if (expectedKey is ushort keyTlv && type == keyTlv)
                {
                    fail = KeyTlv(off, len, digestLength, loop);
                }
                else if (expectedSig is ushort sigTlv && type == sigTlv)
                {
                    fail = SignatureTlv(off, len, hashedEnd, b, loop);
                }
                else if (expectedSig is not null && type is TlvType.KeyHash or TlvType.PublicKey or (>= TlvType.Rsa2048 and <= TlvType.Ed25519))
                {
                    if (type is not (TlvType.KeyHash or TlvType.PublicKey))
                    {
                        b.Signatures.Add(new BootSignatureResult(off - 4, type, null, null, null, BootSignatureStatus.OtherType, false));
                    }

                    WarnOnce(loop, ErrorCodes.BootOtherSignatureTypeSkipped, Validate_,
                        $"{Name} carries a {TlvType.NameOf(type)} TLV, which a {_config.SignatureType} bootloader{(type == TlvType.PublicKey ? " without MCUBOOT_HW_KEY" : type == TlvType.KeyHash ? " with MCUBOOT_HW_KEY" : string.Empty)} skips.");
                }
                else if (type == TlvType.SecurityCounter && _config.HardwareRollbackProtection)
                {
                    fail = SecurityCounter(off, len, loop);
                }
                else if (type == TlvType.UuidVid && _config.VendorUuid is { } vid)
                {
                    fail = Uuid(off, len, vid, ErrorCodes.BootVendorUuidMismatch, "UUID_VID", "--vid");
                    loop.VidSeen = true;
                }
                else if (type == TlvType.UuidCid && _config.ClassUuid is { } cid)
                {
                    fail = Uuid(off, len, cid, ErrorCodes.BootClassUuidMismatch, "UUID_CID", "--cid");
                    loop.CidSeen = true;
                }

                if (fail is not null)
                {
                    return Done(fail, x => Copy(b, x));
                }
            }

            var verdict = AfterLoop(b, loop);
            int decided = b.Signatures.FindLastIndex(x => x.Status is BootSignatureStatus.Verified or BootSignatureStatus.Failed);
            if (decided >= 0)
            {
                b.Signatures[decided] = b.Signatures[decided] with { Decided = true };
            }

            if (verdict is null)
            {
                Suspicious(it, loop, slotGates, b);
            }

            return Done(verdict, x => Copy(b, x));
        }

        private bool HashTlvMatches(ImageHashAlgorithm alg, long off, ushort len, long hashedEnd)
            => len == alg.DigestLength() && _area.TryRead(off, len, out var value) && hashedEnd <= int.MaxValue
                && _area.TryGetRegion(0, (int)hashedEnd, out var region) && alg.Hash(region.Span).AsSpan().SequenceEqual(value);

        private static void Copy(BootValidationBuilder from, BootValidationBuilder to)
        {
            to.Digest = from.Digest;
            to.HashVerified = from.HashVerified;
            to.SignatureVerified = from.SignatureVerified;
            to.Signature = from.Signature;
            to.KeyIndex = from.KeyIndex;
            to.Signatures = from.Signatures;
            to.TlvEnd = from.TlvEnd;
            to.RequestedSwap = from.RequestedSwap;
        }

        // allowed_unprot_tlvs at v2.4.0: every key, hash and signature type, SIG_PURE only in pure builds, the encryption
        // TLVs with X25519's variant chosen by MCUBOOT_HMAC_SHA512.
        private bool AllowedUnprotected(ushort type) => IsAllowedUnprotected(type, _config);

        private BootFinding NotAllowed(ushort type, long off, long protEnd) => NotAllowedFinding(_config, Name, type, off, protEnd);

        private static bool IsAllowedUnprotected(ushort type, BootloaderConfig config) => type switch
        {
            TlvType.KeyHash or TlvType.PublicKey or TlvType.Sha256 or TlvType.Sha384 or TlvType.Sha512 => true,
            TlvType.Rsa2048 or TlvType.Ecdsa224 or TlvType.EcdsaSig or TlvType.Rsa3072 or TlvType.Ed25519 => true,
            TlvType.SigPure => config.Pure,
            TlvType.EncRsa2048 or TlvType.EncKw or TlvType.EncEc256 => true,
            TlvType.EncX25519 => !config.HmacSha512,
            TlvType.EncX25519Sha512 => config.HmacSha512,
            _ => false,
        };

        /// <summary>
        /// The TLV allow-list rule of <c>bootutil_img_validate</c> (MCUBOOT_USE_TLV_ALLOW_LIST, with bootutil_tlv_iter_is_prot's
        /// <c>off &lt; prot_end</c>) over the TLV areas of an image being signed, for a bootloader that accepts the image's own
        /// pure and HMAC-SHA512 choices: the rejection a bootloader would give, or null. <paramref name="tlvOffset"/> is where
        /// the TLV areas start in the image (for the message).
        /// </summary>
        public static BootFinding? CheckAllowList(byte[] protectedArea, byte[] unprotectedArea, ByteOrder order, long tlvOffset, string name)
        {
            if (protectedArea.Length > ushort.MaxValue)
            {
                return null;
            }

            var area = new FlashArea((byte[])[.. protectedArea, .. unprotectedArea], null, 0xff, order);
            var types = new List<ushort>();
            var it = TlvIterator.Begin(area, 0, (ushort)protectedArea.Length, TlvIterator.Any, false, out _);
            while (it is not null && it.Next(out _, out _, out ushort t) == 0)
            {
                types.Add(t);
            }

            var config = new BootloaderConfig { Pure = types.Contains(TlvType.SigPure), HmacSha512 = types.Contains(TlvType.EncX25519Sha512) };
            it = TlvIterator.Begin(area, 0, (ushort)protectedArea.Length, TlvIterator.Any, false, out _);
            while (it is not null && it.Next(out long off, out _, out ushort type) == 0)
            {
                if (!it.IsProtected(off) && !IsAllowedUnprotected(type, config))
                {
                    return NotAllowedFinding(config, name, type, tlvOffset + off, protectedArea.Length > 0 ? tlvOffset + it.ProtEnd : -1);
                }
            }

            return null;
        }

        private static BootFinding NotAllowedFinding(BootloaderConfig config, string name, ushort type, long off, long protEnd)
        {
            string tlvName = type switch
            {
                0xffff => "0xffff (erased flash)",
                0x0000 => "0x0000 (zero bytes)",
                _ => $"{TlvType.NameOf(type)} (0x{type:x2})",
            };
            string fix = type switch
            {
                0xffff or 0x0000 => "the unprotected TLV area's length (0x6907 info) is larger than its TLVs, so filler after them is read as TLVs; re-sign the image",
                TlvType.SigPure => "SIG_PURE belongs to pure-signature images, and this bootloader is not built for pure signatures (CONFIG_BOOT_SIGNATURE_TYPE_PURE); sign without --pure",
                TlvType.EncX25519 or TlvType.EncX25519Sha512 => $"the bootloader is built {(config.HmacSha512 ? "with" : "without")} MCUBOOT_HMAC_SHA512; encrypt with --hmac-sha {(config.HmacSha512 ? "512" : "256")}",
                _ when off == protEnd => "it is an empty TLV at the very end of the protected area, and bootutil judges a TLV protected by its payload offset (off < prot_end), which here equals the end of the area; give it a value, or move another TLV after it",
                _ => "only hash, key, signature and encryption TLVs may be unprotected; put it in the protected area (imgtool does for -s, -d, --boot-record, --custom-tlv, --vid/--cid, compression) or remove it",
            };
            return Error(ErrorCodes.BootTlvNotAllowed, "image_validate.c:bootutil_img_validate (MCUBOOT_USE_TLV_ALLOW_LIST)",
                $"{name}: TLV {tlvName} at 0x{off - 4:x} is in the unprotected area, which a bootloader with the TLV allow-list (MCUBOOT_USE_TLV_ALLOW_LIST, on by default) rejects: {fix}.");
        }

        private BootFinding? HashTlv(long off, ushort len, int digestLength, bool hashUnknown, BootValidationBuilder b, LoopState loop)
        {
            var alg = _config.HashAlgorithm;
            if (len != digestLength)
            {
                return Error(ErrorCodes.BootHashTlvLength, Validate_,
                    $"{Name}: its {alg.TlvName()} hash TLV at 0x{off - 4:x} is {len} bytes, not {digestLength}: the bootloader rejects the image; re-sign it.");
            }

            if (!_area.TryRead(off, len, out var value))
            {
                return ReadFail(off, len, alg.TlvName());
            }

            loop.HashCount++;
            if (hashUnknown && b.Digest is null)
            {
                b.Digest = value;
            }

            if (!value.AsSpan().SequenceEqual(b.Digest))
            {
                string which = loop.HashCount > 1 ? $" (hash TLV #{loop.HashCount}: the bootloader compares every one)" : string.Empty;
                string hint = hashUnknown ? " Two hash TLVs of an encrypted image disagree." : Encrypted && _options.Slot == BootSlot.Secondary && _config.Encryption == EncryptionScheme.None
                    ? string.Empty
                    : " The image was modified after signing or is corrupt.";
                return Error(ErrorCodes.HashMismatch, Validate_,
                    $"Image has an invalid hash: {Name} hashes to {Convert.ToHexStringLower(b.Digest!)} but its {alg.TlvName()} TLV at 0x{off - 4:x} says {Convert.ToHexStringLower(value)}{which}.{hint}");
            }

            if (loop.HashCount == 2)
            {
                Warn(ErrorCodes.BootHashTlvDuplicate, Validate_,
                    $"{Name} carries its {alg.TlvName()} hash TLV more than once; the bootloader compares each (all match here), but tools that read only the first may be fooled by a later one; re-sign the image.");
            }

            b.HashVerified = !hashUnknown;
            loop.ImageHashValid = true;
            return null;
        }

        // EXPECTED_KEY_TLV case, then bootutil_find_key: a KEYHASH is compared over its own length with the hash of each
        // key (the first match wins); a PUBKEY (MCUBOOT_HW_KEY) is hashed and compared with the provisioned hash.
        private BootFinding? KeyTlv(long off, ushort len, int digestLength, LoopState loop)
        {
            bool hw = _config.KeyTlv == KeyTlvKind.FullPublicKey;
            int keyBufSize = hw ? SignatureBufferSize() + 24 : digestLength;
            string tlvName = hw ? "PUBKEY" : "KEYHASH";
            if (len > keyBufSize)
            {
                return Error(ErrorCodes.BootKeyTlvTooLong, Validate_,
                    $"{Name}: its {tlvName} TLV at 0x{off - 4:x} is {len} bytes, more than the bootloader's {keyBufSize}-byte key buffer{(hw ? string.Empty : $" ({_config.HashAlgorithm.TlvName()} digest; an image signed with --pure or --sha 512 has a 64-byte key hash)")}: it rejects the image; sign with the bootloader's hash algorithm{(hw ? " and key type" : string.Empty)}.");
            }

            if (!_area.TryRead(off, len, out var value))
            {
                return ReadFail(off, len, tlvName);
            }

            loop.KeyTlvSinceSignature = true;
            loop.KeyId = -1;
            loop.LastKeyTlv = hw ? TlvType.PublicKey : TlvType.KeyHash;
            loop.LastKeyHash = Convert.ToHexStringLower(value);
            if (hw)
            {
                byte[] provisioned = _config.ProvisionedKeyHash ?? (_config.Keys.Count > 0 ? _config.Keys[0].KeyHash(_config.HashAlgorithm) : []);
                byte[] hash = _config.HashAlgorithm.Hash(value);
                loop.LastKeyHash = Convert.ToHexStringLower(hash);
                if (provisioned.Length > 0 && hash.AsSpan().StartsWith(provisioned))
                {
                    loop.KeyId = 0;
                    loop.HardwareKey = value;
                }
                else
                {
                    loop.UnmatchedKeys.Add(Convert.ToHexStringLower(hash));
                }

                return null;
            }

            if (len < digestLength)
            {
                Warn(ErrorCodes.BootKeyHashTruncated, "bootutil_find_key.c:bootutil_find_key",
                    $"{Name}: its KEYHASH TLV at 0x{off - 4:x} is {len} bytes, shorter than the {digestLength}-byte {_config.HashAlgorithm.TlvName()} digest: the bootloader compares only those {len} bytes{(len == 0 ? ", so this empty key hash matches its first key" : string.Empty)}; re-sign so the full key hash is stored.");
            }

            for (int i = 0; i < _config.Keys.Count; i++)
            {
                if (_config.Keys[i].KeyHash(_config.HashAlgorithm).AsSpan().StartsWith(value))
                {
                    loop.KeyId = i;
                    return null;
                }
            }

            loop.UnmatchedKeys.Add(Convert.ToHexStringLower(value));
            return null;
        }

        // EXPECTED_SIG_TLV case: skipped unless a key TLV right before selected a key; EXPECTED_SIG_LEN; then each attempted
        // verification overwrites valid_signature and key_id is reset.
        private BootFinding? SignatureTlv(long off, ushort len, long hashedEnd, BootValidationBuilder b, LoopState loop)
        {
            int keyCount = _config.KeyTlv == KeyTlvKind.FullPublicKey ? 1 : _config.Keys.Count;
            string sigName = TlvType.NameOf(_config.ExpectedSignatureTlv!.Value);
            if (loop.KeyId < 0 || loop.KeyId >= keyCount)
            {
                bool unknownKey = loop.KeyTlvSinceSignature && loop.UnmatchedKeys.Count > 0;
                b.Signatures.Add(new BootSignatureResult(off - 4, _config.ExpectedSignatureTlv!.Value, loop.KeyTlvSinceSignature ? loop.LastKeyTlv : null,
                    loop.KeyTlvSinceSignature ? loop.LastKeyHash : null, null, unknownKey ? BootSignatureStatus.UnknownKey : BootSignatureStatus.NoKeyTlv, false));
                if (unknownKey)
                {
                    Warn(ErrorCodes.BootUnknownKeySkipped, "image_validate.c:bootutil_img_validate (key_id < 0)",
                        $"{Name}: the {sigName} signature at 0x{off - 4:x} follows a key the bootloader does not hold (key hash {loop.UnmatchedKeys[^1]}), so it is skipped.");
                }
                else
                {
                    loop.OrphanSignatures = true;
                    Warn(ErrorCodes.BootOrphanSignatureSkipped, "image_validate.c:bootutil_img_validate (key_id < 0)",
                        $"{Name}: the {sigName} signature at 0x{off - 4:x} has no key TLV right before it, so the bootloader skips it.");
                }

                loop.KeyId = -1;
                loop.KeyTlvSinceSignature = false;
                return null;
            }

            bool lengthOk = _config.SignatureType switch
            {
                BootloaderSignatureType.Rsa2048 => len == 256,
                BootloaderSignatureType.Rsa3072 => len == 384,
                BootloaderSignatureType.Ed25519 => len == 64,
                _ => len <= 128,
            };
            if (!lengthOk)
            {
                string want = _config.SignatureType switch
                {
                    BootloaderSignatureType.Rsa2048 => "exactly 256",
                    BootloaderSignatureType.Rsa3072 => "exactly 384",
                    BootloaderSignatureType.Ed25519 => "exactly 64",
                    _ => "at most 128",
                };
                return Error(ErrorCodes.BootSignatureLength, "image_validate.c:bootutil_img_validate (EXPECTED_SIG_LEN)",
                    $"{Name}: its {sigName} signature at 0x{off - 4:x} is {len} bytes; after a matching key the bootloader needs {want} bytes and rejects the image; re-sign it (without --pad-sig, with the bootloader's key type).");
            }

            if (!_area.TryRead(off, len, out var signature))
            {
                return ReadFail(off, len, sigName);
            }

            bool ok = Verify(loop.KeyId, loop.HardwareKey, signature, hashedEnd, b.Digest);
            loop.Attempts.Add((ok, loop.KeyId, off));
            b.Signatures.Add(new BootSignatureResult(off - 4, _config.ExpectedSignatureTlv!.Value, loop.KeyTlvSinceSignature ? loop.LastKeyTlv : TlvType.KeyHash,
                loop.KeyTlvSinceSignature ? loop.LastKeyHash : null, loop.KeyId, ok ? BootSignatureStatus.Verified : BootSignatureStatus.Failed, false));
            b.SignatureVerified = ok;
            b.Signature = signature;
            b.KeyIndex = ok ? loop.KeyId : null;
            loop.KeyId = -1;
            loop.KeyTlvSinceSignature = false;
            return null;
        }

        private bool Verify(int keyId, byte[]? hardwareKey, byte[] signature, long hashedEnd, byte[]? digest)
        {
            try
            {
                var verifier = VerifierFor(keyId, hardwareKey);
                if (_config.Pure)
                {
                    return _area.TryGetRegion(0, (int)Math.Min(hashedEnd, int.MaxValue), out var region) && verifier.VerifyMessage(region.Span, signature);
                }

                return digest is not null && verifier.VerifyDigest(digest, _config.HashAlgorithm, signature);
            }
            catch (Exception e) when (e is McuBootException or CryptographicException or ArgumentException)
            {
                return false;
            }
        }

        private Signing.ISignatureVerifier VerifierFor(int keyId, byte[]? hardwareKey)
        {
            if (hardwareKey is not null)
            {
                var type = _config.SignatureType switch
                {
                    BootloaderSignatureType.Rsa2048 => KeyType.Rsa2048,
                    BootloaderSignatureType.Rsa3072 => KeyType.Rsa3072,
                    BootloaderSignatureType.EcdsaP256 => KeyType.EcdsaP256,
                    BootloaderSignatureType.EcdsaP384 => KeyType.EcdsaP384,
                    _ => KeyType.Ed25519,
                };
                var opened = new BootloaderKey(type, hardwareKey, $"the PUBKEY TLV of {Name}").OpenVerifier();
                _verifiers[-1 - _verifiers.Count] = opened;
                return opened.Verifier;
            }

            if (!_verifiers.TryGetValue(keyId, out var entry))
            {
                entry = _config.Keys[keyId].OpenVerifier();
                _verifiers[keyId] = entry;
            }

            return entry.Verifier;
        }

        private int SignatureBufferSize() => _config.SignatureType switch
        {
            BootloaderSignatureType.Rsa2048 => 256,
            BootloaderSignatureType.Rsa3072 => 384,
            BootloaderSignatureType.Ed25519 => 64,
            BootloaderSignatureType.None => 32,
            _ => 128,
        };

        private BootFinding? SecurityCounter(long off, ushort len, LoopState loop)
        {
            if (len != 4)
            {
                return Error(ErrorCodes.BootSecurityCounterInvalid, "image_validate.c:bootutil_img_validate (MCUBOOT_HW_ROLLBACK_PROT)",
                    $"{Name}: its SEC_CNT TLV is {len} bytes, not 4: a bootloader with hardware rollback protection rejects the image; sign with -s <number>.");
            }

            if (!_area.TryRead(off, 4, out var value))
            {
                return ReadFail(off, len, "SEC_CNT");
            }

            uint counter = _area.Order.ReadUInt32(value);
            uint stored = _config.StoredSecurityCounter ?? 0;
            if (counter < stored)
            {
                return Error(ErrorCodes.BootSecurityCounterTooLow, "image_validate.c:bootutil_img_validate (MCUBOOT_HW_ROLLBACK_PROT)",
                    $"{Name} has security counter {counter}, below the device's stored counter {stored}: the bootloader rejects it as a rollback; sign with -s {stored} or higher.");
            }

            loop.SecurityCounterSeen = true;
            return null;
        }

        private BootFinding? Uuid(long off, ushort len, byte[] expected, string code, string tlvName, string option)
        {
            if (len != 16 || !_area.TryRead(off, 16, out var value) || !value.AsSpan().SequenceEqual(expected))
            {
                string got = len != 16 ? $"is {len} bytes, not 16" : _area.TryRead(off, 16, out var v) ? $"is {Convert.ToHexStringLower(v)}" : "cannot be read";
                return Error(code, $"image_validate.c:bootutil_img_validate (MCUBOOT_{tlvName})",
                    $"{Name}: its {tlvName} TLV {got}, but the bootloader requires {Convert.ToHexStringLower(expected)}: it rejects the image; sign with {option} matching the bootloader's.");
            }

            return null;
        }

        private BootFinding ReadFail(long off, int len, string what)
            => Error(ErrorCodes.BootReadOutsideSlot, "image_validate.c:bootutil_img_validate (LOAD_IMAGE_DATA)",
                $"{Name}: the {len}-byte {what} value at 0x{off:x} runs beyond {_area.Describe}: the bootloader's read fails and it rejects the image; the TLV lengths are corrupt or the file is truncated.");

        private BootFinding TooLarge(long end, long max, string verb)
        {
            string mode = ModeName(_config.Mode);
            long slot = _slotSize ?? 0;
            string detail = _config.Mode switch
            {
                UpgradeMode.SwapMove => $"trailer 0x{SlotLimits.TrailerSize(_config):x} bytes rounded up to the 0x{_config.SectorSize:x}-byte sector, plus one spare sector for the move",
                UpgradeMode.SwapOffset => $"trailer 0x{SlotLimits.TrailerSize(_config):x} bytes rounded up to the 0x{_config.SectorSize:x}-byte sector, plus the sector the secondary image is offset by",
                UpgradeMode.SwapScratch => $"trailer 0x{SlotLimits.TrailerSize(_config):x} bytes ({_config.EffectiveMaxImageSectors} sectors x 3 x write size {_config.WriteAlignment} + 0x{SlotLimits.TrailerInfoSize(_config):x})",
                UpgradeMode.SingleApp => $"trailer 0x{SlotLimits.TrailerInfoSize(_config):x} bytes",
                _ => $"everything from swap_info (slot − 0x{slot - SlotLimits.SwapInfoOffset(_config, slot):x}) on",
            };
            return Error(ErrorCodes.BootImageTooLarge, "bootutil_misc.c:bootutil_max_image_size",
                $"{Name} {verb} at 0x{end:x} (header + image + TLVs), {end - max} bytes beyond the 0x{max:x} bytes a {mode} bootloader accepts in a 0x{slot:x}-byte slot ({detail}): it rejects the image (\"TLV beyond image size\"); make the firmware at least {end - max} bytes smaller or the slots larger.");
        }

        // bootutil_check_for_pure: the first SIG_PURE in either area, exactly one byte, value 1.
        private BootFinding? CheckForPure(long tlvOffset, ushort protectedSize)
        {
            var it = TlvIterator.Begin(_area, tlvOffset, protectedSize, TlvType.SigPure, false, out string? why);
            if (it is null)
            {
                return Error(ErrorCodes.BootTlvInfoInvalid, "tlv.c:bootutil_tlv_iter_begin",
                    $"{Name}: {why}: MCUboot cannot iterate the TLVs and rejects the image; re-sign it.");
            }

            int rc = it.Next(out long off, out ushort len, out _);
            if (rc == 0 && len == 1)
            {
                if (!_area.TryRead(off, 1, out var v))
                {
                    return ReadFail(off, 1, "SIG_PURE");
                }

                if (v[0] == 1)
                {
                    return null;
                }

                return Error(ErrorCodes.BootPureTlvMissing, "image_validate.c:bootutil_check_for_pure",
                    $"{Name}: its SIG_PURE TLV is 0x{v[0]:x2}, not 0x01: a pure-signature bootloader rejects the image; re-sign with --pure.");
            }

            string found = rc == 0 ? $"its first SIG_PURE TLV is {len} bytes, not 1" : "it has no SIG_PURE TLV";
            return Error(ErrorCodes.BootPureTlvMissing, "image_validate.c:bootutil_check_for_pure",
                $"{Name}: {found}, but the bootloader is built for pure Ed25519 signatures (CONFIG_BOOT_SIGNATURE_TYPE_PURE): it rejects the image; sign with --pure.");
        }

        // encrypted.c:boot_enc_load: rc 1 (no TLV) leaves no key, and bootutil_img_hash then fails; a wrong length fails.
        private BootFinding? EncLoad()
        {
            ushort encTlv = _config.ExpectedEncryptionTlv!.Value;
            var it = TlvIterator.Begin(_area, _header.TlvOffset, _header.ProtectedTlvSize, encTlv, false, out string? why);
            if (it is null)
            {
                return Error(ErrorCodes.BootTlvInfoInvalid, "tlv.c:bootutil_tlv_iter_begin",
                    $"{Name}: {why}: MCUboot cannot iterate the TLVs and rejects the image; re-sign it.");
            }

            int expected = SlotLimits.EncryptionTlvSize(_config);
            int rc = it.Next(out long off, out ushort len, out _);
            if (rc != 0)
            {
                return Error(ErrorCodes.BootEncryptionTlvInvalid, "encrypted.c:boot_enc_load",
                    $"{Name} is flagged encrypted but has no {TlvType.NameOf(encTlv)} TLV, the only key transport this bootloader reads: it cannot decrypt the image and rejects it; encrypt (-E) with the key type the bootloader was built for.");
            }

            if (len != expected)
            {
                return Error(ErrorCodes.BootEncryptionTlvInvalid, "encrypted.c:boot_enc_load",
                    $"{Name}: its {TlvType.NameOf(encTlv)} TLV at 0x{off - 4:x} is {len} bytes, but the bootloader ({(_config.Aes256 ? "AES-256" : "AES-128")}) needs {expected}: it rejects the image; encrypt with --encrypt-keylen {(_config.Aes256 ? 256 : 128)}.");
            }

            return null;
        }

        // The verdict after the loop (L553-L583): the hash must have matched, then the last attempted signature decides,
        // then the mandatory security counter and UUIDs.
        private BootFinding? AfterLoop(BootValidationBuilder b, LoopState loop)
        {
            var alg = _config.HashAlgorithm;
            if (!_config.Pure && !loop.ImageHashValid)
            {
                return Error(ErrorCodes.NoHashTlv, Validate_,
                    $"{Name} has no {alg.TlvName()} hash TLV, the only one this bootloader compares (its image hash is {alg.TlvName()}{(_config.Assumptions.Count > 0 ? ", assumed" : string.Empty)}): it rejects the image; sign with --sha {alg.TlvName()[3..]}{(_config.Assumptions.Count > 0 ? ", or give the bootloader's hash (--sha / the build folder)" : string.Empty)}.");
            }

            if (_config.ExpectedSignatureTlv is ushort sig && !b.SignatureVerified)
            {
                string sigName = TlvType.NameOf(sig);
                if (loop.Attempts.Count > 0)
                {
                    var last = loop.Attempts[^1];
                    return Error(ErrorCodes.SignatureInvalid, Validate_,
                        $"The {sigName} signature at 0x{last.Offset - 4:x} in {Name} does not verify with bootloader key #{last.KeyId} ({KeySource(last.KeyId)}): the last attempted signature decides, so the bootloader rejects the image; the image was altered after signing, or the signature belongs to another key; re-sign it.");
                }

                if (loop.UnmatchedKeys.Count > 0)
                {
                    return Error(ErrorCodes.KeyHashMismatch, "bootutil_find_key.c:bootutil_find_key",
                        $"{Name} was signed with another key: its key hash{(loop.UnmatchedKeys.Count > 1 ? "es are " : " is ")}{string.Join(", ", loop.UnmatchedKeys.Distinct())}, the bootloader holds {DescribeKeys()}; re-sign the image with the bootloader's key, or give the bootloader's key (-k).");
                }

                return Error(ErrorCodes.NoSignatureForKey, Validate_,
                    $"No {sigName} signature for the bootloader's keys in {Name}: {(loop.OtherSignatureSeen ? $"it is signed for another signature type, not the bootloader's {_config.SignatureType}" : loop.OrphanSignatures ? "its signature is not preceded by a key TLV, so the bootloader skips it" : "it is unsigned")}; the bootloader requires a verified signature and rejects the image; sign it with -k and the bootloader's key.");
            }

            if (b.SignatureVerified)
            {
                // Pairs for keys the bootloader does not hold are how images carry several signatures (key rotation,
                // several products): bootutil skips them by design, so they only matter when nothing verified.
                _warnings.RemoveAll(w => w.Code == ErrorCodes.BootUnknownKeySkipped);
            }

            if (loop.Attempts.Count > 1 && loop.Attempts.Take(loop.Attempts.Count - 1).Any(a => !a.Ok))
            {
                var bad = loop.Attempts.First(a => !a.Ok);
                Warn(ErrorCodes.BootFailingSignatureIgnored, "image_validate.c:bootutil_img_validate (valid_signature overwritten)",
                    $"{Name}: the signature at 0x{bad.Offset - 4:x} does not verify with bootloader key #{bad.KeyId}; the bootloader ignores that only because a later signature verifies (the last attempted one decides); re-sign the image.");
            }

            if (_config.HardwareRollbackProtection && !loop.SecurityCounterSeen)
            {
                return Error(ErrorCodes.BootSecurityCounterMissing, "image_validate.c:bootutil_img_validate (MCUBOOT_HW_ROLLBACK_PROT)",
                    $"{Name} has no SEC_CNT TLV, which a bootloader with hardware rollback protection requires: it rejects the image; sign with -s <counter> (or -s auto).");
            }

            if (_config.VendorUuid is { } vid && !loop.VidSeen)
            {
                return Error(ErrorCodes.BootVendorUuidMismatch, "image_validate.c:bootutil_img_validate (MCUBOOT_UUID_VID)",
                    $"{Name} has no UUID_VID TLV, which the bootloader requires ({Convert.ToHexStringLower(vid)}): it rejects the image; sign with --vid.");
            }

            if (_config.ClassUuid is { } cid && !loop.CidSeen)
            {
                return Error(ErrorCodes.BootClassUuidMismatch, "image_validate.c:bootutil_img_validate (MCUBOOT_UUID_CID)",
                    $"{Name} has no UUID_CID TLV, which the bootloader requires ({Convert.ToHexStringLower(cid)}): it rejects the image; sign with --cid.");
            }

            return null;
        }

        // mcuboot-acceptance-rules.md §11 rows 2, 3 and 15, only for accepted images.
        private void Suspicious(TlvIterator it, LoopState loop, bool slotGates, BootValidationBuilder b)
        {
            if (loop.RealEnd > it.TlvEnd)
            {
                Warn(ErrorCodes.BootTlvAreaUnderstated, "tlv.c:bootutil_tlv_iter_next",
                    $"{Name}: the unprotected TLV area's length (0x6907 info) ends at 0x{it.TlvEnd:x}, but its last TLV runs to 0x{loop.RealEnd:x}: MCUboot 2.4.0 still reads that TLV whole and accepts the image, MCUboot after commit 90f4e7c3 rejects it, and an overwrite-only bootloader copies only up to 0x{it.TlvEnd:x}; re-sign the image.");
                if (MaxImageSize is long max && loop.RealEnd > max)
                {
                    Warn(ErrorCodes.BootRealEndBeyondLimit, "bootutil_misc.c:bootutil_max_image_size",
                        TooLarge(loop.RealEnd, max, "really ends").Message.Replace("it rejects the image (\"TLV beyond image size\")", "MCUboot 2.4.0 only accepts it because the understated TLV length hides this", StringComparison.Ordinal));
                }
            }

            if (!slotGates)
            {
                return;
            }

            var data = _area.Data.Span;
            bool padded = _slotSize is long s && data.Length == s;
            long tailEnd = padded ? data.Length - SlotLimits.TrailerInfoSize(_config) : data.Length;
            long from = Math.Max(it.TlvEnd, loop.RealEnd);
            if (tailEnd > from && data[(int)from..(int)tailEnd].IndexOfAnyExcept(_config.ErasedValue) >= 0)
            {
                Warn(ErrorCodes.BootDataAfterTlvs, "tlv.c:bootutil_tlv_iter_begin (tlv_end)",
                    $"{Name} has data after its TLVs (from 0x{from:x}) that is not erased: the bootloader never reads it (and does not hash or sign it); strip it, or re-sign with --pad/--confirm for this bootloader's trailer.");
            }

            if (padded)
            {
                b.RequestedSwap = SlotTrailerState.Read(data, _slotSize!.Value, _config).SwapTypeWith(_options.PrimaryTrailer, _config.Mode);
            }
        }

        private void WarnOnce(LoopState loop, string code, string rule, string message)
        {
            if (code == ErrorCodes.BootOtherSignatureTypeSkipped)
            {
                loop.OtherSignatureSeen = true;
            }

            if (loop.Warned.Add(code))
            {
                Warn(code, rule, message);
            }
        }

        private string KeySource(int keyId) => keyId >= 0 && keyId < _config.Keys.Count ? _config.Keys[keyId].Source : "the PUBKEY TLV";

        private string DescribeKeys() => _config.Keys.Count == 0
            ? "no key"
            : string.Join("; ", _config.Keys.Select((k, i) => $"#{i} {k.KeyType} {Convert.ToHexStringLower(k.KeyHash(_config.HashAlgorithm))} ({k.Source})"));
    }

    /// <summary>The variables of bootutil_img_validate's loop.</summary>
    private sealed class LoopState(int imageIndex, bool builtInKey)
    {
        public int KeyId { get; set; } = builtInKey ? imageIndex : -1;

        public bool KeyTlvSinceSignature { get; set; }

        public byte[]? HardwareKey { get; set; }

        public ushort? LastKeyTlv { get; set; }

        public string? LastKeyHash { get; set; }

        public List<string> UnmatchedKeys { get; } = [];

        public List<(bool Ok, int KeyId, long Offset)> Attempts { get; } = [];

        public bool ImageHashValid { get; set; }

        public int HashCount { get; set; }

        public bool SecurityCounterSeen { get; set; }

        public bool VidSeen { get; set; }

        public bool CidSeen { get; set; }

        public long RealEnd { get; set; }

        public bool OtherSignatureSeen { get; set; }

        public bool OrphanSignatures { get; set; }

        public HashSet<string> Warned { get; } = [];
    }
}
