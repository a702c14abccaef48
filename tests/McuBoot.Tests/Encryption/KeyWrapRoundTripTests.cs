using System.Security.Cryptography;
using McuBoot.Diagnostics;
using McuBoot.Encryption;

namespace McuBoot.Tests.Encryption;

public class KeyWrapRoundTripTests
{
    private static byte[] AesKey(int length) => RandomNumberGenerator.GetBytes(length);

    [Theory]
    [InlineData(16, 113)]
    [InlineData(32, 129)]
    public void EciesP256RoundTrip(int keyLength, int tlvLength)
    {
        using var device = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var aesKey = AesKey(keyLength);
        var tlv = EciesP256.Wrap(device.ExportParameters(false), aesKey);
        Assert.Equal(tlvLength, tlv.Length);
        Assert.Equal(0x04, tlv[0]);
        Assert.Equal(tlvLength, EncryptionKeyTlv.ValueLength(EncryptionKeyTlv.EncEc256, keyLength));
        Assert.Equal(aesKey, EciesP256.Unwrap(device.ExportParameters(true), tlv, keyLength));
        Assert.Equal(aesKey, EciesP256.Unwrap(device.ExportParameters(true), tlv));
    }

    [Fact]
    public void EciesP256FreshEphemeralKeyEachTime()
    {
        using var device = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var aesKey = AesKey(16);
        Assert.NotEqual(EciesP256.Wrap(device.ExportParameters(false), aesKey), EciesP256.Wrap(device.ExportParameters(false), aesKey));
    }

    [Theory]
    [InlineData(65)] // tag
    [InlineData(100)] // ciphertext
    public void EciesP256TamperedTagFails(int index)
    {
        using var device = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var tlv = EciesP256.Wrap(device.ExportParameters(false), AesKey(16));
        tlv[index] ^= 0x80;
        var ex = Assert.Throws<McuBootException>(() => EciesP256.Unwrap(device.ExportParameters(true), tlv, 16));
        Assert.Equal(ErrorCodes.EncryptionTagMismatch, ex.Code);
    }

    [Fact]
    public void EciesP256WrongPrivateKeyFails()
    {
        using var device = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var tlv = EciesP256.Wrap(device.ExportParameters(false), AesKey(16));
        var ex = Assert.Throws<McuBootException>(() => EciesP256.Unwrap(other.ExportParameters(true), tlv, 16));
        Assert.Equal(ErrorCodes.EncryptionTagMismatch, ex.Code);
    }

    [Fact]
    public void EciesP256RejectsOtherCurvesAndBadLengths()
    {
        using var p384 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        Assert.Equal(ErrorCodes.UnsupportedEncryptionKey, Assert.Throws<McuBootException>(() => EciesP256.Wrap(p384.ExportParameters(false), AesKey(16))).Code);
        using var device = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var tlv = EciesP256.Wrap(device.ExportParameters(false), AesKey(16));
        Assert.Equal(ErrorCodes.InvalidEncryptionKeyTlv, Assert.Throws<McuBootException>(() => EciesP256.Unwrap(device.ExportParameters(true), tlv, 32)).Code);
        Assert.Equal(ErrorCodes.InvalidEncryptionKey, Assert.Throws<McuBootException>(() => EciesP256.Unwrap(device.ExportParameters(false), tlv, 16)).Code);
        tlv[5] ^= 1; // the ephemeral point is no longer on the curve
        Assert.Equal(ErrorCodes.InvalidEncryptionKeyTlv, Assert.Throws<McuBootException>(() => EciesP256.Unwrap(device.ExportParameters(true), tlv, 16)).Code);
    }

    [Theory]
    [InlineData(16, false, 80)]
    [InlineData(32, false, 96)]
    [InlineData(16, true, 112)]
    [InlineData(32, true, 128)]
    public void EciesX25519RoundTrip(int keyLength, bool hmacSha512, int tlvLength)
    {
        var devicePrivate = RandomNumberGenerator.GetBytes(32);
        var devicePublic = EciesX25519.GetPublicKey(devicePrivate);
        var aesKey = AesKey(keyLength);
        var tlv = EciesX25519.Wrap(devicePublic, aesKey, hmacSha512);
        Assert.Equal(tlvLength, tlv.Length);
        Assert.Equal(tlvLength, EncryptionKeyTlv.ValueLength(EciesX25519.TlvType(hmacSha512), keyLength));
        Assert.Equal(aesKey, EciesX25519.Unwrap(devicePrivate, tlv, keyLength, hmacSha512));
        Assert.Equal(aesKey, EciesX25519.Unwrap(devicePrivate, tlv, hmacSha512));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EciesX25519TamperedTagFails(bool hmacSha512)
    {
        var devicePrivate = RandomNumberGenerator.GetBytes(32);
        var tlv = EciesX25519.Wrap(EciesX25519.GetPublicKey(devicePrivate), AesKey(16), hmacSha512);
        tlv[40] ^= 0x01;
        var ex = Assert.Throws<McuBootException>(() => EciesX25519.Unwrap(devicePrivate, tlv, 16, hmacSha512));
        Assert.Equal(ErrorCodes.EncryptionTagMismatch, ex.Code);
    }

    [Fact]
    public void EciesX25519VariantsAreNotInterchangeable()
    {
        var devicePrivate = RandomNumberGenerator.GetBytes(32);
        var tlv = EciesX25519.Wrap(EciesX25519.GetPublicKey(devicePrivate), AesKey(16), hmacSha512: false);
        Assert.Equal(ErrorCodes.InvalidEncryptionKeyTlv, Assert.Throws<McuBootException>(() => EciesX25519.Unwrap(devicePrivate, tlv, 16, hmacSha512: true)).Code);
        Assert.Equal(ErrorCodes.InvalidEncryptionKey, Assert.Throws<McuBootException>(() => EciesX25519.Wrap(new byte[31], AesKey(16))).Code);
        Assert.Equal(ErrorCodes.InvalidEncryptionKey, Assert.Throws<McuBootException>(() => EciesX25519.Wrap(new byte[32], AesKey(16))).Code); // low-order point 0
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void RsaOaepRoundTrip(int keyLength)
    {
        using var device = RSA.Create(2048);
        var aesKey = AesKey(keyLength);
        using var publicOnly = RSA.Create();
        publicOnly.ImportRSAPublicKey(device.ExportRSAPublicKey(), out _);
        var tlv = RsaOaepKeyWrap.Wrap(publicOnly, aesKey);
        Assert.Equal(256, tlv.Length);
        Assert.Equal(aesKey, RsaOaepKeyWrap.Unwrap(device, tlv));

        // OAEP-SHA256 interoperates with the platform's own decryption.
        Assert.Equal(aesKey, device.Decrypt(tlv, RSAEncryptionPadding.OaepSHA256));
    }

    [Fact]
    public void RsaOaepTamperedFails()
    {
        using var device = RSA.Create(2048);
        var tlv = RsaOaepKeyWrap.Wrap(device, AesKey(16));
        tlv[100] ^= 0x01;
        Assert.Equal(ErrorCodes.RsaKeyUnwrapFailed, Assert.Throws<McuBootException>(() => RsaOaepKeyWrap.Unwrap(device, tlv)).Code);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(3072)]
    public void RsaOaepRefusesNon2048Keys(int bits)
    {
        using var key = RSA.Create(bits);
        Assert.Equal(ErrorCodes.UnsupportedEncryptionKey, Assert.Throws<McuBootException>(() => RsaOaepKeyWrap.Wrap(key, AesKey(16))).Code);
        Assert.Equal(ErrorCodes.UnsupportedEncryptionKey, Assert.Throws<McuBootException>(() => RsaOaepKeyWrap.Unwrap(key, new byte[bits / 8])).Code);
    }
}
