namespace McuBoot.Devicetree;

/// <summary>One comma-separated component of a property value: a string, a cell array, a byte string or a reference.</summary>
public sealed class DtsValue
{
    private DtsValue(DtsValueKind kind, string? text, IReadOnlyList<DtsCell>? cells, byte[]? bytes, int bits)
    {
        Kind = kind;
        Text = text;
        Cells = cells ?? [];
        Bytes = bytes ?? [];
        Bits = bits;
    }

    /// <summary>What this component is.</summary>
    public DtsValueKind Kind { get; }

    /// <summary>The string (<see cref="DtsValueKind.String"/>) or the referenced label/path (<see cref="DtsValueKind.Reference"/>).</summary>
    public string? Text { get; }

    /// <summary>The cells of a <see cref="DtsValueKind.Cells"/> component (empty otherwise).</summary>
    public IReadOnlyList<DtsCell> Cells { get; }

    /// <summary>The bytes of a <see cref="DtsValueKind.Bytes"/> component (empty otherwise).</summary>
    public IReadOnlyList<byte> Bytes { get; }

    /// <summary>Cell width in bits (<c>/bits/ N</c>; 32 by default).</summary>
    public int Bits { get; }

    /// <summary>A string component.</summary>
    public static DtsValue String(string text) => new(DtsValueKind.String, text, null, null, 32);

    /// <summary>A cell-array component.</summary>
    public static DtsValue CellArray(IReadOnlyList<DtsCell> cells, int bits = 32) => new(DtsValueKind.Cells, null, cells, null, bits);

    /// <summary>A byte-string component.</summary>
    public static DtsValue ByteString(byte[] bytes) => new(DtsValueKind.Bytes, null, null, bytes, 8);

    /// <summary>A reference component (<c>&amp;label</c> outside cells).</summary>
    public static DtsValue Ref(string target) => new(DtsValueKind.Reference, target, null, null, 32);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        DtsValueKind.String => $"\"{Text}\"",
        DtsValueKind.Cells => $"< {string.Join(' ', Cells)} >",
        DtsValueKind.Bytes => $"[ {Convert.ToHexStringLower(Bytes.ToArray())} ]",
        _ => "&" + Text,
    };
}
