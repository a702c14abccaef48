using McuBoot.Compression;
using McuBoot.Diagnostics;
using McuBoot.Tests.Encryption;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Compression;

public class Lzma2Tests
{
    private static byte[] CompressibleInput => File.ReadAllBytes(Path.Combine(TestPaths.Conformance, "inputs", "app-compressible.bin"));

    private static byte[] ExpectedBody(string name)
    {
        // These cases used --pad-header, so the whole input was compressed and the body is [hdr_size, hdr_size + img_size).
        var image = MinimalImage.Load(Path.Combine(TestPaths.Conformance, "expected", name + ".bin"));
        return image.Body;
    }

    [Theory]
    [InlineData("lzma2", false)]
    [InlineData("lzma2armthumb", true)]
    public void CompressMatchesImgtoolByteForByte(string name, bool armThumb)
    {
        var expected = ExpectedBody(name);
        var actual = Lzma2.Compress(CompressibleInput, armThumb);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
    }

    [Theory]
    [InlineData("lzma2", false)]
    [InlineData("lzma2armthumb", true)]
    public void DecompressImgtoolBodyGivesInput(string name, bool armThumb)
    {
        Assert.Equal(CompressibleInput, Lzma2.Decompress(ExpectedBody(name), armThumb));
    }

    [Theory]
    [InlineData("app-medium.bin", false)]
    [InlineData("app-medium.bin", true)]
    [InlineData("app-small.bin", true)]
    public void RoundTripsOtherInputs(string input, bool armThumb)
    {
        var data = File.ReadAllBytes(Path.Combine(TestPaths.Conformance, "inputs", input));
        var body = Lzma2.Compress(data, armThumb);
        Assert.Equal(0x0a, body[0]);
        Assert.Equal(0x66, body[1]);
        Assert.Equal(data, Lzma2.Decompress(body, armThumb));
    }

    [Fact]
    public void RoundTripsEmptyAndLargeRandomData()
    {
        Assert.Equal([], Lzma2.Decompress(Lzma2.Compress([], armThumb: false), armThumb: false));
        var random = new byte[3 * 1024 * 1024 + 17];
        new Random(42).NextBytes(random);
        Assert.Equal(random, Lzma2.Decompress(Lzma2.Compress(random, armThumb: true), armThumb: true));
    }

    [Theory]
    [InlineData(4096u, 0x00)]
    [InlineData(4097u, 0x01)]
    [InlineData(6144u, 0x01)]
    [InlineData(8192u, 0x02)]
    [InlineData(12288u, 0x03)]
    [InlineData(131072u, 0x0a)]
    [InlineData(1u, 0x00)]
    [InlineData(3u << 30, 0x27)]
    [InlineData((3u << 30) + 1, 0x28)]
    public void DictionarySizeCodeFollowsSpec(uint size, byte code)
    {
        Assert.Equal(code, Lzma2.DictionarySizeCode(size));
    }

    [Fact]
    public void PropertiesAreImgtools()
    {
        Assert.Equal(0x66, Lzma2.PropertiesByte(Lzma2.LiteralContextBits, Lzma2.LiteralPositionBits, Lzma2.PositionBits));
        Assert.Equal(131072u, Lzma2.DictionarySizeFromCode(0x0a));
        Assert.Equal(6144u, Lzma2.DictionarySizeFromCode(0x01));
        Assert.Contains("liblzma", Lzma2.NativeLibraryDescription);
    }

    public static TheoryData<string> CorruptBodies => new()
    {
        "",
        "0a",
        "0a66",
        "2966" + "00", // dictionary code 41
        "0ae1" + "00", // properties byte out of range
        "0a0d" + "00", // lc 4 + lp 1 > 4
    };

    [Theory]
    [MemberData(nameof(CorruptBodies))]
    public void BadHeadersAreCoded(string hex)
    {
        var ex = Assert.Throws<McuBootException>(() => Lzma2.Decompress(Convert.FromHexString(hex), armThumb: false));
        Assert.Equal(ErrorCodes.CorruptCompressedBody, ex.Code);
    }

    [Fact]
    public void CorruptStreamsAreCodedNeverOtherExceptions()
    {
        var body = ExpectedBody("lzma2");
        var truncated = body.AsSpan(0, body.Length - 10).ToArray();
        Assert.Equal(ErrorCodes.CorruptCompressedBody, Assert.Throws<McuBootException>(() => Lzma2.Decompress(truncated, false)).Code);

        var trailing = body.Concat(new byte[16]).ToArray();
        Assert.Equal(ErrorCodes.CorruptCompressedBody, Assert.Throws<McuBootException>(() => Lzma2.Decompress(trailing, false)).Code);

        var rng = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var mutated = (byte[])body.Clone();
            var position = HeaderLengthOrMore(rng, mutated.Length);
            mutated[position] ^= (byte)(1 << rng.Next(8));
            try
            {
                Lzma2.Decompress(mutated, armThumb: false, maxOutputLength: 1 << 20);
            }
            catch (McuBootException ex)
            {
                Assert.True(ex.Code is ErrorCodes.CorruptCompressedBody or ErrorCodes.DecompressedTooLarge, ex.Code);
            }
        }
    }

    [Fact]
    public void OutputLimitIsEnforced()
    {
        var body = ExpectedBody("lzma2");
        var ex = Assert.Throws<McuBootException>(() => Lzma2.Decompress(body, armThumb: false, maxOutputLength: 1000));
        Assert.Equal(ErrorCodes.DecompressedTooLarge, ex.Code);
    }

    private static int HeaderLengthOrMore(Random rng, int length) => rng.Next(Lzma2.HeaderLength, length);
}
