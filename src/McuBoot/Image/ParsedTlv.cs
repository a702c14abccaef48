namespace McuBoot.Image;

/// <summary>A TLV as found in an image: its type, where its value starts (absolute file offset) and the value.</summary>
public sealed record ParsedTlv(ushort Type, long Offset, byte[] Value, bool Protected)
{
    public string Name => TlvType.NameOf(Type);
}
