using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Encryption;

/// <summary>
/// ENCKW (0x31): the AES key wrapped under a pre-shared key-encryption key, RFC 3394 (mcuboot-image-format.md §6.7).
/// imgtool cannot make these images although the bootloader accepts them. The KEK size must equal the AES key size.
/// </summary>
public sealed class AesKeyWrapEncryptor(byte[] kek, string path) : IImageEncryptor
{
    public ushort TlvType => EncryptionKeyTlv.EncKw;

    public int TlvValueLength(int aesKeyLength) => aesKeyLength + 8;

    public byte[] WrapKey(ReadOnlySpan<byte> aesKey)
    {
        if (aesKey.Length != kek.Length)
        {
            throw new McuBootException(ErrorCodes.EncryptionOptionsConflict,
                $"The AES-KW key in {path} is {kek.Length * 8} bits but the image key is {aesKey.Length * 8} bits; MCUboot requires them equal, so pass --encrypt-keylen {kek.Length * 8}.",
                path) { ExitCode = ExitCodes.Usage };
        }

        return AesKeyWrap.Wrap(kek, aesKey);
    }
}
