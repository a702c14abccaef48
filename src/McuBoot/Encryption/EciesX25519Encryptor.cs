using McuBoot.Image;

namespace McuBoot.Encryption;

/// <summary>ENCX25519 (0x33) or ENCX25519_SHA512 (0x34): ECIES-X25519 (mcuboot-image-format.md §6.6).</summary>
public sealed class EciesX25519Encryptor(byte[] recipientPublic, bool hmacSha512) : IImageEncryptor
{
    public ushort TlvType => EciesX25519.TlvType(hmacSha512);

    public int TlvValueLength(int aesKeyLength) => EciesX25519.TlvValueLength(aesKeyLength, hmacSha512);

    public byte[] WrapKey(ReadOnlySpan<byte> aesKey) => EciesX25519.Wrap(recipientPublic, aesKey, hmacSha512);
}
