using System.Buffers.Binary;
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Checks;

/// <summary>
/// The vector-table rule over non-Nordic Cortex-M images built here (issue 13): the Armv7-M/Armv8-M memory map decides
/// what can be a stack pointer, the build's RAM only adds warnings, the reset vector must be Thumb code where the image runs.
/// </summary>
public sealed class VectorTableTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // ---- real Cortex-M memory maps pass ----

    [Fact]
    public void ImxRtImageWithTheStackInSdramPasses()
    {
        // i.MX RT1060: FlexSPI NOR is XIP-mapped at 0x60000000, MCUboot in the first 0x20000, slot0 at 0x60020000,
        // header 0x400 (CONFIG_ROM_START_OFFSET), stack in SDRAM (0x80000000): the image of issue 13.
        string image = Signed("imxrt-sdram.hex", slot: 0x6002_0000, header: 0x400, sp: 0x8000_bf80);
        var report = Check(image);
        AssertNoVectorFindings(report);
        Assert.True(report.Passed, string.Join("\n", report.Findings));

        var withLayout = Check(image, r => r with { LayoutPath = Layout(slot: 0x6002_0000, slotSize: 0x3c_0000, header: 0x400) });
        AssertNoVectorFindings(withLayout);
        Assert.True(withLayout.Passed, string.Join("\n", withLayout.Findings));
    }

    [Fact]
    public void ImxRtImageWithTheStackInDtcmPasses()
        => AssertPasses(Check(Signed("imxrt-dtcm.hex", slot: 0x6002_0000, header: 0x400, sp: 0x2002_0000)));

    [Fact]
    public void Stm32ImageWithTheStackInSramPasses()
    {
        // STM32F4: flash at 0x08000000, slot0 at 0x08020000, SRAM1 at 0x20000000.
        string image = Signed("stm32.hex", slot: 0x0802_0000, header: 0x200, sp: 0x2001_fff8);
        AssertPasses(Check(image));
        AssertPasses(Check(image, r => r with { LayoutPath = Layout(slot: 0x0802_0000, slotSize: 0x6_0000, header: 0x200) }));
    }

    [Fact]
    public void Armv8MNonSecureAndSecureAliasesPass()
    {
        // STM32L5 non-secure image: NS flash alias 0x08040000, NS SRAM 0x20030000.
        AssertPasses(Check(Signed("l5-ns.hex", slot: 0x0804_0000, header: 0x400, sp: 0x2003_0000)));

        // LPC55S69 secure image (TF-M): secure flash alias 0x10000000, secure SRAM alias 0x30000000 (above the old 0x30000000 limit).
        AssertPasses(Check(Signed("lpc55-s.hex", slot: 0x1000_8000, header: 0x400, sp: 0x3002_0000)));
    }

    [Fact]
    public void StackAtTheVeryTopOfTheSramRegionPasses()
        => AssertPasses(Check(Signed("top.hex", slot: 0x0802_0000, header: 0x200, sp: 0x4000_0000)));

    // ---- what no Cortex-M can run fails ----

    [Fact]
    public void StackPointerInThePeripheralRegionFails()
    {
        var report = Check(Signed("periph.hex", slot: 0x6002_0000, header: 0x400, sp: 0x4001_0000));
        var f = Expect(report, ErrorCodes.CheckStackPointerImplausible, CheckSeverity.Error, "0x40010000", "Peripheral region", "0x20000000-0x3FFFFFFF and 0x60000000-0x9FFFFFFF");
        Assert.False(report.Passed);
        Assert.Contains("CONFIG_ROM_START_OFFSET", f.Message);
    }

    [Theory]
    [InlineData(0xE000_ED00u, "System region")]
    [InlineData(0xA000_1000u, "Device region")]
    [InlineData(0x0000_8000u, "Code region")]
    public void StackPointerOutsideEveryRamRegionFails(uint sp, string region)
        => Expect(Check(Signed("sp.hex", slot: 0x0802_0000, header: 0x200, sp: sp)), ErrorCodes.CheckStackPointerImplausible, CheckSeverity.Error, region);

    [Fact]
    public void EvenResetVectorFails()
    {
        string image = Signed("even.hex", slot: 0x6002_0000, header: 0x400, sp: 0x8000_bf80, reset: 0x6002_0500);
        var report = Check(image);
        Expect(report, ErrorCodes.CheckResetVectorImplausible, CheckSeverity.Error, "0x60020500", "not a Thumb address");
        Assert.False(report.Passed);
    }

    [Fact]
    public void MisalignedStackPointerFails()
        => Expect(Check(Signed("odd-sp.hex", slot: 0x0802_0000, header: 0x200, sp: 0x2000_1002)),
            ErrorCodes.CheckStackPointerMisaligned, CheckSeverity.Error, "0x20001002", "not word-aligned");

    [Fact]
    public void ResetVectorOutsideTheLayoutsSlotFails()
    {
        // Linked for slot + 0x200 but signed with a 0x400 header into a layout whose slot starts elsewhere.
        string image = Signed("other-slot.hex", slot: 0x6002_0000, header: 0x400, sp: 0x8000_bf80, reset: 0x6040_0401);
        var report = Check(image, r => r with { LayoutPath = Layout(slot: 0x6002_0000, slotSize: 0x3c_0000, header: 0x400) });
        Expect(report, ErrorCodes.CheckResetVectorImplausible, CheckSeverity.Error, "0x60400401", "0x60020400..0x603dffff");
    }

    // ---- known RAM: warnings, never new errors ----

    [Fact]
    public void StackInARamRegionButOutsideTheGivenRamWarns()
    {
        string image = Signed("imxrt.hex", slot: 0x6002_0000, header: 0x400, sp: 0x8000_bf80);
        var report = Check(image, r => r with { RamStart = 0x2000_0000, RamSize = 0x2_0000 });
        Expect(report, ErrorCodes.CheckStackPointerOutsideKnownRam, CheckSeverity.Warning, "0x8000bf80", "0x20000000..0x20020000 (--ram-start/--ram-size)");
        Assert.True(report.Passed);

        var inside = Check(image, r => r with { RamStart = 0x8000_0000, RamSize = 0x200_0000 });
        AssertNoVectorFindings(inside);
    }

    [Fact]
    public void StackOutsideTheLayoutsSramPrimaryWarns()
    {
        string image = Signed("nrf.hex", slot: 0xc000, header: 0x200, sp: 0x2008_0000);
        var report = Check(image, r => r with { LayoutPath = Layout(slot: 0xc000, slotSize: 0x3a000, header: 0x200, sram: (0x2000_0000, 0x4_0000)) });
        Expect(report, ErrorCodes.CheckStackPointerOutsideKnownRam, CheckSeverity.Warning, "0x20080000", "sram_primary");
        Assert.True(report.Passed);
    }

    [Fact]
    public void KnownRamFromTheBuildIsUsed()
    {
        string image = Signed("dt.hex", slot: 0x6002_0000, header: 0x400, sp: 0x8000_bf80);
        var report = Check(image, r => r with { KnownRam = [new RamRange(0x2020_0000, 0x8_0000, "zephyr,sram ocram")] });
        Expect(report, ErrorCodes.CheckStackPointerOutsideKnownRam, CheckSeverity.Warning, "zephyr,sram ocram");
        AssertNoVectorFindings(Check(image, r => r with { KnownRam = [new RamRange(0x2020_0000, 0x8_0000, "ocram"), new RamRange(0x8000_0000, 0x200_0000, "sdram0")] }));
    }

    [Fact]
    public void TightlyCoupledRamInTheCodeRegionNeedsTheRamGiven()
    {
        // STM32F4 CCM RAM at 0x10000000 (Code region): not RAM by the architecture, accepted once the build names it.
        string image = Signed("ccm.hex", slot: 0x0802_0000, header: 0x200, sp: 0x1001_0000);
        Expect(Check(image), ErrorCodes.CheckStackPointerImplausible, CheckSeverity.Error, "Code region", "--ram-start/--ram-size");
        AssertPasses(Check(image, r => r with { RamStart = 0x1000_0000, RamSize = 0x1_0000 }));
    }

    [Fact]
    public void RamFromTheDevicetreeIsKnownRam()
    {
        // i.MX RT1060-like flattened devicetree: zephyr,sram = DTCM, plus OCRAM and SDRAM; flash is not RAM.
        var doc = McuBoot.Devicetree.DtsParser.Parse("""
            /dts-v1/;
            / {
            	#address-cells = < 0x1 >;
            	#size-cells = < 0x1 >;
            	chosen {
            		zephyr,sram = &dtcm;
            		zephyr,flash = &is25wp064;
            	};
            	sdram0: memory@80000000 {
            		device_type = "memory";
            		reg = < 0x80000000 0x2000000 >;
            	};
            	soc {
            		#address-cells = < 0x1 >;
            		#size-cells = < 0x1 >;
            		ranges;
            		dtcm: dtcm@20000000 { compatible = "nxp,imx-dtcm"; reg = < 0x20000000 0x20000 >; };
            		ocram: ocram@20200000 { compatible = "zephyr,memory-region", "mmio-sram"; reg = < 0x20200000 0xc0000 >; };
            		is25wp064: is25wp064@60000000 { compatible = "nxp,imx-flexspi-nor"; reg = < 0x60000000 0x800000 >; };
            	};
            };
            """, "zephyr.dts");
        var ram = DevicetreeRam.From(doc);
        Assert.Equal([0x2000_0000ul, 0x8000_0000ul, 0x2020_0000ul], ram.Select(r => r.Start));
        Assert.StartsWith("zephyr,sram /soc/dtcm@20000000", ram[0].Source);

        string image = Signed("imxrt.hex", slot: 0x6002_0000, header: 0x400, sp: 0x8000_bf80);
        AssertNoVectorFindings(Check(image, r => r with { KnownRam = ram }));
        var onlySram = Check(image, r => r with { KnownRam = [ram[0]] });
        Expect(onlySram, ErrorCodes.CheckStackPointerOutsideKnownRam, CheckSeverity.Warning, "zephyr,sram /soc/dtcm@20000000");
    }

    // ---- where the image runs ----

    [Fact]
    public void UpdateImageAtTheSecondaryWithoutLayoutOnlyWarns()
    {
        // An "update" hex placed at the secondary slot runs from the primary: without a layout that is only suspicious.
        string image = Signed("update.hex", slot: 0x0806_0000, header: 0x200, sp: 0x2001_fff8, reset: 0x0802_0301);
        var report = Check(image);
        Expect(report, ErrorCodes.CheckResetVectorOutsideImage, CheckSeverity.Warning, "0x08020301", "secondary slot", "--layout");
        Assert.True(report.Passed);
    }

    [Fact]
    public void RamLoadImageRunsAtItsLoadAddress()
    {
        // RAM-load: MCUboot copies the image (with its header) to ih_load_addr and jumps to load + header.
        string good = Signed("ram.bin", slot: 0x2010_0000, header: 0x200, sp: 0x2000_8000, loadAddress: 0x2010_0000);
        AssertPasses(Check(good));

        string bad = Signed("ram-flash.bin", slot: 0x0001_0000, header: 0x200, sp: 0x2000_8000, loadAddress: 0x2010_0000);
        Expect(Check(bad), ErrorCodes.CheckResetVectorImplausible, CheckSeverity.Error, "RAM-load address 0x20100000");
    }

    [Fact]
    public void CliPassesTheImxRtImage()
    {
        Signed("zephyr.signed.hex", slot: 0x6002_0000, header: 0x400, sp: 0x8000_bf80);
        var result = ToolRunner.Run(_dir.Path, "check", "zephyr.signed.hex");
        CliAssert.Succeeded(result);
        Assert.DoesNotContain("MCUB84", result.Stdout);

        Signed("periph.hex", slot: 0x6002_0000, header: 0x400, sp: 0x4001_0000);
        var failed = ToolRunner.Run(_dir.Path, "check", "periph.hex");
        Assert.Equal(ExitCodes.Rejected, failed.ExitCode);
        Assert.Contains("error MCUB8401:", failed.Stdout);
    }

    /// <summary>
    /// Builds firmware linked for <paramref name="slot"/> + <paramref name="header"/> (SP, Thumb reset vector, code) and
    /// signs it (unsigned hash-only image) into <paramref name="name"/>: .hex at the slot address, or .bin.
    /// </summary>
    private string Signed(string name, uint slot, int header, uint sp, uint? reset = null, uint? loadAddress = null)
    {
        var fw = new byte[2048];
        new Random(7).NextBytes(fw);
        BinaryPrimitives.WriteUInt32LittleEndian(fw, sp);
        BinaryPrimitives.WriteUInt32LittleEndian(fw.AsSpan(4), reset ?? (slot + (uint)header + 0x101));
        for (int i = 2; i < 16; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(fw.AsSpan(i * 4), slot + (uint)header + 0x200 + ((uint)i * 8) + 1);
        }

        var image = ImageBuilder.Build(fw, slot, new ImageSignOptions
        {
            Version = ImageVersion.Parse("1.0.0"),
            HeaderSize = header,
            PadHeader = true,
            SlotSize = 0x4_0000,
            LoadAddress = loadAddress,
        });
        string path = _dir.File(name);
        ImageFileWriter.Write(image, path, slot);
        return path;
    }

    private string Layout(uint slot, uint slotSize, int header, (uint Address, uint Size)? sram = null)
    {
        string path = _dir.File("layout.yml");
        string text = $$"""
            mcuboot-layout: 1
            write-alignment: 4
            images:
              - index: 0
                header-size: 0x{{header:x}}
                primary: {address: 0x{{slot:x}}, size: 0x{{slotSize:x}}}
                secondary: {address: 0x{{slot + slotSize:x}}, size: 0x{{slotSize:x}}}
            """;
        if (sram is { } s)
        {
            text += $"\npartitions:\n  sram_primary: {{address: 0x{s.Address:x}, size: 0x{s.Size:x}, region: sram_primary}}";
        }

        File.WriteAllText(path, text + "\n");
        return path;
    }

    private static CheckReport Check(string image, Func<CheckRequest, CheckRequest>? edit = null)
    {
        var request = new CheckRequest { ImagePath = image };
        return ImageChecker.Check(edit is null ? request : edit(request));
    }

    private static void AssertNoVectorFindings(CheckReport report)
        => Assert.DoesNotContain(report.Findings, f => f.Code.StartsWith("MCUB84", StringComparison.Ordinal));

    private static void AssertPasses(CheckReport report)
    {
        AssertNoVectorFindings(report);
        Assert.True(report.Passed, string.Join("\n", report.Findings));
    }

    private static CheckFinding Expect(CheckReport report, string code, CheckSeverity severity, params string[] fragments)
    {
        var finding = report.Findings.FirstOrDefault(f => f.Code == code);
        Assert.True(finding is not null, $"expected {code}; got:\n{string.Join("\n", report.Findings)}");
        Assert.Equal(severity, finding.Severity);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, finding.Message);
        }

        return finding;
    }
}
