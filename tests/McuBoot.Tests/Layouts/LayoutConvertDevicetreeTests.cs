using System.Globalization;
using System.Text.RegularExpressions;
using McuBoot.Diagnostics;
using McuBoot.Layouts;
using McuBoot.Tests.Infrastructure;
using McuBoot.Zephyr;

namespace McuBoot.Tests.Layouts;

/// <summary>
/// The devicetree round trip of <c>layout convert</c> (issue 9 item 4): the overlay, applied to a board devicetree
/// without partitions, is read by the devicetree parser and the build-folder derivation (as NCS's sysbuild signing,
/// <c>sign_sysbuild.cmake</c>, reads it once Partition Manager is gone), and yields for every image the geometry that
/// the Partition Manager file gives.
/// </summary>
public sealed partial class LayoutConvertDevicetreeTests : IDisposable
{
    /// <summary>The QSPI memory-mapped window the board devicetree declares (qspi_mm), used on both sides for external slots.</summary>
    private const uint XipBase = 0x1000_0000;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(LayoutConvertTests.RealLayouts), MemberType = typeof(LayoutConvertTests))]
    public void OverlayRoundTripKeepsTheGeometryOfEveryImage(string name)
    {
        string path = Path.Combine(TestPaths.Layouts, name);
        var read = LayoutReader.Load(path);
        if (read.Layout is null || read.Diagnostics.Any(d => d.IsError))
        {
            return; // refused with a code: LayoutConvertTests.DtsOverlayMapsTheSlotsLikePmToDts
        }

        var pm = LayoutGeometry.Derive(read.Layout, new LayoutGeometryOptions { XipBase = XipBase });
        var conversion = LayoutConverter.Convert(path, LayoutConvertFormat.DtsOverlay);
        int compared = 0;
        bool gap = false;
        foreach (var expected in pm.Images)
        {
            if (expected.IsNetworkCore)
            {
                // Its primary lives in ram_flash, which the overlay (like pm_to_dts.py) leaves out, with a warning.
                Assert.Contains(conversion.Diagnostics, d => d.Message.Contains(expected.PrimaryPartition, StringComparison.Ordinal));
                gap = true;
                continue;
            }

            if (gap)
            {
                // The build looks for slot pairs in order and stops at the missing slot2 (sign_sysbuild.cmake
                // find_slot_addr_size); the conversion says so, and the build derivation refuses the same way NCS does.
                Assert.Contains(conversion.Diagnostics, d => d.Message.Contains("stops at the first missing one", StringComparison.Ordinal));
                var e = Assert.Throws<McuBootException>(() => DeriveFromOverlay(conversion.Text, expected.ImageIndex, tfm: false));
                Assert.Equal(ErrorCodes.BuildDirNoSlot, e.Code);
                continue;
            }

            var derived = DeriveFromOverlay(conversion.Text, expected.ImageIndex, read.Layout.Find("tfm_secure") is not null);
            var actual = derived.Image;
            string what = $"{name} image {expected.ImageIndex}";
            Assert.True(expected.ImageIndex == actual.ImageIndex, what);
            Assert.True(expected.HeaderSize == actual.HeaderSize, $"{what}: header 0x{expected.HeaderSize:x} vs 0x{actual.HeaderSize:x}");
            Assert.True(expected.SlotSize == actual.SlotSize, $"{what}: slot size 0x{expected.SlotSize:x} vs 0x{actual.SlotSize:x}");
            Assert.True(expected.PrimaryAddress == actual.PrimaryAddress && expected.PrimarySize == actual.PrimarySize,
                $"{what}: primary 0x{expected.PrimaryAddress:x}+0x{expected.PrimarySize:x} vs 0x{actual.PrimaryAddress:x}+0x{actual.PrimarySize:x}");
            Assert.True(expected.PrimaryIsExternal == actual.PrimaryIsExternal, $"{what}: primary external");
            Assert.True(expected.SecondaryAddress == actual.SecondaryAddress && expected.SecondarySize == actual.SecondarySize,
                $"{what}: secondary 0x{expected.SecondaryAddress:x}+0x{expected.SecondarySize:x} vs 0x{actual.SecondaryAddress:x}+0x{actual.SecondarySize:x}");
            Assert.True(expected.SecondaryIsExternal == actual.SecondaryIsExternal, $"{what}: secondary external");
            Assert.True(expected.HexBaseAddress == actual.HexBaseAddress, $"{what}: hex base 0x{expected.HexBaseAddress:x} vs 0x{actual.HexBaseAddress:x}");
            Assert.True(expected.SecondaryHexAddress == actual.SecondaryHexAddress, $"{what}: update hex 0x{expected.SecondaryHexAddress:x} vs 0x{actual.SecondaryHexAddress:x}");
            Assert.True(expected.LoadAddress == actual.LoadAddress, $"{what}: load address 0x{expected.LoadAddress:x} vs 0x{actual.LoadAddress:x}");
            Assert.True((expected.WriteAlignment ?? 4) == actual.WriteAlignment, $"{what}: align");
            Assert.Equal(derived.Arguments.HexAddress, actual.HexBaseAddress);
            compared++;
        }

        Assert.True(compared > 0, $"{name}: no image compared");
    }

    /// <summary>Board devicetree (flash and QSPI NOR, no partitions) + the overlay + the chosen code partition of image N.</summary>
    private ZephyrBuildGeometry DeriveFromOverlay(string overlay, int image, bool tfm)
    {
        string flashNode = FlashNodeRef().Match(overlay).Groups[1].Value;
        string rom = RomStartOffset().Match(overlay).Groups[1].Value;
        string code = image == 0 && tfm ? "slot0_s_partition" : $"slot{2 * image}_partition";
        string dts = $$"""
            /dts-v1/;

            / {
            	#address-cells = < 0x1 >;
            	#size-cells = < 0x1 >;
            	chosen {
            		zephyr,flash = &{{flashNode}};
            	};
            	soc {
            		#address-cells = < 0x1 >;
            		#size-cells = < 0x1 >;
            		ranges;
            		flash_controller: flash-controller@4001e000 {
            			reg = < 0x4001e000 0x1000 >;
            			#address-cells = < 0x1 >;
            			#size-cells = < 0x1 >;
            			{{flashNode}}: flash@0 {
            				compatible = "soc-nv-flash";
            				reg = < 0x0 0x200000 >;
            				write-block-size = < 0x4 >;
            				erase-block-size = < 0x1000 >;
            			};
            		};
            		qspi: qspi@2b000 {
            			compatible = "nordic,nrf-qspi";
            			#address-cells = < 0x1 >;
            			#size-cells = < 0x0 >;
            			reg = < 0x2b000 0x1000 >, < 0x{{XipBase:x}} 0x10000000 >;
            			reg-names = "qspi", "qspi_mm";
            			mx25r64: mx25r6435f@0 {
            				compatible = "nordic,qspi-nor";
            				reg = < 0x0 >;
            				size = < 0x4000000 >;
            			};
            		};
            	};
            };

            {{overlay}}
            / {
            	chosen {
            		zephyr,code-partition = &{{code}};
            	};
            };
            """;
        // A sysbuild build folder as west writes it: build/zephyr/.config (sysbuild), build/app/zephyr/{zephyr.dts,.config}.
        string root = Path.Combine(_dir.Path, $"build-{image}");
        Directory.CreateDirectory(Path.Combine(root, "zephyr"));
        Directory.CreateDirectory(Path.Combine(root, "app", "zephyr"));
        File.WriteAllText(Path.Combine(root, "zephyr", ".config"), "SB_CONFIG_BOOTLOADER_MCUBOOT=y\nSB_CONFIG_MCUBOOT_SYSBUILD_SIGN=y\n");
        File.WriteAllText(Path.Combine(root, "app", "zephyr", ".config"), $"CONFIG_BOOTLOADER_MCUBOOT=y\nCONFIG_ROM_START_OFFSET={rom}\n");
        File.WriteAllText(Path.Combine(root, "app", "zephyr", "zephyr.dts"), dts);
        return ZephyrBuildReader.Read(root, "app", _ => null);
    }

    [GeneratedRegex(@"^&(\w+) \{$", RegexOptions.Multiline)]
    private static partial Regex FlashNodeRef();

    [GeneratedRegex(@"CONFIG_ROM_START_OFFSET=(0x[0-9a-f]+)")]
    private static partial Regex RomStartOffset();
}
