// Header flags and TLV rules of bootutil: mcuboot-image-format.md §2.2 (flags), §3.2/§3.4 (TLV values), §4.4 (signature
// lengths and hashes), §6.4–6.7 (encryption TLV lengths), §10.2 steps 1, 4, 5, 6 and §11 items 1, 2, 5, 30.
using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Checks;

public static partial class ImageChecker
{
    private static void CheckHeader(Context ctx)
    {
        var h = ctx.Parsed!.Header;
        var path = ctx.Image.Path;
        if ((h.Flags & ImageFlags.NonBootable) != 0)
        {
            ctx.Error(ErrorCodes.CheckNonBootable,
                $"{path} has the NON_BOOTABLE flag: MCUboot never boots or installs it; sign without --non-bootable.");
        }

        if ((h.Flags & ImageFlags.EncryptedAes128) != 0 && (h.Flags & ImageFlags.EncryptedAes256) != 0)
        {
            ctx.Error(ErrorCodes.CheckBothAesFlags,
                $"{path} has both the ENCRYPTED_AES128 and ENCRYPTED_AES256 flags: MCUboot rejects it; re-sign with one --encrypt-keylen.");
        }

        var encTlvs = ctx.Parsed.AllTlvs.Where(t => t.Type is >= TlvType.EncRsa2048 and <= TlvType.EncX25519Sha512).ToList();
        if (ctx.Encrypted)
        {
            if (encTlvs.Count == 0)
            {
                ctx.Error(ErrorCodes.CheckEncryptedWithoutKeyTlv,
                    $"{path} is flagged encrypted but has no encryption-key TLV (ENCRSA2048/ENCKW/ENCEC256/ENCX25519): MCUboot cannot decrypt it and its hash check fails; imgtool does this for -E with a P-384 or Ed25519 key, or with compression of incompressible data; encrypt with an RSA-2048, P-256 or X25519 public key.");
            }
            else if (encTlvs.Count > 1)
            {
                ctx.Error(ErrorCodes.CheckEncryptionTlvInvalid,
                    $"{path} has {encTlvs.Count} encryption-key TLVs ({string.Join(", ", encTlvs.Select(t => t.Name))}): MCUboot looks for exactly one, the type it was built for; sign with a single -E key.");
            }
            else
            {
                bool aes256 = (h.Flags & ImageFlags.EncryptedAes256) != 0;
                var tlv = encTlvs[0];
                int[] expected = tlv.Type switch
                {
                    TlvType.EncRsa2048 => [256],
                    TlvType.EncKw => [aes256 ? 40 : 24],
                    TlvType.EncEc256 => [aes256 ? 129 : 113],
                    TlvType.EncX25519 => [aes256 ? 96 : 80],
                    _ => [aes256 ? 128 : 112],
                };
                if (!expected.Contains(tlv.Value.Length))
                {
                    string why = tlv.Type == TlvType.EncRsa2048 && tlv.Value.Length == 384
                        ? " (an RSA-3072 -E key: bootutil only decrypts RSA-2048 OAEP)"
                        : string.Empty;
                    ctx.Error(ErrorCodes.CheckEncryptionTlvInvalid,
                        $"{path}: the {tlv.Name} TLV is {tlv.Value.Length} bytes, but MCUboot ({(aes256 ? "AES-256" : "AES-128")}) requires {expected[0]}{why}; MCUboot rejects the image; encrypt with an RSA-2048, P-256 or X25519 public key and the bootloader's AES key size.");
                }
            }
        }

        if ((h.Flags & ImageFlags.CompressedLzma1) != 0 && (h.Flags & ImageFlags.CompressedLzma2) != 0)
        {
            ctx.Error(ErrorCodes.CheckCompression,
                $"{path} has both the LZMA1 and LZMA2 compression flags: MCUboot rejects it; re-sign with one --compression.");
        }
        else if (ctx.Compressed)
        {
            ctx.Warning(ErrorCodes.CheckCompression,
                $"{path} is compressed: only a bootloader built with MCUBOOT_DECOMPRESS_IMAGES (nRF Connect SDK: SB_CONFIG_MCUBOOT_COMPRESSED_IMAGE_SUPPORT, overwrite-only mode) accepts it, any other rejects it; sign without --compression for other bootloaders.");
        }

        if ((h.Flags & ImageFlags.RamLoad) != 0 && h.LoadAddress == 0)
        {
            // Heuristic: only RAM-load bootloaders read the flag (boot_verify_ram_load_address), swap/overwrite ones ignore it.
            ctx.Warning(ErrorCodes.CheckRamLoadAddressMissing,
                $"{path} has the RAM_LOAD flag but load address 0: a RAM-load bootloader rejects the RAM load address unless its executable RAM starts at 0 (swap and overwrite bootloaders ignore the flag); sign with -L <RAM address the application is linked for>.");
        }
    }

    private static void CheckTlvs(Context ctx)
    {
        var parsed = ctx.Parsed!;
        var path = ctx.Image.Path;
        foreach (var tlv in parsed.AllTlvs)
        {
            switch (tlv.Type)
            {
                case TlvType.BootRecord when tlv.Value.Length > ctx.Request.MaxBootRecordSize:
                    ctx.Warning(ErrorCodes.CheckBootRecordTooLarge,
                        $"{path}: the BOOT_RECORD TLV is {tlv.Value.Length} bytes, more than the {ctx.Request.MaxBootRecordSize}-byte measured-boot limit (Zephyr CONFIG_MEASURED_BOOT_MAX_CBOR_SIZE, default 64): a measured-boot bootloader fails to boot it; raise that limit or shorten --boot-record.");
                    break;
                case TlvType.SecurityCounter when tlv.Value.Length != 4:
                    // Heuristic: only MCUBOOT_HW_ROLLBACK_PROT builds read SEC_CNT (bootutil_img_validate, bootutil_get_img_security_cnt).
                    ctx.Warning(ErrorCodes.CheckSecurityCounterInvalid,
                        $"{path}: the SEC_CNT TLV is {tlv.Value.Length} bytes, not 4: a bootloader with hardware rollback protection (MCUBOOT_HW_ROLLBACK_PROT) rejects the image, others ignore the TLV; sign with -s <number>.");
                    break;
                case TlvType.Dependency when tlv.Value.Length != 12:
                    // Heuristic: only multi-image bootloaders read dependencies (loader.c boot_verify_slot_dependencies).
                    ctx.Warning(ErrorCodes.CheckDependencyInvalid,
                        $"{path}: a DEPENDENCY TLV is {tlv.Value.Length} bytes, not 12: a multi-image bootloader (which checks dependencies) rejects the image, a single-image one ignores it; sign with -d \"(image,version)\".");
                    break;
                case TlvType.Dependency when !tlv.Protected:
                    ctx.Warning(ErrorCodes.CheckDependencyInvalid,
                        $"{path}: a DEPENDENCY TLV is in the unprotected area, where MCUboot ignores it (it only reads protected dependencies); sign with -d so it is protected.");
                    break;
            }
        }

        if (ctx.SignatureTlv is { } sig)
        {
            int length = sig.Value.Length;
            string? expected = sig.Type switch
            {
                TlvType.Rsa2048 when length != 256 => "256 bytes",
                TlvType.Rsa3072 when length != 384 => "384 bytes",
                TlvType.Ed25519 when length != 64 => "64 bytes",
                TlvType.EcdsaSig or TlvType.Ecdsa224 when length is < 8 or > 128 => "a DER signature of at most 128 bytes",
                _ => null,
            };
            if (expected is not null)
            {
                ctx.Error(ErrorCodes.CheckSignatureLengthInvalid,
                    $"{path}: the {sig.Name} signature TLV is {length} bytes; MCUboot requires {expected} and rejects the image; re-sign it (without --pad-sig, and with the key type the bootloader was built for).");
            }

            if (ctx.HashAlgorithm is { } alg)
            {
                string? problem = sig.Type switch
                {
                    TlvType.Rsa2048 or TlvType.Rsa3072 when alg != ImageHashAlgorithm.Sha256 => "RSA signatures are only verified with SHA-256",
                    TlvType.Ed25519 when alg == ImageHashAlgorithm.Sha384 => "Ed25519 images use SHA-256 or SHA-512",
                    _ => null,
                };
                if (problem is not null)
                {
                    ctx.Error(ErrorCodes.CheckHashNotAllowedForSignature,
                        $"{path} is hashed with {alg.TlvName()} but signed with {sig.Name}: {problem}, so MCUboot rejects it; re-sign with --sha auto.");
                }
                else if (sig.Type == TlvType.EcdsaSig && alg == ImageHashAlgorithm.Sha512)
                {
                    ctx.Warning(ErrorCodes.CheckHashNotAllowedForSignature,
                        $"{path} is an ECDSA image hashed with SHA512: only PSA-crypto bootloaders (CONFIG_BOOT_ECDSA_PSA with CONFIG_BOOT_IMG_HASH_ALG_SHA512) accept it; others reject it; sign with --sha auto unless that is your configuration.");
                }
            }
        }

        var pure = parsed.AllTlvs.FirstOrDefault(t => t.Type == TlvType.SigPure);
        if (pure is not null)
        {
            if (pure.Value.Length != 1 || pure.Value[0] != 1)
            {
                ctx.Error(ErrorCodes.CheckPureInvalid,
                    $"{path}: the SIG_PURE TLV is {Convert.ToHexStringLower(pure.Value)} ({pure.Value.Length} bytes), MCUboot requires the single byte 01; re-sign with --pure.");
            }
            else if (ctx.SignatureTlv is { } s && s.Type != TlvType.Ed25519)
            {
                ctx.Error(ErrorCodes.CheckPureInvalid,
                    $"{path} has a SIG_PURE TLV but a {s.Name} signature: pure signatures exist only for Ed25519, MCUboot rejects it; re-sign without --pure.");
            }
        }
    }

    private static void CheckHash(Context ctx)
    {
        var path = ctx.Image.Path;
        try
        {
            ImageVerifier.Verify(ctx.Image.Data, null, path);
            ctx.HashVerified = true;
        }
        catch (McuBootException e) when (e.Code == ErrorCodes.BadTlv && ctx.HashTlv is { } hash && hash.Value.Length == TlvType.HashOf(hash.Type)!.Value.DigestLength())
        {
            // Not the hash TLV (a malformed SIG_PURE): reported by its own check.
        }
        catch (McuBootException e) when (e.Code is ErrorCodes.NoHashTlv or ErrorCodes.BadTlv)
        {
            ctx.Error(ErrorCodes.CheckImageNoHash, $"MCUboot rejects the image: {e.Message} Re-sign it with dotnet mcuboot sign (or imgtool).");
        }
        catch (McuBootException e) when (e.Code == ErrorCodes.HashMismatch)
        {
            if (!ctx.Encrypted)
            {
                ctx.Error(ErrorCodes.CheckImageHashInvalid, $"MCUboot rejects the image: {e.Message}");
            }

            // An encrypted image is hashed over its plaintext; without the private key it cannot be verified here.
        }
        catch (McuBootException e) when (e.Code.StartsWith("MCUB5", StringComparison.Ordinal))
        {
            ctx.Error(ErrorCodes.CheckCompression, $"MCUboot cannot decompress or check the image ({e.Code}): {e.Message}");
        }
        catch (McuBootException e)
        {
            ctx.Error(ErrorCodes.CheckImageUnreadable, $"MCUboot rejects the image ({e.Code}): {e.Message}");
        }
    }
}
