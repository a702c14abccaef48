using McuBoot.Diagnostics;
using McuBoot.Encryption;

namespace McuBoot.Tests.Encryption;

public sealed class AesKeyFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("mcuboot-kek-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void LoadsRawKeys(int length)
    {
        var key = Enumerable.Range(1, length).Select(i => (byte)i).ToArray();
        Assert.Equal(key, AesKeyFile.Load(Write("k.bin", key)));
    }

    [Theory]
    [InlineData(16, "\n")]
    [InlineData(32, "")]
    [InlineData(16, "\r\n")]
    public void LoadsBase64Text(int length, string trailer)
    {
        var key = Enumerable.Range(100, length).Select(i => (byte)i).ToArray();
        var text = System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + trailer);
        Assert.Equal(key, AesKeyFile.Load(Write("k.b64", text)));
    }

    [Fact]
    public void McubootSampleKekLoadsAndUnwraps()
    {
        // Base64 text like MCUboot's enc-aes128kw.b64; wrap with it and unwrap again.
        var kek = AesKeyFile.Load(Write("enc-aes128kw.b64", "d1HPi8ZUBKMjhMlIlgajNw==\n"u8.ToArray()));
        Assert.Equal(16, kek.Length);
        var aesKey = Enumerable.Range(0, 16).Select(i => (byte)(i * 7)).ToArray();
        Assert.Equal(aesKey, AesKeyWrap.Unwrap(kek, AesKeyWrap.Wrap(kek, aesKey)));
    }

    [Fact]
    public void RejectsOtherContentWithFileName()
    {
        var path = Write("bad.pem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"u8.ToArray());
        var ex = Assert.Throws<McuBootException>(() => AesKeyFile.Load(path));
        Assert.Equal(ErrorCodes.InvalidAesKeyFile, ex.Code);
        Assert.Equal(path, ex.File);
        Assert.Contains(path, ex.Message);
        Assert.Contains("base64", ex.Message);

        var short24 = Write("k24.b64", System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(new byte[24])));
        Assert.Equal(ErrorCodes.InvalidAesKeyFile, Assert.Throws<McuBootException>(() => AesKeyFile.Load(short24)).Code);
        Assert.Equal(ErrorCodes.InvalidAesKeyFile, Assert.Throws<McuBootException>(() => AesKeyFile.Load(Path.Combine(directory, "missing.b64"))).Code);
    }
}
