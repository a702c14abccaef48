using McuBoot.Bootloader;

namespace McuBoot.Tests.Bootloader;

/// <summary>
/// The size limits of mcuboot-acceptance-rules.md §7.3 (worked example: S = 0x40000, E = 4 KiB, W = 4, MA = 8, N = 128,
/// no encryption), several of them confirmed there by MCUboot v2.4.0's own bootutil built for the host.
/// </summary>
public sealed class SlotLimitsTests
{
    private static BootloaderConfig Example(UpgradeMode mode, long? secondary = null) => new()
    {
        Mode = mode,
        PrimarySlotSize = 0x40000,
        SecondarySlotSize = secondary,
        SectorSize = 0x1000,
        WriteAlignment = 4,
        MaxAlign = 8,
        MaxImageSectors = 128,
    };

    [Theory]
    [InlineData(UpgradeMode.SwapScratch, 0x3F9D0)]
    [InlineData(UpgradeMode.SwapMove, 0x3E000)]
    [InlineData(UpgradeMode.SwapOffset, 0x3E000)]
    [InlineData(UpgradeMode.OverwriteOnly, 0x3FFD8)]
    [InlineData(UpgradeMode.DirectXip, 0x3FFD8)]
    [InlineData(UpgradeMode.RamLoad, 0x3FFD8)]
    [InlineData(UpgradeMode.SingleApp, 0x3FFD0)]
    public void Worked_example_limits(UpgradeMode mode, long expected)
        => Assert.Equal(expected, SlotLimits.MaxImageSize(Example(mode)));

    [Fact]
    public void Swap_offset_with_a_secondary_one_sector_larger_gains_that_sector()
        => Assert.Equal(0x3F000, SlotLimits.MaxImageSize(Example(UpgradeMode.SwapOffset, 0x41000)));

    [Fact]
    public void Swap_scratch_trailer_is_the_status_area_plus_the_info()
    {
        var config = Example(UpgradeMode.SwapScratch);
        Assert.Equal(48, SlotLimits.TrailerInfoSize(config));
        Assert.Equal(0x630, SlotLimits.TrailerSize(config));
    }

    [Fact]
    public void Swap_offset_trailer_has_two_states_and_the_tlv_size_field()
    {
        var config = Example(UpgradeMode.SwapOffset);
        Assert.Equal(56, SlotLimits.TrailerInfoSize(config));
        Assert.Equal((128 * 2 * 4) + 56, SlotLimits.TrailerSize(config));
    }

    [Fact]
    public void Swap_scratch_with_sectors_larger_than_the_scratch_area_fits_nothing()
        => Assert.Equal(0, SlotLimits.MaxImageSize(Example(UpgradeMode.SwapScratch) with { ScratchSize = 0x800 }));

    [Fact]
    public void Swap_scratch_pads_when_the_trailer_barely_enters_its_first_sector()
    {
        // N = 1, W = 8: trailer = 1·3·8 + 48 = 72 bytes, all in the last sector (in_first = 72), scratch trailer
        // 3·8 + 48 = 72: no padding. Encryption (AES-128) adds 2·16: trailer 104, scratch trailer 104: still none.
        var config = Example(UpgradeMode.SwapScratch) with { MaxImageSectors = 1, WriteAlignment = 8 };
        Assert.Equal(0x40000 - 72, SlotLimits.MaxImageSize(config));

        // N = 171, W = 8: trailer = 4104 + 48 = 4152 > one sector, in_first = 4152 − 4096 = 56 < scratch trailer 72: 16 bytes padding.
        config = config with { MaxImageSectors = 171 };
        Assert.Equal(0x40000 - 4152 - 16, SlotLimits.MaxImageSize(config));
    }

    [Fact]
    public void Encryption_adds_two_aligned_key_slots()
    {
        var config = Example(UpgradeMode.SwapMove) with { Encryption = EncryptionScheme.EcdhP256 };
        Assert.Equal(32 + 48, SlotLimits.TrailerInfoSize(config));
        Assert.Equal(64 + 48, SlotLimits.TrailerInfoSize(config with { Aes256 = true }));
        Assert.Equal((2 * 120) + 48, SlotLimits.TrailerInfoSize(config with { SaveEncTlv = true }));
    }

    [Theory]
    [InlineData(8, 0x40000 - 40)]
    [InlineData(16, 0x40000 - 16 - 48)]
    [InlineData(32, 0x40000 - 32 - 96)]
    public void Overwrite_only_limit_is_the_swap_info_offset_for_each_max_align(int maxAlign, long expected)
        => Assert.Equal(expected, SlotLimits.MaxImageSize(Example(UpgradeMode.OverwriteOnly) with { MaxAlign = maxAlign, WriteAlignment = Math.Min(maxAlign, 8) }));

    [Fact]
    public void Unknown_slot_size_gives_no_limit() => Assert.Null(SlotLimits.MaxImageSize(new BootloaderConfig()));

    [Fact]
    public void Auto_sector_count_is_the_larger_slot_over_the_sector_size()
    {
        var config = new BootloaderConfig { PrimarySlotSize = 0x40000, SecondarySlotSize = 0x41000, SectorSize = 0x1000 };
        Assert.Equal(0x41, config.EffectiveMaxImageSectors);
    }

    [Fact]
    public void Zephyr_defaults_record_their_assumptions()
    {
        var config = BootloaderConfig.ZephyrDefaults();
        Assert.Equal(BootloaderSignatureType.None, config.SignatureType);
        Assert.True(config.UseTlvAllowList);
        Assert.Equal(UpgradeMode.SwapMove, config.Mode);
        Assert.Contains(config.Assumptions, a => a.Contains("swap-move", StringComparison.Ordinal));
        Assert.Contains(config.Assumptions, a => a.Contains("allow-list", StringComparison.Ordinal));
        Assert.Contains(config.Assumptions, a => a.Contains("slot size unknown", StringComparison.Ordinal));
    }
}
