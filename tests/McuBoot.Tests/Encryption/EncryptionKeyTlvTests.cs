using McuBoot.Diagnostics;
using McuBoot.Encryption;

namespace McuBoot.Tests.Encryption;

public class EncryptionKeyTlvTests
{
    [Theory]
    [InlineData(0x30, 256, 256)]
    [InlineData(0x31, 24, 40)]
    [InlineData(0x32, 113, 129)]
    [InlineData(0x33, 80, 96)]
    [InlineData(0x34, 112, 128)]
    public void LengthsMatchSpecTable(ushort type, int length128, int length256)
    {
        Assert.True(EncryptionKeyTlv.IsKeyTlv(type));
        Assert.Equal(length128, EncryptionKeyTlv.ValueLength(type, 16));
        Assert.Equal(length256, EncryptionKeyTlv.ValueLength(type, 32));
        EncryptionKeyTlv.Validate(type, length128, 16);
        EncryptionKeyTlv.Validate(type, length256);
        if (type != EncryptionKeyTlv.EncRsa2048)
        {
            Assert.True(EncryptionKeyTlv.TryGetAesKeyLength(type, length128, out var k1));
            Assert.Equal(16, k1);
            Assert.True(EncryptionKeyTlv.TryGetAesKeyLength(type, length256, out var k2));
            Assert.Equal(32, k2);
        }
    }

    [Fact]
    public void BadLengthsAndTypesAreCoded()
    {
        // imgtool's RSA-3072 -E output: a 384-byte ENCRSA2048 TLV bootutil rejects (§11 item 3).
        var ex = Assert.Throws<McuBootException>(() => EncryptionKeyTlv.Validate(EncryptionKeyTlv.EncRsa2048, 384, file: "/x/image.bin"));
        Assert.Equal(ErrorCodes.InvalidEncryptionKeyTlv, ex.Code);
        Assert.Contains("ENCRSA2048", ex.Message);
        Assert.Equal(ErrorCodes.InvalidEncryptionKeyTlv, Assert.Throws<McuBootException>(() => EncryptionKeyTlv.Validate(EncryptionKeyTlv.EncEc256, 129, 16)).Code);
        Assert.Equal(ErrorCodes.InvalidEncryptionKeyTlv, Assert.Throws<McuBootException>(() => EncryptionKeyTlv.Validate(0x10, 32)).Code);
        Assert.False(EncryptionKeyTlv.IsKeyTlv(0x35));
        Assert.False(EncryptionKeyTlv.TryGetAesKeyLength(EncryptionKeyTlv.EncRsa2048, 256, out _));
        Assert.False(EncryptionKeyTlv.TryGetAesKeyLength(EncryptionKeyTlv.EncX25519, 81, out _));
    }
}
