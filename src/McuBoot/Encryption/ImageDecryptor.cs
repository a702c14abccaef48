using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Encryption;

/// <summary>
/// Decrypts an encrypted image's body as the bootloader does when it installs the image from the secondary slot
/// (mcuboot-image-format.md §6): finds the key TLV for the given private key (or AES-KW key file), unwraps the AES key
/// and runs AES-CTR over <c>[hdr_size, hdr_size + img_size)</c>. Header (with its ENCRYPTED flag) and TLVs are kept
/// as they are — the hash covers the header, and the bootloader keeps the key TLV to re-encrypt on a revert.
/// </summary>
public sealed class ImageDecryptor : IDisposable
{
    private readonly McuBootKey? _key;
    private readonly byte[]? _kek;
    private readonly string _path;

    private ImageDecryptor(McuBootKey? key, byte[]? kek, string path)
    {
        _key = key;
        _kek = kek;
        _path = path;
    }

    /// <summary>Loads a decryption key: a private PEM (RSA-2048, P-256, X25519) or an AES-KW key file.</summary>
    public static ImageDecryptor Load(string path, IPasswordProvider? passwords = null)
    {
        if (File.Exists(path) && !EncryptorFactory.LooksLikePem(path))
        {
            return new ImageDecryptor(null, AesKeyFile.Load(path), path);
        }

        var key = KeyLoader.Load(path, passwords);
        if (!key.HasPrivateKey)
        {
            key.Dispose();
            throw new McuBootException(ErrorCodes.PrivateKeyRequired,
                $"{path} is a public key; decrypting needs the private key the bootloader holds (the pair of the -E key).", path) { ExitCode = ExitCodes.KeyError };
        }

        return new ImageDecryptor(key, null, path);
    }

    /// <summary>Whether the image's flags say its body is encrypted.</summary>
    public static bool IsEncrypted(ParsedImage image) => (image.Header.Flags & (ImageFlags.EncryptedAes128 | ImageFlags.EncryptedAes256)) != 0;

    /// <summary>Unwraps the image's AES key.</summary>
    public byte[] UnwrapKey(ParsedImage image, string name)
    {
        int keyLength = (image.Header.Flags & ImageFlags.EncryptedAes256) != 0 ? 32 : 16;
        ushort[] wanted = _kek != null
            ? [TlvType.EncKw]
            : _key switch
            {
                RsaKey => [TlvType.EncRsa2048],
                EcdsaKey { Type: KeyType.EcdsaP256 } => [TlvType.EncEc256],
                X25519Key => [TlvType.EncX25519, TlvType.EncX25519Sha512],
                _ => [],
            };
        if (wanted.Length == 0)
        {
            throw new McuBootException(ErrorCodes.EncryptionKeyNotUsable,
                $"{_path} is {McuBoot.Keys.KeyTypeNames.WithArticle(_key!.Type)}, which cannot decrypt MCUboot images; use the X25519, P-256 or RSA-2048 private key, or the AES-KW key file.", _path) { ExitCode = ExitCodes.Usage };
        }

        var tlv = image.UnprotectedTlvs.FirstOrDefault(t => wanted.Contains(t.Type));
        if (tlv == null)
        {
            var present = image.UnprotectedTlvs.Where(t => EncryptionKeyTlv.IsKeyTlv(t.Type)).Select(t => t.Name).ToList();
            throw new McuBootException(ErrorCodes.NoEncryptionKeyTlv,
                $"{name} has no {string.Join("/", wanted.Select(TlvType.NameOf))} key TLV for the key in {_path} (it has {(present.Count == 0 ? "no key TLV at all" : string.Join(", ", present))}); decrypt with the matching private key.",
                name) { ExitCode = ExitCodes.Failure };
        }

        EncryptionKeyTlv.Validate(tlv.Type, tlv.Value.Length, keyLength, name);
        return tlv.Type switch
        {
            TlvType.EncKw => AesKeyWrap.Unwrap(_kek!, tlv.Value),
            TlvType.EncRsa2048 => RsaOaepKeyWrap.Unwrap(((RsaKey)_key!).Rsa, tlv.Value),
            TlvType.EncEc256 => EciesP256.Unwrap(((EcdsaKey)_key!).ExportParameters(includePrivate: true), tlv.Value, keyLength),
            _ => EciesX25519.Unwrap(((X25519Key)_key!).GetPrivateKey(), tlv.Value, keyLength, tlv.Type == TlvType.EncX25519Sha512),
        };
    }

    /// <summary>
    /// Returns a copy of <paramref name="image"/> with the body decrypted. A <c>--clear</c> image (ENCRYPTED flag and
    /// key TLV, but its hash TLV already matches the body as it is) is returned unchanged: its body is the plaintext.
    /// </summary>
    public byte[] Decrypt(ParsedImage parsed, ReadOnlySpan<byte> image, string name)
    {
        if (!IsEncrypted(parsed))
        {
            throw new McuBootException(ErrorCodes.NotEncrypted, $"{name} is not encrypted (no ENCRYPTED_AES128/256 flag); there is nothing to decrypt.", name) { ExitCode = ExitCodes.Failure };
        }

        return IsInClear(parsed, image) ? image.ToArray() : DecryptBody(parsed, image, name);
    }

    /// <summary>
    /// Returns a copy of <paramref name="image"/> with the body run through AES-CTR under the unwrapped key, without
    /// first checking for a <c>--clear</c> body (for callers that already found the hash does not match as it is).
    /// </summary>
    public byte[] DecryptBody(ParsedImage parsed, ReadOnlySpan<byte> image, string name)
    {
        var aesKey = UnwrapKey(parsed, name);
        var result = image.ToArray();
        var body = result.AsSpan(parsed.Header.HeaderSize, (int)parsed.Header.ImageSize);
        AesCtr.Transform(aesKey, body, body);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(aesKey);
        return result;
    }

    public void Dispose() => _key?.Dispose();

    /// <summary>Whether the first hash TLV already matches the image as it is (a <c>--clear</c> image, §6.3).</summary>
    private static bool IsInClear(ParsedImage parsed, ReadOnlySpan<byte> image)
    {
        var hashTlv = parsed.UnprotectedTlvs.FirstOrDefault(t => TlvType.HashOf(t.Type) != null);
        if (hashTlv == null || TlvType.HashOf(hashTlv.Type) is not ImageHashAlgorithm algorithm || hashTlv.Value.Length != algorithm.DigestLength())
        {
            return false;
        }

        return algorithm.Hash(image[..(int)parsed.HashedRegionEnd]).AsSpan().SequenceEqual(hashTlv.Value);
    }
}
