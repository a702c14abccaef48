namespace McuBoot.Diagnostics;

// ---- MCUB5xxx: encryption and compression (McuBoot.Encryption, McuBoot.Compression) ----
public static partial class ErrorCodes
{
    /// <summary>An AES key (image key, KEK or derived key) has a length other than 16 or 32 bytes.</summary>
    public const string InvalidAesKeyLength = "MCUB5001";

    /// <summary>RFC 3394 key unwrap failed its integrity check (wrong KEK or corrupted ENCKW TLV).</summary>
    public const string KeyUnwrapFailed = "MCUB5002";

    /// <summary>The ECIES HMAC tag does not match (wrong private key or corrupted key TLV).</summary>
    public const string EncryptionTagMismatch = "MCUB5003";

    /// <summary>The recipient key has a size or curve the bootloader cannot use for encryption (e.g. RSA other than 2048).</summary>
    public const string UnsupportedEncryptionKey = "MCUB5004";

    /// <summary>An encryption-key TLV has an unknown type or the wrong value length for its type and AES key size.</summary>
    public const string InvalidEncryptionKeyTlv = "MCUB5005";

    /// <summary>The recipient key material is malformed (bad EC point, wrong raw key length, missing private part).</summary>
    public const string InvalidEncryptionKey = "MCUB5006";

    /// <summary>RSA-OAEP decryption of the ENCRSA2048 TLV failed (wrong private key or corrupted TLV).</summary>
    public const string RsaKeyUnwrapFailed = "MCUB5007";

    /// <summary>An AES-KW key-encryption-key file is missing, unreadable or not a raw/base64 16- or 32-byte key.</summary>
    public const string InvalidAesKeyFile = "MCUB5008";

    /// <summary>The native liblzma library could not be found or lacks a needed function.</summary>
    public const string LzmaLibraryNotFound = "MCUB5010";

    /// <summary>liblzma failed to compress the data.</summary>
    public const string CompressionFailed = "MCUB5011";

    /// <summary>A compressed image body is malformed (bad 2-byte properties header, corrupt or truncated LZMA2 stream).</summary>
    public const string CorruptCompressedBody = "MCUB5012";

    /// <summary>The decompressed data would exceed the allowed maximum size.</summary>
    public const string DecompressedTooLarge = "MCUB5013";

    /// <summary>-E names a key the bootloader cannot use for encryption (P-384, Ed25519, RSA other than 2048).</summary>
    public const string EncryptionKeyNotUsable = "MCUB5020";

    /// <summary>Encryption options that do not fit together (HMAC-SHA512 without X25519, KEK size vs AES key size).</summary>
    public const string EncryptionOptionsConflict = "MCUB5021";

    /// <summary>The image is encrypted but has no key TLV the given key can open.</summary>
    public const string NoEncryptionKeyTlv = "MCUB5022";

    /// <summary>The image is not encrypted (decrypt) or not compressed (decompress).</summary>
    public const string NotEncrypted = "MCUB5023";

    /// <summary>The image is not compressed.</summary>
    public const string NotCompressed = "MCUB5024";

    /// <summary>A compressed image lacks or has malformed DECOMP_* TLVs, or its decompressed image does not match them.</summary>
    public const string DecompressedImageInvalid = "MCUB5025";


    /// <summary>--compression with -E on an input that does not compress: refused rather than mislabeled (imgtool writes an undecryptable image).</summary>
    public const string EncryptedImageDidNotCompress = "MCUB5027";
}
