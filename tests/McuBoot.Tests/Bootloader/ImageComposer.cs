using System.Buffers.Binary;
using McuBoot.Bootloader;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Tests.Bootloader;

/// <summary>
/// Builds MCUboot images byte by byte for the validator tests, including ones no signing tool writes: TLVs in any area
/// and order, several hash/key/signature TLVs, wrong lengths, understated or overstated TLV totals. Hash, key-hash and
/// signature TLVs are computed from the final hashed region, so a tampered image is exactly what an attacker would build.
/// </summary>
internal sealed class ImageComposer
{
    private readonly List<Func<byte[], byte[], TlvEntry>> _unprotected = [];

    public ushort HeaderSize { get; set; } = 0x200;

    public int BodySize { get; set; } = 3000;

    public ImageFlags Flags { get; set; }

    public uint LoadAddress { get; set; }

    public ImageVersion Version { get; set; } = new(1, 2, 3, 0);

    public List<TlvEntry> Protected { get; } = [];

    /// <summary>Added to the unprotected area's it_tlv_tot (negative: understated).</summary>
    public int UnprotectedTotalDelta { get; set; }

    /// <summary>Bytes appended after the TLV area.</summary>
    public byte[] Tail { get; set; } = [];

    /// <summary>When set, the header's ih_protect_tlv_size (else the real protected size).</summary>
    public ushort? ProtectedSizeInHeader { get; set; }

    /// <summary>Bytes (the unprotected info is written by the composer) appended after the unprotected TLVs, within its total.</summary>
    public byte[] UnprotectedFiller { get; set; } = [];

    public static McuBootKey KeyA => Keys.Value.A;

    public static McuBootKey KeyB => Keys.Value.B;

    public static McuBootKey KeyC => Keys.Value.C;

    private static readonly Lazy<(McuBootKey A, McuBootKey B, McuBootKey C)> Keys = new(() =>
        (McuBootKey.Generate(KeyType.Ed25519), McuBootKey.Generate(KeyType.Ed25519), McuBootKey.Generate(KeyType.Ed25519)));

    public static BootloaderKey Bootloader(McuBootKey key) => BootloaderKey.FromKey(key);

    /// <summary>Ed25519 bootloader with the given keys, SHA-256, allow-list on, swap-move, no slot size.</summary>
    public static BootloaderConfig Config(params McuBootKey[] keys) => new()
    {
        SignatureType = keys.Length == 0 ? BootloaderSignatureType.None : BootloaderKey.FromKey(keys[0]).SignatureType,
        Keys = keys.Select(BootloaderKey.FromKey).ToList(),
    };

    public ImageComposer Raw(ushort type, byte[] value)
    {
        _unprotected.Add((_, _) => new TlvEntry(type, value));
        return this;
    }

    public ImageComposer Hash(ImageHashAlgorithm alg = ImageHashAlgorithm.Sha256)
    {
        _unprotected.Add((region, _) => new TlvEntry(TlvType.ForHash(alg), alg.Hash(region)));
        return this;
    }

    public ImageComposer WrongHash(ImageHashAlgorithm alg = ImageHashAlgorithm.Sha256)
    {
        _unprotected.Add((region, _) =>
        {
            var h = alg.Hash(region);
            h[0] ^= 0xff;
            return new TlvEntry(TlvType.ForHash(alg), h);
        });
        return this;
    }

    public ImageComposer KeyHash(McuBootKey key, ImageHashAlgorithm alg = ImageHashAlgorithm.Sha256, int? length = null)
    {
        var hash = alg.Hash(key.GetPublicKeyBytes());
        _unprotected.Add((_, _) => new TlvEntry(TlvType.KeyHash, hash[..(length ?? hash.Length)]));
        return this;
    }

    public ImageComposer PublicKey(McuBootKey key)
    {
        _unprotected.Add((_, _) => new TlvEntry(TlvType.PublicKey, key.GetPublicKeyBytes()));
        return this;
    }

    /// <summary>A signature over the SHA-256 (or <paramref name="alg"/>) digest of the hashed region.</summary>
    public ImageComposer Signature(McuBootKey key, ImageHashAlgorithm alg = ImageHashAlgorithm.Sha256)
    {
        _unprotected.Add((region, _) =>
        {
            using var signer = SignerFactory.CreateSigner(key);
            return new TlvEntry(SignatureAlgorithms.SignatureTlvType(key.Type), signer.SignDigest(alg.Hash(region), alg));
        });
        return this;
    }

    public ImageComposer PureSignature(McuBootKey key)
    {
        _unprotected.Add((region, _) =>
        {
            using var signer = SignerFactory.CreateSigner(key);
            return new TlvEntry(TlvType.Ed25519, signer.SignMessage(region));
        });
        return this;
    }

    public ImageComposer GarbageSignature(ushort type = TlvType.Ed25519, int length = 64)
    {
        _unprotected.Add((_, _) => new TlvEntry(type, Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray()));
        return this;
    }

    /// <summary>The usual signed image: hash, key hash, signature.</summary>
    public static ImageComposer Signed(McuBootKey key) => new ImageComposer().Hash().KeyHash(key).Signature(key);

    public byte[] Build()
    {
        var body = new byte[BodySize];
        new Random(BodySize).NextBytes(body);
        byte[] prot = Area(TlvType.ProtectedInfoMagic, Protected, 0);
        if (Protected.Count == 0)
        {
            prot = [];
        }

        var head = new byte[Math.Max(HeaderSize + BodySize, ImageHeader.Size)];
        var header = new ImageHeader(LoadAddress, HeaderSize, ProtectedSizeInHeader ?? (ushort)prot.Length, (uint)BodySize, Flags, Version);
        body.CopyTo(head, HeaderSize);
        header.WriteTo(head, ByteOrder.LittleEndian);
        byte[] region = [.. head, .. prot];
        var entries = _unprotected.Select(f => f(region, [])).ToList();
        byte[] unprot = Area(TlvType.InfoMagic, entries, UnprotectedTotalDelta, UnprotectedFiller);
        return [.. region, .. unprot, .. Tail];
    }

    private static byte[] Area(ushort magic, List<TlvEntry> entries, int delta, byte[]? filler = null)
    {
        int size = 4 + entries.Sum(e => 4 + e.Value.Length) + (filler?.Length ?? 0);
        var area = new byte[size];
        BinaryPrimitives.WriteUInt16LittleEndian(area, magic);
        BinaryPrimitives.WriteUInt16LittleEndian(area.AsSpan(2), (ushort)(size + delta));
        int at = 4;
        foreach (var e in entries)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(area.AsSpan(at), e.Type);
            BinaryPrimitives.WriteUInt16LittleEndian(area.AsSpan(at + 2), (ushort)e.Value.Length);
            e.Value.CopyTo(area, at + 4);
            at += 4 + e.Value.Length;
        }

        filler?.CopyTo(area, at);
        return area;
    }
}

/// <summary>A TLV for <see cref="ImageComposer"/>.</summary>
internal sealed record TlvEntry(ushort Type, byte[] Value);
