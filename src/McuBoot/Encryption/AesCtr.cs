// Spec: mcuboot-image-format.md §6.3 (body encryption) and NIST SP 800-38A §6.5 (CTR mode).
using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using McuBoot.Diagnostics;

namespace McuBoot.Encryption;

/// <summary>
/// AES-CTR exactly as MCUboot uses it (mcuboot-image-format.md §6.3): the counter block is a 128-bit
/// big-endian integer that starts at 0 for the first byte of the stream and increases by one per 16-byte block.
/// Encryption and decryption are the same operation. Works in place (<c>input</c> and <c>output</c> the same
/// memory) and in chunks (pass the chunk's byte offset in the stream as <c>startOffset</c>; it may be mid-block).
/// </summary>
public static class AesCtr
{
    /// <summary>AES block size in bytes.</summary>
    public const int BlockSize = 16;

    /// <summary>Counter blocks encrypted per ECB call (64 KiB of key stream).</summary>
    private const int BatchBlocks = 4096;

    /// <summary>
    /// XORs <paramref name="input"/> with the AES-CTR key stream starting at stream byte <paramref name="startOffset"/>
    /// and writes the result to <paramref name="output"/> (which may be the same memory as <paramref name="input"/>).
    /// </summary>
    /// <param name="key">AES-128 or AES-256 key (16 or 32 bytes).</param>
    /// <param name="input">Plaintext or ciphertext.</param>
    /// <param name="output">Receives <c>input.Length</c> bytes; must not partially overlap <paramref name="input"/>.</param>
    /// <param name="startOffset">Byte offset of <paramref name="input"/>[0] within the whole CTR stream (0 = first block, counter 0).</param>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidAesKeyLength"/> when the key is not 16 or 32 bytes.</exception>
    public static void Transform(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, Span<byte> output, long startOffset = 0)
    {
        ValidateKey(key);
        ArgumentOutOfRangeException.ThrowIfNegative(startOffset);
        if (output.Length < input.Length)
        {
            throw new ArgumentException($"The output span ({output.Length} bytes) is shorter than the input ({input.Length} bytes).", nameof(output));
        }

        if (input.Overlaps(output, out var elementOffset) && elementOffset != 0)
        {
            throw new ArgumentException("Input and output may be the same memory but must not partially overlap.", nameof(output));
        }

        if (input.IsEmpty)
        {
            return;
        }

        using var aes = Aes.Create();
        aes.SetKey(key);

        var skip = (int)(startOffset % BlockSize);
        var counter = (UInt128)(ulong)(startOffset / BlockSize);
        var totalBlocks = ((long)skip + input.Length + BlockSize - 1) / BlockSize;
        var batchBlocks = (int)Math.Min(BatchBlocks, totalBlocks);
        var counters = ArrayPool<byte>.Shared.Rent(batchBlocks * BlockSize);
        var keyStream = ArrayPool<byte>.Shared.Rent(batchBlocks * BlockSize);
        try
        {
            var position = 0;
            while (position < input.Length)
            {
                var remaining = input.Length - position;
                var blocks = (int)Math.Min(batchBlocks, ((long)skip + remaining + BlockSize - 1) / BlockSize);
                var counterSpan = counters.AsSpan(0, blocks * BlockSize);
                for (var i = 0; i < blocks; i++)
                {
                    BinaryPrimitives.WriteUInt128BigEndian(counterSpan.Slice(i * BlockSize, BlockSize), unchecked(counter + (uint)i));
                }

                counter = unchecked(counter + (uint)blocks);
                aes.EncryptEcb(counterSpan, keyStream, PaddingMode.None);

                var count = Math.Min(remaining, (blocks * BlockSize) - skip);
                Xor(input.Slice(position, count), keyStream.AsSpan(skip, count), output.Slice(position, count));
                position += count;
                skip = 0;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyStream);
            ArrayPool<byte>.Shared.Return(counters);
            ArrayPool<byte>.Shared.Return(keyStream);
        }
    }

    /// <summary>Returns a new array holding <paramref name="input"/> transformed with the key stream starting at <paramref name="startOffset"/>.</summary>
    public static byte[] Transform(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, long startOffset = 0)
    {
        var output = new byte[input.Length];
        Transform(key, input, output, startOffset);
        return output;
    }

    internal static void ValidateKey(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 32))
        {
            throw new McuBootException(
                ErrorCodes.InvalidAesKeyLength,
                $"The AES key is {key.Length} bytes; MCUboot uses AES-128 (16 bytes) or AES-256 (32 bytes) keys.");
        }
    }

    private static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<byte>.Count;
            for (; i <= a.Length - width; i += width)
            {
                (new Vector<byte>(a.Slice(i, width)) ^ new Vector<byte>(b.Slice(i, width))).CopyTo(destination.Slice(i, width));
            }
        }

        for (; i < a.Length; i++)
        {
            destination[i] = (byte)(a[i] ^ b[i]);
        }
    }
}
