using McuBoot.Compression;
using McuBoot.Diagnostics;
using McuBoot.Encryption;
using McuBoot.Signing;

namespace McuBoot.Image;

/// <summary>
/// Verifies an image as the bootloader would (mcuboot-image-format.md §10.2 step 6): TLV layout, the hash over
/// <c>[0, hdr + img + ptlv)</c>, the key TLV against the given key, and the signature. Stricter than imgtool's
/// <c>verify</c>, which ignores the key hash and the protected-size field (§11 item 24).
/// </summary>
public static class ImageVerifier
{
    /// <summary>
    /// Verifies <paramref name="image"/>. With <paramref name="key"/> null only the structure and hash are checked.
    /// An encrypted image is hashed as plaintext when <paramref name="decryptor"/> is given (a <c>--clear</c> image
    /// needs none). A compressed image is also decompressed and its DECOMP_SHA / DECOMP_SIGNATURE checked.
    /// </summary>
    public static VerificationResult Verify(ReadOnlySpan<byte> image, ISignatureVerifier? key, string name = "image", ImageDecryptor? decryptor = null)
        => VerifyWithKeys(image, key == null ? [] : [key], name, decryptor);

    /// <summary>
    /// Verifies <paramref name="image"/> with several keys (key rotation): every KEYHASH/PUBKEY + signature pair whose
    /// key is among <paramref name="keys"/> is verified and must verify; at least one must. With no keys only the
    /// structure and hash are checked. <see cref="VerificationResult.Signatures"/> reports each pair.
    /// </summary>
    public static VerificationResult VerifyWithKeys(ReadOnlySpan<byte> image, IReadOnlyList<ISignatureVerifier> keys, string name = "image", ImageDecryptor? decryptor = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var parsed = ImageReader.Read(image, name);
        var outer = VerifyParsed(parsed, image, keys, name, decryptor, out var plaintext);
        if (!ImageDecompressor.IsCompressed(parsed))
        {
            return outer;
        }

        var inner = ImageDecompressor.Decompress(parsed, plaintext ?? image, name);
        string innerName = name + " (decompressed)";
        var innerParsed = ImageReader.Read(inner, innerName);
        var innerResult = VerifyParsed(innerParsed, inner, keys, innerName, null, out _);
        return outer with { Decompressed = innerResult };
    }

    private static VerificationResult VerifyParsed(ParsedImage parsed, ReadOnlySpan<byte> image, IReadOnlyList<ISignatureVerifier> keys, string name, ImageDecryptor? decryptor, out byte[]? plaintext)
    {
        plaintext = null;
        var hashTlvs = parsed.UnprotectedTlvs.Where(t => TlvType.HashOf(t.Type) != null).ToList();
        if (hashTlvs.Count == 0)
        {
            throw Fail(ErrorCodes.NoHashTlv, $"{name} has no SHA256/SHA384/SHA512 TLV; the bootloader rejects it.", name);
        }

        var hashTlv = hashTlvs[0];
        var algorithm = TlvType.HashOf(hashTlv.Type)!.Value;
        if (hashTlv.Value.Length != algorithm.DigestLength())
        {
            throw Fail(ErrorCodes.BadTlv, $"{name}: the {hashTlv.Name} TLV is {hashTlv.Value.Length} bytes, expected {algorithm.DigestLength()}.", name);
        }

        if (keys.Count > 0 && !keys.Any(key => SignatureAlgorithms.AllowedHashes(key.KeyType, isPublicOnly: true).Contains(algorithm) || (key.KeyType == Keys.KeyType.Ed25519 && algorithm == ImageHashAlgorithm.Sha512)))
        {
            throw Fail(ErrorCodes.KeyTypeMismatch, $"Key type {keys[0].KeyType} does not match the image's {hashTlv.Name} hash TLV in {name}; verify with the key the image was signed with.", name);
        }

        int regionEnd = (int)parsed.HashedRegionEnd;
        bool encrypted = ImageDecryptor.IsEncrypted(parsed);
        byte[] digest = algorithm.Hash(image[..regionEnd]);
        if (!digest.AsSpan().SequenceEqual(hashTlv.Value) && encrypted && decryptor != null)
        {
            plaintext = decryptor.DecryptBody(parsed, image, name); // the as-is hash already failed: not a --clear body
            digest = algorithm.Hash(plaintext.AsSpan(0, regionEnd));
            image = plaintext;
        }

        if (!digest.AsSpan().SequenceEqual(hashTlv.Value))
        {
            string hint = encrypted && decryptor == null
                ? " The image is encrypted: give the decryption key with --decrypt-key so the plaintext can be hashed."
                : " The image was modified after signing or is corrupt.";
            throw Fail(ErrorCodes.HashMismatch, $"Image has an invalid hash: {name} hashes to {Convert.ToHexStringLower(digest)} but its {hashTlv.Name} TLV says {Convert.ToHexStringLower(hashTlv.Value)}.{hint}", name);
        }

        var sigPure = parsed.UnprotectedTlvs.FirstOrDefault(t => t.Type == TlvType.SigPure);
        bool pure = sigPure != null;
        if (sigPure != null && (sigPure.Value.Length != 1 || sigPure.Value[0] != 0x01))
        {
            throw Fail(ErrorCodes.BadTlv, $"{name}: the SIG_PURE TLV must be the single byte 0x01 but is {Convert.ToHexStringLower(sigPure.Value)} ({sigPure.Value.Length} bytes); the bootloader rejects this image.", name);
        }

        var keyTlv = parsed.UnprotectedTlvs.FirstOrDefault(t => t.Type is TlvType.KeyHash or TlvType.PublicKey);
        var pairs = Pairs(parsed);
        if (keys.Count == 0)
        {
            return new VerificationResult { Image = parsed, Version = parsed.Header.Version, HashAlgorithm = algorithm, Digest = digest, Pure = pure, KeyTlvValue = keyTlv?.Value, Signatures = pairs };
        }

        var publicKeys = keys.Select(k => k.GetPublicKeyBytes()).ToList();
        bool KeyMatches(ParsedTlv keyTlv, int i) => keyTlv.Type == TlvType.PublicKey
            ? keyTlv.Value.AsSpan().SequenceEqual(publicKeys[i])
            : keyTlv.Value.AsSpan().SequenceEqual(algorithm.Hash(publicKeys[i]));

        // Every key TLV + signature pair in order; each whose key is given is verified (bootutil image_validate.c).
        var checkedPairs = new List<SignaturePair>();
        ParsedTlv? failed = null;
        ParsedTlv? verifiedSignature = null;
        foreach (var pair in pairs)
        {
            int? matched = null;
            bool? ok = null;
            if (pair.KeyTlv is { } kt)
            {
                for (int i = 0; i < keys.Count; i++)
                {
                    if (SignatureAlgorithms.SignatureTlvType(keys[i].KeyType) == pair.Signature.Type && KeyMatches(kt, i))
                    {
                        matched = i;
                        ok = pure
                            ? keys[i].VerifyMessage(image[..regionEnd], pair.Signature.Value)
                            : keys[i].VerifyDigest(digest, algorithm, pair.Signature.Value);
                        if (ok == true)
                        {
                            verifiedSignature ??= pair.Signature;
                        }
                        else
                        {
                            failed ??= pair.Signature;
                        }

                        break;
                    }
                }
            }

            checkedPairs.Add(pair with { MatchedKey = matched, Verified = ok });
        }

        if (failed != null)
        {
            throw Fail(ErrorCodes.SignatureInvalid, $"The {failed.Name} signature in {name} does not verify with the given key; the image was signed with another key or altered.", name);
        }

        if (verifiedSignature != null)
        {
            return new VerificationResult
            {
                Image = parsed, Version = parsed.Header.Version, HashAlgorithm = algorithm, Digest = digest,
                SignatureVerified = true, Signature = verifiedSignature.Value, Pure = pure, KeyTlvValue = keyTlv?.Value,
                Signatures = checkedPairs,
            };
        }

        var keyTlvs = parsed.UnprotectedTlvs.Where(t => t.Type is TlvType.KeyHash or TlvType.PublicKey).ToList();
        if (keyTlvs.Count > 0 && !keyTlvs.Any(t => Enumerable.Range(0, keys.Count).Any(i => KeyMatches(t, i))))
        {
            var first = keyTlvs[0];
            string want = first.Type == TlvType.PublicKey
                ? Convert.ToHexStringLower(algorithm.Hash(first.Value))
                : Convert.ToHexStringLower(first.Value);
            string have = string.Join(", ", publicKeys.Select(p => Convert.ToHexStringLower(algorithm.Hash(p))));
            throw Fail(ErrorCodes.KeyHashMismatch,
                $"{name} was signed with another key: its key hash is {want}{(keyTlvs.Count > 1 ? $" (and {keyTlvs.Count - 1} more)" : string.Empty)}, the given key's is {have}; verify with the image's signing key, or re-sign the image.", name);
        }

        ushort signatureType = SignatureAlgorithms.SignatureTlvType(keys[0].KeyType);
        if (parsed.UnprotectedTlvs.Any(t => t.Type == signatureType))
        {
            throw Fail(ErrorCodes.NoSignatureForKey,
                $"The {TlvType.NameOf(signatureType)} signature in {name} is not preceded by a KEYHASH or PUBKEY TLV of the given key, so the bootloader ignores it and rejects the image; re-sign the image.", name);
        }

        throw Fail(ErrorCodes.NoSignatureForKey,
            $"No signature found for the given key in {name}: the image has no {TlvType.NameOf(signatureType)} TLV (it is {(parsed.UnprotectedTlvs.Any(t => t.Type is >= 0x20 and <= 0x24) ? "signed with another key type" : "unsigned")}).", name);
    }

    /// <summary>The key TLV + signature pairs of the unprotected area, in order (a signature takes the last key TLV before it).</summary>
    public static IReadOnlyList<SignaturePair> Pairs(ParsedImage parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var pairs = new List<SignaturePair>();
        ParsedTlv? current = null;
        foreach (var tlv in parsed.UnprotectedTlvs)
        {
            if (tlv.Type is TlvType.KeyHash or TlvType.PublicKey)
            {
                current = tlv;
            }
            else if (tlv.Type is >= TlvType.Rsa2048 and <= TlvType.Ed25519)
            {
                pairs.Add(new SignaturePair { Index = pairs.Count, KeyTlv = current, Signature = tlv });
            }
        }

        return pairs;
    }

    private static McuBootException Fail(string code, string message, string name)
        => new(code, message, name) { ExitCode = ExitCodes.Failure };
}
