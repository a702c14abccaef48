namespace McuBoot.Image;

/// <summary>
/// Wraps the random AES image key for the device (§6.4–§6.7). One implementation per key exchange
/// (RSA-OAEP, ECIES-P256, ECIES-X25519, AES-KW); the image builder knows nothing else about the recipient.
/// </summary>
public interface IImageEncryptor
{
    /// <summary>The encryption-key TLV type (0x30..0x34).</summary>
    ushort TlvType { get; }

    /// <summary>Length of the TLV value for a given AES key length, for trailer sizing.</summary>
    int TlvValueLength(int aesKeyLength);

    /// <summary>Wraps <paramref name="aesKey"/> into the TLV value.</summary>
    byte[] WrapKey(ReadOnlySpan<byte> aesKey);
}
