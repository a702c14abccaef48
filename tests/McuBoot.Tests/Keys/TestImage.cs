using System.Buffers.Binary;

namespace McuBoot.Tests.Keys;

/// <summary>
/// A deliberately minimal reader of signed MCUboot images for the key tests (mcuboot-image-format.md §2, §3.1):
/// header sizes at offsets 8/10/12, the unprotected TLV area after the protected one.
/// </summary>
internal sealed class TestImage
{
    private TestImage(byte[] bytes, int signedLength, List<(ushort Type, byte[] Value)> tlvs)
    {
        Bytes = bytes;
        SignedLength = signedLength;
        Tlvs = tlvs;
    }

    public byte[] Bytes { get; }

    /// <summary>hdr_size + img_size + protect_tlv_size: the hashed / signed region.</summary>
    public int SignedLength { get; }

    public List<(ushort Type, byte[] Value)> Tlvs { get; }

    public ReadOnlySpan<byte> SignedRegion => Bytes.AsSpan(0, SignedLength);

    public static TestImage Read(string path)
    {
        var b = File.ReadAllBytes(path);
        var hdr = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(8));
        var prot = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(10));
        var img = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(12));
        var signed = hdr + img + prot;
        Assert.Equal(0x6907, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(signed)));
        var tot = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(signed + 2));
        var tlvs = new List<(ushort, byte[])>();
        for (var off = signed + 4; off < signed + tot;)
        {
            var type = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(off));
            var len = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(off + 2));
            tlvs.Add((type, b.AsSpan(off + 4, len).ToArray()));
            off += 4 + len;
        }

        return new TestImage(b, signed, tlvs);
    }

    public byte[] Tlv(ushort type) => Tlvs.Single(t => t.Type == type).Value;

    public (McuBoot.Image.ImageHashAlgorithm Algorithm, byte[] Digest) Hash()
    {
        var (type, value) = Tlvs.Single(t => t.Type is 0x10 or 0x11 or 0x12);
        var alg = type switch
        {
            0x10 => McuBoot.Image.ImageHashAlgorithm.Sha256,
            0x11 => McuBoot.Image.ImageHashAlgorithm.Sha384,
            _ => McuBoot.Image.ImageHashAlgorithm.Sha512,
        };
        return (alg, value);
    }
}
