using FsCheck;
using FsCheck.Fluent;
using McuBoot.Image;

namespace McuBoot.Tests.Properties;

/// <summary>
/// FsCheck generators of <see cref="Corruption"/>s: bit flips, byte and run overwrites, truncations, insertions and
/// appended tails, edits of TLV length and type fields and of the info headers, header field edits (magic, sizes,
/// flags, version) and trailer edits. Offsets lean towards the authenticated part of the image.
/// </summary>
internal static class CorruptionGenerator
{
    private static readonly ushort[] InterestingTypes =
    [
        TlvType.KeyHash, TlvType.PublicKey, TlvType.Sha256, TlvType.Sha384, TlvType.Sha512, TlvType.Rsa2048, TlvType.EcdsaSig,
        TlvType.Rsa3072, TlvType.Ed25519, TlvType.SigPure, TlvType.EncRsa2048, TlvType.EncKw, TlvType.EncEc256, TlvType.EncX25519,
        TlvType.EncX25519Sha512, TlvType.Dependency, TlvType.SecurityCounter, TlvType.BootRecord, TlvType.DecompSize, TlvType.DecompSha,
        TlvType.DecompSignature, TlvType.CompDecSize, TlvType.UuidVid, TlvType.UuidCid, 0x00a0, 0x6907, 0x6908, 0x0000, 0xffff,
    ];

    /// <summary>Corruptions of the <paramref name="bases"/>, each getting its <see cref="CorruptionBase.Weight"/> share.</summary>
    public static Gen<Corruption> For(IReadOnlyList<CorruptionBase> bases) =>
        Gen.Frequency(bases.Select((b, i) => (b.Weight, For(i, b))).ToArray());

    private static Gen<Corruption> For(int index, CorruptionBase b)
    {
        int length = b.Bytes.Length;
        int tlvEnd = (int)b.TlvEnd;
        var order = b.Parsed.ByteOrder;
        var offset = Gen.Frequency((5, Gen.Choose(0, tlvEnd - 1)), (1, Gen.Choose(0, length - 1)));
        var tlvHeaders = b.TlvHeaderOffsets.ToArray();
        var choices = new List<(int, Gen<Corruption>)>
        {
            (6, from o in offset from bit in Gen.Choose(0, 7) select new Corruption(index, CorruptionKind.BitFlip, o, 1, (uint)bit, [])),
            (3, from o in offset from v in Gen.Choose(0, 255) select new Corruption(index, CorruptionKind.ByteOverwrite, o, 1, (uint)v, [])),
            (2, from o in offset from bytes in Bytes(2, 16) select new Corruption(index, CorruptionKind.RunOverwrite, o, bytes.Length, 0, bytes)),
            (2, from n in Gen.Frequency((4, Gen.Choose(0, tlvEnd - 1)), (1, Gen.Choose(0, length - 1))) select new Corruption(index, CorruptionKind.Truncate, n, 0, 0, [])),
            (2, from o in Gen.Choose(0, tlvEnd - 1) from bytes in Bytes(1, 16) select new Corruption(index, CorruptionKind.Insert, o, bytes.Length, 0, bytes)),
            (1, from bytes in Bytes(1, 64) select new Corruption(index, CorruptionKind.Append, length, bytes.Length, 0, bytes)),
            (4, from o in Gen.Elements(tlvHeaders) from v in Around(order.ReadUInt16(b.Bytes.AsSpan(o + 2)), 0xffff) select new Corruption(index, CorruptionKind.TlvLengthEdit, o, 2, v, [])),
            (2, from o in Gen.Elements(tlvHeaders) from v in Gen.Frequency((3, Gen.Elements(InterestingTypes).Select(t => (uint)t)), (1, Gen.Choose(0, 0xffff).Select(t => (uint)t))) select new Corruption(index, CorruptionKind.TlvTypeEdit, o, 2, v, [])),
            (4, from f in Gen.Elements(Corruption.HeaderFields) from v in Around(Read(b, f.Offset, f.Width), f.Width == 4 ? uint.MaxValue : f.Width == 2 ? 0xffffu : 0xffu) select new Corruption(index, CorruptionKind.HeaderFieldEdit, f.Offset, f.Width, v, [])),
        };

        if (length > tlvEnd)
        {
            choices.Add((1, from o in Gen.Choose(tlvEnd, length - 1) from bytes in Bytes(1, 32) select new Corruption(index, CorruptionKind.TrailerEdit, o, bytes.Length, 0, bytes)));
        }

        return Gen.Frequency(choices.ToArray());
    }

    /// <summary>A value near <paramref name="current"/> (off by a little), an edge value, or anything up to <paramref name="max"/>.</summary>
    private static Gen<uint> Around(uint current, uint max) =>
        Gen.Frequency(
            (3, Gen.Choose(-16, 16).Where(d => d != 0).Select(d => (uint)((long)current + d) & max)),
            (1, Gen.Elements(0u, max, max >> 1, (max >> 1) + 1, 4u, 32u)),
            (2, Gen.Choose(0, 0xffff).SelectMany(hi => Gen.Choose(0, 0xffff).Select(lo => (((uint)hi << 16) | (uint)lo) & max))));

    private static uint Read(CorruptionBase b, int offset, int width) => width switch
    {
        1 => b.Bytes[offset],
        2 => b.Parsed.ByteOrder.ReadUInt16(b.Bytes.AsSpan(offset)),
        _ => b.Parsed.ByteOrder.ReadUInt32(b.Bytes.AsSpan(offset)),
    };

    private static Gen<byte[]> Bytes(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.Choose(0, 255).Select(v => (byte)v).ArrayOf(n));
}
