using System.Security.Cryptography;
using McuBoot.Image;

namespace McuBoot.Encryption;

/// <summary>ENCEC256 (0x32): ECIES-P256 (mcuboot-image-format.md §6.5).</summary>
public sealed class EciesP256Encryptor(ECParameters recipientPublic) : IImageEncryptor
{
    public ushort TlvType => EncryptionKeyTlv.EncEc256;

    public int TlvValueLength(int aesKeyLength) => EciesP256.TlvValueLength(aesKeyLength);

    public byte[] WrapKey(ReadOnlySpan<byte> aesKey) => EciesP256.Wrap(recipientPublic, aesKey);
}
