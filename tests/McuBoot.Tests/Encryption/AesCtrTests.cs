using System.Buffers.Binary;
using System.Security.Cryptography;
using McuBoot.Diagnostics;
using McuBoot.Encryption;

namespace McuBoot.Tests.Encryption;

public class AesCtrTests
{
    /// <summary>Straightforward reference: ECB-encrypt counter block i (128-bit big-endian) one block at a time.</summary>
    private static byte[] Reference(byte[] key, byte[] input, long startOffset)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var output = new byte[input.Length];
        var block = new byte[16];
        for (var i = 0; i < input.Length; i++)
        {
            var streamPosition = startOffset + i;
            if (i == 0 || streamPosition % 16 == 0)
            {
                var counter = new byte[16];
                BinaryPrimitives.WriteUInt64BigEndian(counter.AsSpan(8), (ulong)(streamPosition / 16));
                block = aes.EncryptEcb(counter, PaddingMode.None);
            }

            output[i] = (byte)(input[i] ^ block[streamPosition % 16]);
        }

        return output;
    }

    private static byte[] Random(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Theory]
    [InlineData(16, 0, 0)]
    [InlineData(16, 1, 0)]
    [InlineData(16, 15, 0)]
    [InlineData(16, 16, 0)]
    [InlineData(16, 17, 0)]
    [InlineData(32, 1000, 0)]
    [InlineData(16, 100, 7)]
    [InlineData(32, 100, 15)]
    [InlineData(16, 3, 13)]
    [InlineData(32, 70000, 3)]
    [InlineData(16, 200000, 16 * 4095)]
    public void MatchesReference(int keyLength, int length, long startOffset)
    {
        var key = Random(keyLength, 1);
        var input = Random(length, 2);
        Assert.Equal(Reference(key, input, startOffset), AesCtr.Transform(key, input, startOffset));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(33)]
    [InlineData(4097)]
    [InlineData(65536 + 3)]
    public void ChunkedEqualsWhole(int chunkSize)
    {
        var key = Random(16, 3);
        var input = Random(150_000, 4);
        var whole = AesCtr.Transform(key, input);
        var chunked = new byte[input.Length];
        for (var offset = 0; offset < input.Length; offset += chunkSize)
        {
            var n = Math.Min(chunkSize, input.Length - offset);
            AesCtr.Transform(key, input.AsSpan(offset, n), chunked.AsSpan(offset, n), offset);
        }

        Assert.Equal(whole, chunked);
    }

    [Fact]
    public void InPlaceAndRoundTrip()
    {
        var key = Random(32, 5);
        var original = Random(10_001, 6);
        var buffer = (byte[])original.Clone();
        AesCtr.Transform(key, buffer, buffer, 0);
        Assert.Equal(Reference(key, original, 0), buffer);
        AesCtr.Transform(key, buffer, buffer, 0);
        Assert.Equal(original, buffer);
    }

    [Fact]
    public void FirstBlockIsEcbOfZeroCounter()
    {
        // §6.3: the initial counter block is 16 zero bytes, so the first key-stream block is AES(K, 0^128).
        var key = Random(16, 7);
        using var aes = Aes.Create();
        aes.Key = key;
        Assert.Equal(aes.EncryptEcb(new byte[16], PaddingMode.None), AesCtr.Transform(key, new byte[16]));
    }

    [Fact]
    public void SixteenMebibytesMatchesChunkedReferenceSpotChecks()
    {
        var key = Random(16, 8);
        var data = Random(16 * 1024 * 1024, 9);
        var encrypted = AesCtr.Transform(key, data);
        foreach (var offset in new[] { 0, 123_457, 8 * 1024 * 1024 + 5, data.Length - 40 })
        {
            var slice = data.AsSpan(offset, 40).ToArray();
            Assert.Equal(Reference(key, slice, offset), encrypted.AsSpan(offset, 40).ToArray());
        }
    }

    [Fact]
    public void BadKeyLengthIsCoded()
    {
        var ex = Assert.Throws<McuBootException>(() => AesCtr.Transform(new byte[24], new byte[4]));
        Assert.Equal(ErrorCodes.InvalidAesKeyLength, ex.Code);
    }

    [Fact]
    public void PartialOverlapIsRejected()
    {
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => AesCtr.Transform(new byte[16], buffer.AsSpan(0, 32), buffer.AsSpan(8, 32)));
    }
}
