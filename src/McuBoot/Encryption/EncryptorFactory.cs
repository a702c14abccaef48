using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Encryption;

/// <summary>
/// Picks the key exchange for <c>-E FILE</c> (mcuboot-image-format.md §6.1): RSA-2048 → RSA-OAEP, P-256 →
/// ECIES-P256, X25519 → ECIES-X25519, a raw or base64 16/32-byte file → AES-KW. Unlike imgtool, any signature key type
/// may be combined with any encryption key, and keys the bootloader cannot use are refused instead of producing an
/// undecryptable image (§11 items 2, 3).
/// </summary>
public static class EncryptorFactory
{
    /// <summary>Creates the encryptor for the file at <paramref name="path"/> (absolute).</summary>
    public static IImageEncryptor Create(string path, HmacSha hmac = HmacSha.Auto, IPasswordProvider? passwords = null)
    {
        if (!File.Exists(path))
        {
            throw new McuBootException(ErrorCodes.KeyFileNotFound,
                $"Encryption key file not found: {path}; create one with 'dotnet mcuboot keygen -k {Path.GetFileName(path)} -t x25519' (or ecdsa-p256 / rsa-2048) and give the bootloader its private key.",
                path) { ExitCode = ExitCodes.KeyError };
        }

        if (!LooksLikePem(path))
        {
            if (hmac == HmacSha.Sha512)
            {
                throw OptionsConflict("--hmac-sha 512 applies only to ECIES-X25519 encryption keys, not to an AES-KW key file.", path);
            }

            return new AesKeyWrapEncryptor(AesKeyFile.Load(path), path);
        }

        var key = KeyLoader.Load(path, passwords);
        if (hmac == HmacSha.Sha512 && key.Type != KeyType.X25519)
        {
            key.Dispose();
            throw OptionsConflict($"--hmac-sha 512 applies only to ECIES-X25519; {path} is {McuBoot.Keys.KeyTypeNames.WithArticle(key.Type)}.", path);
        }

        switch (key)
        {
            case RsaKey rsa when rsa.KeySizeBits == RsaOaepKeyWrap.KeySizeBits:
                return new RsaOaepEncryptor(rsa);
            case EcdsaKey ec when ec.Type == KeyType.EcdsaP256:
                var parameters = ec.ExportParameters(includePrivate: false);
                key.Dispose();
                return new EciesP256Encryptor(parameters);
            case X25519Key x:
                var publicKey = x.PublicKey.ToArray();
                key.Dispose();
                return new EciesX25519Encryptor(publicKey, hmac == HmacSha.Sha512);
        }

        string type = key.Type.ToString();
        key.Dispose();
        throw new McuBootException(ErrorCodes.EncryptionKeyNotUsable,
            $"{path} is a {type} key, which MCUboot cannot decrypt with (imgtool would silently write an undecryptable image); encrypt with an X25519, ECDSA P-256 or RSA-2048 public key, or an AES-KW key file.",
            path) { ExitCode = ExitCodes.Usage };
    }

    /// <summary>Whether the file starts (after whitespace) with a PEM armour line.</summary>
    public static bool LooksLikePem(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[256];
        int n = stream.Read(buffer);
        var text = System.Text.Encoding.ASCII.GetString(buffer, 0, n).TrimStart();
        return text.StartsWith("-----BEGIN ", StringComparison.Ordinal);
    }

    private static McuBootException OptionsConflict(string message, string path)
        => new(ErrorCodes.EncryptionOptionsConflict, message, path) { ExitCode = ExitCodes.Usage };
}
