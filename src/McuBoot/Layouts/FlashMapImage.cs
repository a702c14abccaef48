namespace McuBoot.Layouts;

/// <summary>A signed image placed in its slot: where the image and its trailer go, and by how much they overflow.</summary>
/// <param name="File">The image file.</param>
/// <param name="ImageIndex">The MCUboot image it belongs to.</param>
/// <param name="Slot">The slot partition it is placed in.</param>
/// <param name="Region">The slot's region.</param>
/// <param name="SlotAddress">Slot start (device-relative).</param>
/// <param name="SlotSize">Slot size.</param>
/// <param name="HeaderSize">The image header size.</param>
/// <param name="ImageSize">Header + code + TLVs (what is written from the slot start).</param>
/// <param name="TrailerSize">The trailer MCUboot keeps at the slot end (imgtool's size for the write alignment and 128 sectors).</param>
public sealed record FlashMapImage(string File, int ImageIndex, string Slot, string Region, ulong SlotAddress, ulong SlotSize, int HeaderSize, ulong ImageSize, ulong TrailerSize)
{
    /// <summary>Bytes by which image + trailer exceed the slot (0 when it fits).</summary>
    public ulong Overflow => ImageSize + TrailerSize > SlotSize ? ImageSize + TrailerSize - SlotSize : 0;

    /// <summary>Free bytes between the image and the trailer.</summary>
    public ulong Free => ImageSize + TrailerSize < SlotSize ? SlotSize - ImageSize - TrailerSize : 0;
}
