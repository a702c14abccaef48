using McuBoot.Diagnostics;
using McuBoot.Encryption;

namespace McuBoot.Tests.Encryption;

public class AesKeyWrapTests
{
    private const string Kek128 = "000102030405060708090A0B0C0D0E0F";
    private const string Kek192 = "000102030405060708090A0B0C0D0E0F1011121314151617";
    private const string Kek256 = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
    private const string Key128 = "00112233445566778899AABBCCDDEEFF";
    private const string Key192 = "00112233445566778899AABBCCDDEEFF0001020304050607";
    private const string Key256 = "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F";

    // RFC 3394 §4.1–§4.6.
    public static TheoryData<string, string, string> Rfc3394Vectors => new()
    {
        { Kek128, Key128, "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5" },
        { Kek192, Key128, "96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D" },
        { Kek256, Key128, "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7" },
        { Kek192, Key192, "031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2" },
        { Kek256, Key192, "A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1" },
        { Kek256, Key256, "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21" },
    };

    [Theory]
    [MemberData(nameof(Rfc3394Vectors))]
    public void WrapMatchesRfc3394Vector(string kek, string key, string wrapped)
    {
        Assert.Equal(wrapped, Convert.ToHexString(AesKeyWrap.Wrap(Convert.FromHexString(kek), Convert.FromHexString(key))));
    }

    [Theory]
    [MemberData(nameof(Rfc3394Vectors))]
    public void UnwrapMatchesRfc3394Vector(string kek, string key, string wrapped)
    {
        Assert.Equal(key, Convert.ToHexString(AesKeyWrap.Unwrap(Convert.FromHexString(kek), Convert.FromHexString(wrapped))));
    }

    [Fact]
    public void WrappedLengthsMatchEncKwTlv()
    {
        var kek16 = new byte[16];
        var kek32 = new byte[32];
        Assert.Equal(EncryptionKeyTlv.ValueLength(EncryptionKeyTlv.EncKw, 16), AesKeyWrap.Wrap(kek16, new byte[16]).Length);
        Assert.Equal(EncryptionKeyTlv.ValueLength(EncryptionKeyTlv.EncKw, 32), AesKeyWrap.Wrap(kek32, new byte[32]).Length);
    }

    [Fact]
    public void TamperedWrapFailsIntegrityCheck()
    {
        var wrapped = Convert.FromHexString("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
        wrapped[10] ^= 0x01;
        var ex = Assert.Throws<McuBootException>(() => AesKeyWrap.Unwrap(Convert.FromHexString(Kek128), wrapped));
        Assert.Equal(ErrorCodes.KeyUnwrapFailed, ex.Code);
    }

    [Fact]
    public void WrongKekFailsIntegrityCheck()
    {
        var wrapped = Convert.FromHexString("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
        var ex = Assert.Throws<McuBootException>(() => AesKeyWrap.Unwrap(new byte[16], wrapped));
        Assert.Equal(ErrorCodes.KeyUnwrapFailed, ex.Code);
    }

    [Theory]
    [InlineData(15, 16)]
    [InlineData(16, 12)]
    [InlineData(16, 20)]
    public void BadLengthsAreCoded(int kekLength, int keyLength)
    {
        var ex = Assert.Throws<McuBootException>(() => AesKeyWrap.Wrap(new byte[kekLength], new byte[keyLength]));
        Assert.Equal(ErrorCodes.InvalidAesKeyLength, ex.Code);
        var ex2 = Assert.Throws<McuBootException>(() => AesKeyWrap.Unwrap(new byte[16], new byte[20]));
        Assert.Equal(ErrorCodes.InvalidEncryptionKeyTlv, ex2.Code);
    }
}
