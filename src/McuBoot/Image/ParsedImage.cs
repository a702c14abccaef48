namespace McuBoot.Image;

/// <summary>An image read by <see cref="ImageReader"/>: header, both TLV areas and, if present, the trailer.</summary>
public sealed class ParsedImage
{
    public required ImageHeader Header { get; init; }

    public required ByteOrder ByteOrder { get; init; }

    /// <summary>Offset of the protected info header, or -1 when there is no protected area.</summary>
    public long ProtectedAreaOffset { get; init; } = -1;

    /// <summary><c>it_tlv_tot</c> of the protected area (0 when absent).</summary>
    public int ProtectedAreaSize { get; init; }

    public IReadOnlyList<ParsedTlv> ProtectedTlvs { get; init; } = [];

    public required long UnprotectedAreaOffset { get; init; }

    public required int UnprotectedAreaSize { get; init; }

    public IReadOnlyList<ParsedTlv> UnprotectedTlvs { get; init; } = [];

    /// <summary>End of all TLVs: <c>hdr + img + ptlv + unprotected total</c>.</summary>
    public long TlvEnd => UnprotectedAreaOffset + UnprotectedAreaSize;

    /// <summary>The file length.</summary>
    public required long FileLength { get; init; }

    /// <summary>Trailer, when the file has bytes after the TLVs.</summary>
    public ParsedTrailer? Trailer { get; init; }

    /// <summary>Every TLV, protected first.</summary>
    public IEnumerable<ParsedTlv> AllTlvs => ProtectedTlvs.Concat(UnprotectedTlvs);

    /// <summary>The first TLV of a type in either area, or null.</summary>
    public ParsedTlv? Find(ushort type) => AllTlvs.FirstOrDefault(t => t.Type == type);

    /// <summary>End of the hashed region: <c>hdr + img + ptlv</c>.</summary>
    public long HashedRegionEnd => Header.TlvOffset + Header.ProtectedTlvSize;
}
