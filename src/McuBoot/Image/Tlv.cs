namespace McuBoot.Image;

/// <summary>One TLV entry: a 16-bit type and its value (mcuboot-image-format.md §3.1).</summary>
public sealed record Tlv(ushort Type, byte[] Value)
{
    /// <summary>Encoded size: 4-byte entry header plus the value.</summary>
    public int EncodedLength => 4 + Value.Length;

    /// <summary>imgtool's name for the type.</summary>
    public string Name => TlvType.NameOf(Type);
}
