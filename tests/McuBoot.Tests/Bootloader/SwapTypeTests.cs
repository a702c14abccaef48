using McuBoot.Bootloader;
using McuBoot.Image;

namespace McuBoot.Tests.Bootloader;

/// <summary>
/// The swap type a trailer requests (bootutil_public.c:boot_read_swap_state, boot_swap_tables; mcuboot-acceptance-rules.md
/// §8), for images padded by the signing code at every --align 1..32 (max-align max(8, align), as imgtool defaults it).
/// </summary>
public sealed class SwapTypeTests
{
    private const long Slot = 0x8000;

    public static TheoryData<int> Aligns => new() { 1, 2, 4, 8, 16, 32 };

    private static byte[] Padded(int align, bool confirm, int? maxAlign = null, byte erased = 0xff)
    {
        var options = new ImageSignOptions
        {
            Version = new ImageVersion(1, 0, 0, 0),
            HeaderSize = 0x200,
            PadHeader = true,
            SlotSize = Slot,
            Pad = !confirm,
            Confirm = confirm,
            ErasedValue = erased,
            Trailer = new TrailerOptions { Align = align, MaxAlign = maxAlign },
        };
        return Write(ImageBuilder.Build(new byte[1000], null, options));
    }

    private static byte[] Write(SignedImage image)
    {
        using var stream = new MemoryStream();
        ImageFileWriter.WriteBinary(image, stream);
        return stream.ToArray();
    }

    private static BootloaderConfig Config(int align, int? maxAlign = null, UpgradeMode mode = UpgradeMode.SwapMove)
        => new() { WriteAlignment = align, MaxAlign = maxAlign ?? Math.Max(8, align), Mode = mode, PrimarySlotSize = Slot };

    [Theory]
    [MemberData(nameof(Aligns))]
    public void Pad_requests_a_test_swap(int align)
    {
        var image = Padded(align, confirm: false);
        Assert.Equal(Slot, image.Length);
        var state = SlotTrailerState.Read(image, Slot, Config(align));
        Assert.Equal(new SlotTrailerState(TrailerFlag.Set, TrailerFlag.Unset, TrailerFlag.Unset), state);
        Assert.Equal(SwapType.Test, state.SwapTypeWith(null, UpgradeMode.SwapMove));
    }

    [Theory]
    [MemberData(nameof(Aligns))]
    public void Confirm_requests_a_permanent_swap(int align)
    {
        var state = SlotTrailerState.Read(Padded(align, confirm: true), Slot, Config(align));
        Assert.Equal(TrailerFlag.Set, state.ImageOk);
        Assert.Equal(SwapType.Perm, state.SwapTypeWith(null, UpgradeMode.SwapMove));
    }

    [Theory]
    [MemberData(nameof(Aligns))]
    public void A_trailer_for_another_max_align_has_a_bad_magic_and_requests_nothing(int align)
    {
        int written = Math.Max(8, align);
        int bootloader = written == 32 ? 8 : 32;
        var state = SlotTrailerState.Read(Padded(align, confirm: true), Slot, Config(Math.Min(align, bootloader), bootloader));
        Assert.Equal(TrailerFlag.Bad, state.Magic);
        Assert.Equal(SwapType.None, state.SwapTypeWith(null, UpgradeMode.SwapMove));
    }

    [Theory]
    [MemberData(nameof(Aligns))]
    public void An_image_ok_of_another_value_matches_no_row(int align)
    {
        var image = Padded(align, confirm: true);
        image[SlotLimits.ImageOkOffset(Config(align), Slot)] = 0x02;
        var state = SlotTrailerState.Read(image, Slot, Config(align));
        Assert.Equal(TrailerFlag.Bad, state.ImageOk);
        Assert.Equal(SwapType.None, state.SwapTypeWith(null, UpgradeMode.SwapMove));
    }

    [Fact]
    public void An_unpadded_image_requests_nothing()
    {
        var image = Write(ImageBuilder.Build(new byte[1000], null, new ImageSignOptions { Version = default, HeaderSize = 0x200, PadHeader = true, SlotSize = Slot }));
        var state = SlotTrailerState.Read(image, Slot, Config(4));
        Assert.Equal(SlotTrailerState.Erased, state);
        Assert.Equal(SwapType.None, state.SwapTypeWith(null, UpgradeMode.SwapMove));
    }

    [Fact]
    public void Swap_offset_reads_copy_done_in_the_secondary_as_a_revert()
    {
        var image = Padded(4, confirm: false);
        image[SlotLimits.CopyDoneOffset(Config(4), Slot)] = 0x01;
        var state = SlotTrailerState.Read(image, Slot, Config(4));
        Assert.Equal(SwapType.Revert, state.SwapTypeWith(null, UpgradeMode.SwapOffset));
        Assert.Equal(SwapType.Test, state.SwapTypeWith(null, UpgradeMode.SwapMove));
    }

    [Fact]
    public void A_primary_with_copy_done_and_no_image_ok_requests_a_revert()
    {
        var primary = new SlotTrailerState(TrailerFlag.Set, TrailerFlag.Unset, TrailerFlag.Set);
        Assert.Equal(SwapType.Revert, SlotTrailerState.Erased.SwapTypeWith(primary, UpgradeMode.SwapScratch));
    }

    [Fact]
    public void Erased_value_zero_is_honoured()
    {
        var image = Padded(4, confirm: false, erased: 0x00);
        var state = SlotTrailerState.Read(image, Slot, Config(4) with { ErasedValue = 0x00 });
        Assert.Equal(SwapType.Test, state.SwapTypeWith(null, UpgradeMode.OverwriteOnly));
    }
}
