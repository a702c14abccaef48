// Key checks: mcuboot-image-format.md §4.5 (public-key bytes, KEYHASH = image-hash of them, bootutil_find_key compares a
// prefix, PUBKEY for MCUBOOT_HW_KEY), §10.2 step 6.5 (key TLV before the signature, last signature decides), §11 item 17;
// partition-layouts-and-manifests.md §0 item 9, §D #3, #8, #9, #10 (bootloader and application holding different keys).
using System.Security.Cryptography;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Checks;

public static partial class ImageChecker
{
    /// <summary>Bootloaders larger than this are not brute-force searched for raw (prefix-less) key bytes.</summary>
    private const int RawKeySearchLimit = 16 * 1024 * 1024;

    private static void CheckKeys(Context ctx)
    {
        ChooseSignaturePair(ctx);
        var path = ctx.Image.Path;
        var alg = ctx.HashAlgorithm;
        var sig = ctx.SignatureTlv;
        var keyTlv = ctx.KeyTlv;
        byte[]? knownKeyBytes = null;

        if (ctx.Parsed is not null && keyTlv is not null && alg is { } a)
        {
            if (keyTlv.Type == TlvType.PublicKey)
            {
                knownKeyBytes = keyTlv.Value;
                ctx.WantedKeyHash = a.Hash(keyTlv.Value);
            }
            else
            {
                ctx.WantedKeyHash = keyTlv.Value;
                if (keyTlv.Value.Length < a.DigestLength())
                {
                    ctx.Warning(ErrorCodes.CheckKeyHashTruncated,
                        $"{path}: the KEYHASH TLV is {keyTlv.Value.Length} bytes, shorter than the {a.DigestLength()}-byte {a.TlvName()} digest: MCUboot compares it as a prefix (a 0-byte key hash even matches the first built-in key); re-sign so the full key hash is stored.");
                }
                else if (keyTlv.Value.Length > a.DigestLength())
                {
                    ctx.Error(ErrorCodes.CheckKeyHashTooLong,
                        $"{path}: the KEYHASH TLV is {keyTlv.Value.Length} bytes, longer than the {a.DigestLength()}-byte {a.TlvName()} digest: MCUboot rejects the image; re-sign it.");
                }
            }
        }

        if (ctx.Parsed is not null && sig is not null && (keyTlv is null || keyTlv.Offset > sig.Offset))
        {
            string what = keyTlv is null ? "has no KEYHASH or PUBKEY TLV" : $"has its {keyTlv.Name} TLV after the signature";
            ctx.Error(ErrorCodes.CheckNoKeyTlv,
                $"{path} is signed with {sig.Name} but {what}: MCUboot only checks a signature after a key TLV selected the key, so it finds no valid signature and rejects the image; re-sign with dotnet mcuboot sign -k KEY.");
        }

        if (ctx.Key is { } key && ctx.Parsed is not null)
        {
            knownKeyBytes ??= CheckGivenKey(ctx, key);
        }

        // A published MCUboot test key, recognised from the key bytes or the key hash.
        var dev = knownKeyBytes is not null ? DevelopmentKeys.Find(knownKeyBytes)
            : ctx.WantedKeyHash is { } wantedHash ? DevelopmentKeys.FindByKeyHash(wantedHash) : null;
        if (dev is not null)
        {
            ctx.Warning(ErrorCodes.DevelopmentKeyInImage,
                $"{path} is signed with {dev.Name}, one of MCUboot's published development keys (anyone can sign images with it): this is what Zephyr/NCS use when no key is configured; create your own with dotnet mcuboot keygen and configure both sides with dotnet mcuboot bootloader-config -k KEY -o DIR.");
        }

        if (ctx.Bootloader is not { } bootloader)
        {
            if (ctx.Parsed is not null && sig is null)
            {
                ctx.Warning(ErrorCodes.CheckImageUnsigned,
                    $"{path} is not signed: only a bootloader built with BOOT_SIGNATURE_TYPE_NONE accepts it; sign it with -k KEY (pass --bootloader to check against the bootloader's keys).");
            }

            return;
        }

        var keys = EmbeddedKeyScanner.Scan(bootloader);
        ctx.BootloaderKeys = keys;
        foreach (var k in keys.Where(k => k.DevelopmentKey is not null))
        {
            ctx.Warning(ErrorCodes.DevelopmentKeyInBootloader,
                $"The bootloader {bootloader.Path} embeds {k.DevelopmentKey!.Name} at {k.Locations[0]}, one of MCUboot's published development keys: anyone can sign firmware it accepts; rebuild it with your own key (dotnet mcuboot bootloader-config -k KEY -o DIR gives the Kconfig lines).",
                bootloader.Path);
        }

        if (ctx.Parsed is null || alg is null)
        {
            return;
        }

        if (sig is null)
        {
            if (keys.Count > 0)
            {
                ctx.Error(ErrorCodes.CheckImageUnsigned,
                    $"{path} is not signed, but the bootloader {bootloader.Path} holds {Describe(keys, alg.Value)}: it rejects unsigned images; sign with -k and the bootloader's key.");
            }
            else
            {
                ctx.Warning(ErrorCodes.CheckImageUnsigned,
                    $"{path} is not signed: only a bootloader built with BOOT_SIGNATURE_TYPE_NONE accepts it (no public key was found in {bootloader.Path}); sign it with -k KEY unless that is your configuration.");
            }

            return;
        }

        if (ctx.WantedKeyHash is not { } wanted)
        {
            return;
        }

        var found = LocateKey(bootloader, keys, wanted, alg.Value, knownKeyBytes, sig.Type, out bool asBuiltInKey);
        ctx.KeyLocation = found;
        if (found is not null)
        {
            if (keyTlv!.Type == TlvType.PublicKey && asBuiltInKey)
            {
                ctx.Error(ErrorCodes.CheckPublicKeyTlvOnBuiltInKeyBootloader,
                    $"{path} carries its full public key (PUBKEY TLV, --public-key-format full, for MCUBOOT_HW_KEY builds) but the bootloader {bootloader.Path} has the key built in ({found}): a built-in-key bootloader only understands KEYHASH and rejects the image; re-sign with --public-key-format hash.");
            }
        }
        else if (keys.Count > 0)
        {
            string wantDev = dev is null ? string.Empty : $", the published development key {dev.Name}";
            ctx.Error(ErrorCodes.CheckBootloaderKeyMissing,
                $"The bootloader {bootloader.Path} does not hold the key this image was signed with: the image wants key hash {Convert.ToHexStringLower(wanted)} ({alg.Value.TlvName()} of its signing key's public key{wantDev}) but the bootloader holds {Describe(keys, alg.Value)}; MCUboot rejects the image (\"Image in the primary/secondary slot is not valid\"), so re-sign the image with the bootloader's key, or rebuild the bootloader with the image's key (dotnet mcuboot bootloader-config -k KEY -o DIR prints the Kconfig lines).");
        }
        else
        {
            ctx.Warning(ErrorCodes.CheckNoKeysInBootloader,
                $"No MCUboot public key and not the image's key hash {Convert.ToHexStringLower(wanted)} were found in the bootloader {bootloader.Path}: it takes its key from elsewhere (MCUBOOT_HW_KEY/KMU/OTP provisioning, another image) or does not check signatures, so this check cannot confirm the key; make sure the provisioned key hash is {Convert.ToHexStringLower(wanted)}.",
                bootloader.Path);
        }

        if (keys.Count > 0 && !keys.Any(k => Compatible(k.KeyType, sig.Type)))
        {
            ctx.Error(ErrorCodes.CheckSignatureTypeNotInBootloader,
                $"{path} is signed with {sig.Name} but the bootloader {bootloader.Path} only holds {string.Join(" and ", keys.Select(k => TypeLabel(k.KeyType)).Distinct())} keys, so it was built for another signature type (CONFIG_BOOT_SIGNATURE_TYPE_*) and rejects the image; sign with the bootloader's key type ({string.Join("/", keys.Select(k => TypeLabel(k.KeyType)).Distinct())}) or rebuild the bootloader for your key (dotnet mcuboot bootloader-config).");
        }
    }

    /// <summary>
    /// An image with several KEYHASH/PUBKEY + signature pairs (key rotation): bootutil verifies each pair whose key it
    /// knows and the last one verified decides (image_validate.c, bootutil_img_validate). Reports every pair and checks
    /// the pair of the given --key, else the last pair whose key the bootloader holds, else the first.
    /// </summary>
    private static void ChooseSignaturePair(Context ctx)
    {
        if (ctx.Parsed is not { } parsed || ctx.HashAlgorithm is not { } alg)
        {
            return;
        }

        var pairs = ImageVerifier.Pairs(parsed).Where(p => p.KeyTlv is not null).ToList();
        if (pairs.Count < 2)
        {
            return;
        }

        byte[] WantedOf(SignaturePair p) => p.KeyTlv!.Type == TlvType.PublicKey ? alg.Hash(p.KeyTlv.Value) : p.KeyTlv.Value;
        var lines = new List<string>();
        SignaturePair? chosen = null;
        SignaturePair? chosenGiven = null;
        byte[]? givenHash = ctx.Key is { } key ? alg.Hash(key.GetPublicKeyBytes()) : null;
        IReadOnlyList<EmbeddedKey> keys = ctx.Bootloader is { } bl ? EmbeddedKeyScanner.Scan(bl) : [];
        foreach (var pair in pairs)
        {
            var wanted = WantedOf(pair);
            string? where = ctx.Bootloader is { } bootloader && wanted.Length > 0
                ? LocateKey(bootloader, keys, wanted, alg, pair.KeyTlv!.Type == TlvType.PublicKey ? pair.KeyTlv.Value : null, pair.Signature.Type, out _)
                : null;
            bool isGiven = givenHash is not null && wanted.Length > 0 && givenHash.AsSpan().StartsWith(wanted);
            if (isGiven)
            {
                chosenGiven = pair;
            }

            if (where is not null)
            {
                chosen = pair; // the last pair the bootloader can verify decides, as in bootutil
            }

            string status = ctx.Bootloader is null
                ? (isGiven ? "the --key" : "not checked")
                : where is null ? "the bootloader does not hold this key" : $"the bootloader holds this key ({where})";
            lines.Add($"signature {pair.Index + 1}: {pair.KeyTlv!.Name} {Convert.ToHexStringLower(wanted)} + {pair.Signature.Name}: {status}");
        }

        chosen = chosenGiven ?? chosen ?? pairs[0];
        ctx.KeyTlv = chosen.KeyTlv;
        ctx.SignatureTlv = chosen.Signature;
        ctx.SignaturePairs = lines;
    }

    /// <summary>Compares the image with --key: key TLV, then signature (when the hash could be verified). Returns the key bytes when they are the image's key.</summary>
    private static byte[]? CheckGivenKey(Context ctx, McuBootKey key)
    {
        var path = ctx.Image.Path;
        var keyBytes = key.GetPublicKeyBytes();
        var keyFile = key.SourcePath ?? "--key";
        if (ctx.HashAlgorithm is not { } alg)
        {
            return null;
        }

        byte[] keyHash = alg.Hash(keyBytes);
        if (ctx.WantedKeyHash is { } wanted && (wanted.Length == 0 || !keyHash.AsSpan().StartsWith(wanted)))
        {
            var dev = DevelopmentKeys.FindByKeyHash(wanted);
            ctx.Error(ErrorCodes.CheckSignedWithOtherKey,
                $"{path} was signed with another key than {keyFile}: the image's key hash is {Convert.ToHexStringLower(wanted)}{(dev is null ? string.Empty : $" ({dev.Name}, an MCUboot development key)")}, {keyFile} has {Convert.ToHexStringLower(keyHash)} ({alg.TlvName()}); re-sign the image with {keyFile}.");
            return null;
        }

        if (ctx.SignatureTlv is { } sig && !Compatible(key.Type, sig.Type))
        {
            ctx.Error(ErrorCodes.CheckSignedWithOtherKey,
                $"{path} is signed with {sig.Name} but {keyFile} is an {TypeLabel(key.Type)} key, so it was signed with another key; re-sign the image with {keyFile}.");
            return null;
        }

        if (ctx.HashVerified && ctx.SignatureTlv is not null)
        {
            try
            {
                ImageVerifier.VerifyWithKeys(ctx.Image.Data, [SignerFactory.CreateVerifier(key)], path);
            }
            catch (McuBootException e) when (e.Code is ErrorCodes.SignatureInvalid or ErrorCodes.NoSignatureForKey or ErrorCodes.KeyTypeMismatch or ErrorCodes.KeyHashMismatch)
            {
                ctx.Error(ErrorCodes.CheckSignatureInvalid,
                    $"The signature of {path} does not verify with {keyFile} ({e.Code}: {e.Message}); MCUboot rejects the image; re-sign it with {keyFile}.");
                return null;
            }
        }

        return keyBytes;
    }

    /// <summary>
    /// Looks for the image's key in the bootloader in every form MCUboot embeds it: a DER key whose hash is the key hash,
    /// the raw key bytes (Ed25519 32 bytes, EC point X‖Y, RSA modulus), or the key hash itself (HW-key provisioning).
    /// </summary>
    private static string? LocateKey(FirmwareFile bootloader, IReadOnlyList<EmbeddedKey> keys, byte[] wanted, ImageHashAlgorithm alg, byte[]? keyBytes, ushort signatureType, out bool asBuiltInKey)
    {
        asBuiltInKey = false;
        if (wanted.Length == 0 || wanted.Length > alg.DigestLength())
        {
            return null;
        }

        foreach (var k in keys)
        {
            if (k.KeyHash(alg).AsSpan().StartsWith(wanted))
            {
                asBuiltInKey = true;
                return $"{TypeLabel(k.KeyType)} public key (DER) at {k.Locations[0]}";
            }
        }

        if (keyBytes is not null)
        {
            var form = EmbeddedKeyScanner.Forms.FirstOrDefault(f => keyBytes.Length == f.Length && keyBytes.AsSpan().StartsWith(f.Prefix));
            if (form is not null)
            {
                var raw = keyBytes.AsSpan(form.Prefix.Length, form.Type is KeyType.Rsa2048 or KeyType.Rsa3072 ? form.RawLength - form.Suffix.Length : form.RawLength);
                if (EmbeddedKeyScanner.Locate(bootloader, raw) is { } rawAt)
                {
                    asBuiltInKey = true;
                    return $"raw {TypeLabel(form.Type)} key bytes at {rawAt}";
                }
            }

            foreach (var hashAlg in (ImageHashAlgorithm[])[ImageHashAlgorithm.Sha256, ImageHashAlgorithm.Sha384, ImageHashAlgorithm.Sha512])
            {
                if (EmbeddedKeyScanner.Locate(bootloader, hashAlg.Hash(keyBytes)) is { } hashAt)
                {
                    return $"{hashAlg.TlvName()} key hash at {hashAt}";
                }
            }
        }
        else if (FindRawKeyByHash(bootloader, wanted, alg, signatureType) is { } rawFound)
        {
            asBuiltInKey = true;
            return rawFound;
        }

        if (wanted.Length >= 16 && EmbeddedKeyScanner.Locate(bootloader, wanted) is { } at)
        {
            return $"key hash at {at}";
        }

        return null;
    }

    /// <summary>
    /// Brute force for a key embedded without its DER prefix (raw Ed25519 key, raw EC point): every window of the key's raw
    /// length is completed with the prefix, hashed and compared with the key hash.
    /// </summary>
    private static string? FindRawKeyByHash(FirmwareFile bootloader, byte[] wanted, ImageHashAlgorithm alg, ushort signatureType)
    {
        KeyType[] types = signatureType switch
        {
            TlvType.Ed25519 => [KeyType.Ed25519],
            TlvType.EcdsaSig or TlvType.Ecdsa224 => alg == ImageHashAlgorithm.Sha384 ? [KeyType.EcdsaP384] : [KeyType.EcdsaP256],
            _ => [],
        };
        if (bootloader.Segments.Sum(s => (long)s.Data.Length) > RawKeySearchLimit)
        {
            return null;
        }

        Span<byte> digest = stackalloc byte[64];
        foreach (var type in types)
        {
            var form = EmbeddedKeyScanner.FormOf(type)!;
            var candidate = new byte[form.Length];
            form.Prefix.CopyTo(candidate, 0);
            foreach (var segment in bootloader.Segments)
            {
                var data = segment.Data.Span;
                for (int at = 0; at + form.RawLength <= data.Length; at++)
                {
                    data.Slice(at, form.RawLength).CopyTo(candidate.AsSpan(form.Prefix.Length));
                    int n = alg switch
                    {
                        ImageHashAlgorithm.Sha256 => SHA256.HashData(candidate, digest),
                        ImageHashAlgorithm.Sha384 => SHA384.HashData(candidate, digest),
                        _ => SHA512.HashData(candidate, digest),
                    };
                    if (digest[..n].StartsWith(wanted))
                    {
                        return $"raw {TypeLabel(type)} key bytes at {bootloader.DescribeLocation(segment.Address, at)}";
                    }
                }
            }
        }

        return null;
    }

    private static bool Compatible(KeyType key, ushort signatureType) => signatureType switch
    {
        TlvType.Rsa2048 => key == KeyType.Rsa2048,
        TlvType.Rsa3072 => key == KeyType.Rsa3072,
        TlvType.EcdsaSig or TlvType.Ecdsa224 => key is KeyType.EcdsaP256 or KeyType.EcdsaP384,
        TlvType.Ed25519 => key == KeyType.Ed25519,
        _ => false,
    };

    private static string TypeLabel(KeyType type) => type switch
    {
        KeyType.Rsa2048 => "RSA-2048",
        KeyType.Rsa3072 => "RSA-3072",
        KeyType.EcdsaP256 => "ECDSA P-256",
        KeyType.EcdsaP384 => "ECDSA P-384",
        KeyType.Ed25519 => "Ed25519",
        _ => "X25519",
    };

    private static string Describe(IReadOnlyList<EmbeddedKey> keys, ImageHashAlgorithm alg)
    {
        var items = keys.Select(k =>
            $"{TypeLabel(k.KeyType)} key hash {Convert.ToHexStringLower(k.KeyHash(alg))} at {k.Locations[0]}{(k.DevelopmentKey is null ? string.Empty : $" ({k.DevelopmentKey.Name}, an MCUboot development key)")}");
        return $"{keys.Count} key{(keys.Count == 1 ? string.Empty : "s")}: {string.Join("; ", items)}";
    }
}
