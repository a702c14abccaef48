using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Encryption;

/// <summary>ENCRSA2048 (0x30): the AES key under RSA-OAEP-SHA256 (mcuboot-image-format.md §6.4).</summary>
public sealed class RsaOaepEncryptor(RsaKey recipient) : IImageEncryptor
{
    public ushort TlvType => EncryptionKeyTlv.EncRsa2048;

    public int TlvValueLength(int aesKeyLength) => RsaOaepKeyWrap.TlvValueLength;

    public byte[] WrapKey(ReadOnlySpan<byte> aesKey) => RsaOaepKeyWrap.Wrap(recipient.Rsa, aesKey);
}
