using System.Buffers.Binary;

namespace McuBoot.Tests.Encryption;

/// <summary>
/// A deliberately minimal little-endian MCUboot image parser for the encryption/compression tests
/// (mcuboot-image-format.md §2.1, §3.1), independent of the library's own image reader.
/// </summary>
internal sealed class MinimalImage
{
    private MinimalImage(byte[] bytes)
    {
        Bytes = bytes;
        HeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        ProtectedTlvSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(10));
        ImageSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        Flags = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16));

        var offset = HeaderSize + ImageSize;
        if (ProtectedTlvSize != 0)
        {
            Assert.Equal(0x6908, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset)));
            ReadTlvs(offset + 4, offset + ProtectedTlvSize, ProtectedTlvs);
            offset += ProtectedTlvSize;
        }

        Assert.Equal(0x6907, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset)));
        var total = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 2));
        ReadTlvs(offset + 4, offset + total, UnprotectedTlvs);
    }

    public byte[] Bytes { get; }

    public int HeaderSize { get; }

    public int ProtectedTlvSize { get; }

    public int ImageSize { get; }

    public uint Flags { get; }

    public List<(ushort Type, byte[] Value)> ProtectedTlvs { get; } = [];

    public List<(ushort Type, byte[] Value)> UnprotectedTlvs { get; } = [];

    /// <summary>The body <c>[hdr_size, hdr_size + img_size)</c>.</summary>
    public byte[] Body => Bytes.AsSpan(HeaderSize, ImageSize).ToArray();

    /// <summary>The hashed region <c>[0, hdr_size + img_size + protect_tlv_size)</c> (§4.1).</summary>
    public byte[] HashedRegion => Bytes.AsSpan(0, HeaderSize + ImageSize + ProtectedTlvSize).ToArray();

    public static MinimalImage Load(string path) => new(File.ReadAllBytes(path));

    public byte[] Unprotected(ushort type) => UnprotectedTlvs.Single(t => t.Type == type).Value;

    private void ReadTlvs(int start, int end, List<(ushort, byte[])> into)
    {
        var position = start;
        while (position < end)
        {
            var type = BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(position));
            var length = BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(position + 2));
            into.Add((type, Bytes.AsSpan(position + 4, length).ToArray()));
            position += 4 + length;
        }

        Assert.Equal(end, position);
    }
}
