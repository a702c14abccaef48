namespace McuBoot.Image;

/// <summary>Header flags <c>ih_flags</c> (mcuboot-image-format.md §2.2).</summary>
[Flags]
public enum ImageFlags : uint
{
    None = 0,
    Pic = 0x0000_0001,
    EncryptedAes128 = 0x0000_0004,
    EncryptedAes256 = 0x0000_0008,
    NonBootable = 0x0000_0010,
    RamLoad = 0x0000_0020,
    RomFixed = 0x0000_0100,
    CompressedLzma1 = 0x0000_0200,
    CompressedLzma2 = 0x0000_0400,
    CompressedArmThumb = 0x0000_0800,
}
