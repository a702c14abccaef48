using McuBoot.Devicetree;
using McuBoot.Diagnostics;
using McuBoot.Zephyr;

namespace McuBoot.Tests.Zephyr;

/// <summary>The devicetree parser: Zephyr's flattened zephyr.dts syntax, references, address translation, limits and coded errors.</summary>
public sealed class DtsParserTests
{
    private const string Flattened = """
        /dts-v1/;

        /* node '/' defined in zephyr/dts/common/skeleton.dtsi:9 */
        / {
        	#address-cells = < 0x1 >;                 /* in zephyr/dts/common/skeleton.dtsi:10 */
        	#size-cells = < 0x1 >;                    /* in zephyr/dts/common/skeleton.dtsi:11 */
        	model = "Board \"A\"\tB";
        	chosen {
        		zephyr,flash = &flash0;               /* in board.dts:20 */
        		zephyr,code-partition = &slot0_partition; /* in board.dts:21 */
        		zephyr,sram = "/soc/memory@20000000";
        	};
        	aliases {
        		slot0 = &slot0_partition;
        	};
        	soc {
        		#address-cells = < 0x1 >;
        		#size-cells = < 0x1 >;
        		ranges;
        		compatible = "nordic,nrf52840-qiaa", "nordic,nrf52840", "simple-bus";
        		sram0: memory@20000000 { compatible = "mmio-sram"; reg = < 0x20000000 0x40000 >; };
        		/* node '/soc/flash-controller@4001e000' defined in nrf52840.dtsi:40 */
        		flash_controller: flash-controller@4001e000 {
        			reg = < 0x4001e000 0x1000 >;
        			#address-cells = < 0x1 >;
        			#size-cells = < 0x1 >;
        			flash0: flash@0 {
        				compatible = "soc-nv-flash";
        				write-block-size = < 0x4 >;   /* in nrf52840.dtsi:50 */
        				erase-block-size = < (0x400 * 4) >;
        				reg = < 0x0 0x100000 >;
        				partitions {
        					compatible = "fixed-partitions";
        					#address-cells = < 0x1 >;
        					#size-cells = < 0x1 >;
        					boot_partition: partition@0 { label = "mcuboot"; reg = < 0x0 0xc000 >; };
        					slot0_partition: image_0: image_0_alt: partition@c000 {
        						label = "image-0";
        						reg = < 0xc000 0x76000 >; /* in app.overlay:7 */
        					};
        					slot1_partition: partition@82000 { reg = < 0x82000 0x76000 >; };
        					tfm: partition@f8000 {
        						compatible = "fixed-subpartitions";
        						reg = < 0xf8000 0x8000 >;
        						ranges = < 0x0 0xf8000 0x8000 >;
        						#address-cells = < 0x1 >;
        						#size-cells = < 0x1 >;
        						inner: partition@1000 { reg = < 0x1000 0x1000 >; };
        					};
        				};
        			};
        		};
        	};
        	bytes = [ 01 02 0a FF ], "x", /bits/ 8 < 0x1ff 'a' >;
        	phandles = < &flash0 &{/soc} 0x5 >;
        	empty;
        };

        &flash0 {
        	status = "okay";
        };
        """;

    private static DtsDocument Parse(string text = Flattened) => DtsParser.Parse(text, "test.dts");

    [Fact]
    public void Nodes_labels_properties_and_origins_are_read()
    {
        var doc = Parse();
        var slot0 = doc.FindLabel("image_0_alt");
        Assert.NotNull(slot0);
        Assert.Equal(["slot0_partition", "image_0", "image_0_alt"], slot0!.Labels);
        Assert.Equal("/soc/flash-controller@4001e000/flash@0/partitions/partition@c000", slot0.Path);
        Assert.Equal("app.overlay:7", slot0.Property("reg")!.Origin);
        Assert.Equal("nrf52840.dtsi:40", doc.FindLabel("flash_controller")!.Origin);
        Assert.Equal([(0xc000UL, 0x76000UL)], slot0.Reg);
        Assert.Equal("Board \"A\"\tB", doc.Root.Property("model")!.String);
        Assert.Equal(["nordic,nrf52840-qiaa", "nordic,nrf52840", "simple-bus"], doc.FindPath("/soc")!.Compatible);
        Assert.Equal(0x1000UL, doc.FindLabel("flash0")!.Property("erase-block-size")!.Number);
        Assert.Equal("okay", doc.FindLabel("flash0")!.Property("status")!.String);
        Assert.True(doc.Root.Property("empty")!.IsEmpty);
    }

    [Fact]
    public void Byte_strings_bits_and_references_are_values()
    {
        var doc = Parse();
        var bytes = doc.Root.Property("bytes")!;
        Assert.Equal(3, bytes.Values.Count);
        Assert.Equal(new byte[] { 1, 2, 10, 255 }, bytes.Values[0].Bytes);
        Assert.Equal(8, bytes.Values[2].Bits);
        Assert.Equal([0xffUL, 'a'], bytes.Values[2].Cells.Select(c => c.Number));
        var phandles = doc.Root.Property("phandles")!.Cells;
        Assert.Equal("flash0", phandles[0].Reference);
        Assert.Equal("/soc", phandles[1].Reference);
        Assert.Equal(5UL, phandles[2].Number);
    }

    [Fact]
    public void Chosen_nodes_resolve_by_label_path_and_alias()
    {
        var doc = Parse();
        Assert.Equal("flash@0", doc.Chosen("zephyr,flash")!.Name);
        Assert.Equal("partition@c000", doc.Chosen("zephyr,code-partition")!.Name);
        Assert.Equal("memory@20000000", doc.Chosen("zephyr,sram")!.Name);
        Assert.Equal("partition@c000", doc.Resolve("slot0")!.Name);
        Assert.Null(doc.Chosen("mcuboot,ram-load-dev"));
    }

    [Fact]
    public void Partitions_get_device_offsets_and_absolute_addresses()
    {
        var doc = Parse();
        var slot1 = DevicetreeFlash.Partition(doc, "slot1_partition")!;
        Assert.Equal(0x82000UL, slot1.Absolute);
        Assert.False(slot1.IsExternal);
        var inner = DevicetreeFlash.Partition(doc, "inner")!;
        Assert.Equal(0xf9000UL, inner.Offset);
        Assert.Equal("flash@0", inner.Memory.Name);
    }

    [Fact]
    public void Mapped_partitions_translate_through_ranges_and_external_flash_stays_an_offset()
    {
        const string text = """
            /dts-v1/;
            / {
            	#address-cells = <1>; #size-cells = <1>;
            	chosen { zephyr,flash = &flash0; };
            	soc {
            		#address-cells = <1>; #size-cells = <1>; ranges;
            		flash-controller@39000 {
            			reg = <0x39000 0x1000>; #address-cells = <1>; #size-cells = <1>; ranges;
            			flash0: flash@8000000 {
            				compatible = "soc-nv-flash"; reg = <0x8000000 0x100000>; ranges;
            				partitions {
            					ranges; #address-cells = <1>; #size-cells = <1>;
            					slot0_partition: partition@10000 {
            						compatible = "zephyr,mapped-partition"; reg = <0x10000 0x70000>;
            						ranges = <0x0 0x10000 0x70000>; #address-cells = <1>; #size-cells = <1>;
            						slot0_ns_partition: partition@40000 { compatible = "zephyr,mapped-partition"; reg = <0x40000 0x30000>; };
            					};
            				};
            			};
            		};
            		qspi@40029000 {
            			reg = <0x40029000 0x1000>, <0x12000000 0x8000000>; reg-names = "qspi", "qspi_mm";
            			#address-cells = <1>; #size-cells = <0>;
            			mx25r64: mx25r6435f@0 {
            				compatible = "nordic,qspi-nor"; reg = <0>;
            				partitions {
            					compatible = "fixed-partitions"; #address-cells = <1>; #size-cells = <1>;
            					slot1_partition: partition@0 { reg = <0x0 0x70000>; };
            				};
            			};
            		};
            	};
            };
            """;
        var doc = Parse(text);
        var ns = DevicetreeFlash.Partition(doc, "slot0_ns_partition")!;
        Assert.Equal(0x50000UL, ns.Offset);
        Assert.Equal(0x8050000UL, ns.Absolute);
        var slot1 = DevicetreeFlash.Partition(doc, "slot1_partition")!;
        Assert.True(slot1.IsExternal);
        Assert.Equal(0UL, slot1.Offset);
        Assert.Equal(0x12000000UL, slot1.XipAddress);
        Assert.Equal("mx25r6435f@0", slot1.Memory.Name);
    }

    [Theory]
    [InlineData("/ {\n  a = <1 2;\n};", ErrorCodes.DtsSyntax, 2)]
    [InlineData("/ {\n  a = \"open;\n};", ErrorCodes.DtsSyntax, 2)]
    [InlineData("/ {\n  node {\n", ErrorCodes.DtsSyntax, 3)]
    [InlineData("#include <mem.h>\n/ { };", ErrorCodes.DtsNotPreprocessed, 1)]
    [InlineData("/ {\n};\n&missing { x; };", ErrorCodes.DtsUnresolvedReference, 3)]
    [InlineData("/ {\n  a = < 0xZZ >;\n};", ErrorCodes.DtsSyntax, 2)]
    [InlineData("/ {\n  /* never closed", ErrorCodes.DtsSyntax, 2)]
    [InlineData("/ {\n  a = < (1 / 0) >;\n};", ErrorCodes.DtsSyntax, 2)]
    public void Bad_source_fails_with_a_code_and_the_line(string text, string code, int line)
    {
        var e = Assert.Throws<McuBootException>(() => DtsParser.Parse(text, "bad.dts"));
        Assert.Equal(code, e.Code);
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"bad.dts:{line}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_is_bounded()
    {
        string deep = "/ {" + string.Concat(Enumerable.Repeat("n {", DtsParser.MaxDepth + 5)) + string.Concat(Enumerable.Repeat("};", DtsParser.MaxDepth + 5)) + "};";
        var e = Assert.Throws<McuBootException>(() => DtsParser.Parse(deep, "deep.dts"));
        Assert.Equal(ErrorCodes.DtsTooLarge, e.Code);
    }

    [Fact]
    public void Deleted_nodes_and_properties_are_gone()
    {
        var doc = Parse("/ { a { x = <1>; y; }; b { }; };\n/ { a { /delete-property/ y; }; /delete-node/ b; };");
        Assert.Null(doc.FindPath("/b"));
        Assert.False(doc.FindPath("/a")!.Has("y"));
        Assert.Equal(1UL, doc.FindPath("/a")!.Property("x")!.Number);
    }

    [Theory]
    [MemberData(nameof(ZephyrBuilds.Cases), MemberType = typeof(ZephyrBuilds))]
    public void Every_real_zephyr_dts_parses_and_has_its_slots(string name)
    {
        foreach (var file in Directory.GetFiles(ZephyrBuilds.BuildDir(name), "zephyr.dts", SearchOption.AllDirectories))
        {
            var doc = DtsParser.Load(file);
            Assert.NotNull(doc.Chosen("zephyr,flash"));
            Assert.NotNull(DevicetreeFlash.Partition(doc, "slot0_partition"));
        }
    }

    [Fact]
    public void Kconfig_values_lines_and_errors()
    {
        var config = KconfigFile.Parse("# comment\nCONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=0x200\nCONFIG_D=\"a \\\"q\\\" b\"\nSB_CONFIG_E=12\n", "x/.config");
        Assert.True(config.IsEnabled("CONFIG_A"));
        Assert.False(config.IsEnabled("CONFIG_B"));
        Assert.Equal(0x200, config.Number("CONFIG_C"));
        Assert.Equal("a \"q\" b", config.String("CONFIG_D"));
        Assert.Equal(12, config.Number("SB_CONFIG_E"));
        Assert.Equal("x/.config:4", config.Where("CONFIG_C"));
        var e = Assert.Throws<McuBootException>(() => KconfigFile.Parse("CONFIG_A=y\nnot a config line\n", "y/.config"));
        Assert.Equal(ErrorCodes.KconfigSyntax, e.Code);
        Assert.Equal(2, e.Line);
    }
}
