// Derives every imgtool argument of a Zephyr / NCS build folder the way the build that produced it does
// (zephyr-build-geometry.md, tags there): Path Z = zephyr cmake/mcuboot.cmake (ZU/ZN), Path S = sdk-nrf
// cmake/sysbuild/sign_sysbuild.cmake (SS), Path PM = sdk-nrf cmake/sysbuild/image_signing.cmake with partitions.yml (IS).
using System.Globalization;
using McuBoot.Devicetree;
using McuBoot.Diagnostics;
using McuBoot.Layouts;

namespace McuBoot.Zephyr;

/// <summary>Reads a west build folder and derives how its application is signed, with the file and line of each value.</summary>
public static class ZephyrBuildReader
{
    /// <summary>Opens <paramref name="directory"/> and derives its signing geometry.</summary>
    /// <param name="directory">The build folder (<c>build/</c>), or one image folder of a sysbuild build.</param>
    /// <param name="imageName">The application image of a sysbuild folder with several, or null.</param>
    /// <param name="environment">Environment lookup for <c>$ENV{...}</c> and <c>WEST_TOPDIR</c> in key paths; null = the process environment.</param>
    /// <exception cref="McuBootException">The folder or one of its files cannot be used; the code names what and where.</exception>
    public static ZephyrBuildGeometry Read(string directory, string? imageName = null, Func<string, string?>? environment = null)
        => Derive(ZephyrBuildFolder.Open(directory, imageName), environment);

    /// <summary>Derives the signing geometry of an opened build folder.</summary>
    /// <exception cref="McuBootException">No slots, an unusable header size or alignment, or a Partition Manager error.</exception>
    public static ZephyrBuildGeometry Derive(ZephyrBuildFolder folder, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var ctx = new Context(folder, environment ?? Environment.GetEnvironmentVariable);
        return folder.PartitionsFile is not null ? ctx.PartitionManager() : ctx.Devicetree();
    }

    private sealed class Context(ZephyrBuildFolder folder, Func<string, string?> environment)
    {
        private readonly List<BuildValueSource> _sources = [];
        private readonly List<LayoutDiagnostic> _diagnostics = [];
        private readonly KconfigFile? _app = folder.ApplicationConfig;
        private readonly KconfigFile? _sb = folder.SysbuildConfig;
        private readonly McuBootKconfig? _boot = folder.BootloaderConfig is { } b ? McuBootKconfig.From(b) : null;
        private ZephyrBootMode _appMode;
        private int? _writeBlockSize;

        public ZephyrBuildGeometry PartitionManager()
        {
            string pm = folder.PartitionsFile!;
            ReadModes();
            var read = LayoutReader.Load(pm);
            var derived = read.Layout is null ? null : LayoutGeometry.Derive(read.Layout);
            var all = read.Diagnostics.Concat(derived?.Diagnostics ?? []).ToList();
            if (all.FirstOrDefault(d => d.IsError) is { } error)
            {
                throw new McuBootException(error.Code, error.Message + " (the build folder's partitions.yml, which NCS signs from)", error.File) { Line = error.Line, ExitCode = ExitCodes.Usage };
            }

            _diagnostics.AddRange(all);
            var image = derived!.Image(0) ?? throw new McuBootException(ErrorCodes.LayoutNoMcuBootGeometry,
                $"{pm}: partitions.yml has no MCUboot image 0 (mcuboot_pad + mcuboot_primary); the build did not place MCUboot partitions.", pm)
            { ExitCode = ExitCodes.Usage };
            var layout = read.Layout!;
            int align = FlashAlign(folder.ApplicationDevicetree);
            Add("signing_path", "partition-manager", pm, 0, "partitions.yml exists: NCS signs from it and ignores the devicetree partitions (sdk-nrf cmake/sysbuild/image_signing.cmake L69-85)");
            var pad = layout.Find(image.HeaderPartition ?? "mcuboot_pad");
            Add("header_size", Hex(image.HeaderSize), pm, pad?.LineOf("size") ?? 0, $"size of {image.HeaderPartition}, with --pad-header (image_signing.cmake L84)");
            var primary = layout.Find("mcuboot_primary");
            Add("slot_size", Hex(image.SlotSize), pm, primary?.LineOf("size") ?? layout.Find(image.PrimaryPartition)?.Line ?? 0, $"size of {(image.IsNetworkCore ? image.SecondaryPartition : image.PrimaryPartition)} (image_signing.cmake L84)");
            if (image.HexBaseAddress is uint hexBase)
            {
                Add("hex_address", Hex(hexBase), pm, primary?.LineOf("address") ?? 0, $"address of {image.PrimaryPartition}");
            }

            var mode = _boot?.Mode is { } bm and not ZephyrBootMode.Unknown ? bm : _appMode;
            uint? romFixed = mode is ZephyrBootMode.DirectXip or ZephyrBootMode.DirectXipWithRevert ? image.PrimaryAddress : null;
            if (romFixed is uint rf)
            {
                Add("rom_fixed", Hex(rf), pm, primary?.LineOf("address") ?? 0, "direct-XIP: --rom-fixed @PM_MCUBOOT_PRIMARY_ADDRESS@ (image_signing.cmake L70-77)");
            }

            CompareWithDevicetree(image, pm, layout);
            var (sha, pure) = HashChoice(partitionManager: true);
            var (key, keyFile) = SigningKey(partitionManager: true);
            var args = new ZephyrSigningArguments
            {
                ImageIndex = 0,
                HeaderSize = image.HeaderSize,
                PadHeader = true,
                SlotSize = image.SlotSize,
                Align = align,
                OverwriteOnly = false,
                Sha = sha,
                Pure = pure,
                HexAddress = image.HexBaseAddress,
                UpdateHexAddress = image.SecondaryHexAddress,
                UpdateSlotSize = image.SecondarySize,
                RomFixed = romFixed,
                KeySetting = key,
                KeyFile = keyFile,
                EncryptionKeyFile = EncryptionKey(),
                EncryptKeyLength256 = _app?.IsEnabled("CONFIG_MCUBOOT_ENCRYPTION_ALG_AES_256") == true || _sb?.IsEnabled("SB_CONFIG_BOOT_ENCRYPTION_ALG_AES_256") == true,
                Version = Version(),
            };
            if (_boot?.Mode == ZephyrBootMode.OverwriteOnly)
            {
                Add("overwrite_only", "false", _boot.File.SourcePath, _boot.File.Entry("CONFIG_BOOT_UPGRADE_ONLY")?.Line ?? 0,
                    "the bootloader is overwrite-only, but NCS's Partition Manager signing passes no --overwrite-only (the trailer is sized for swap, which only costs space)");
            }

            var images = derived.Images.Select(i => i with { WriteAlignment = align }).ToList();
            return Result(ZephyrSigningPath.PartitionManager, args, images[images.FindIndex(i => i.ImageIndex == 0)], images);
        }

        public ZephyrBuildGeometry Devicetree()
        {
            var appDts = folder.ApplicationDevicetree ?? throw new McuBootException(ErrorCodes.BuildDirNotFound,
                $"{folder.ApplicationDirectory} has no zephyr/zephyr.dts and the build has no partitions.yml, so the slots are unknown; run west build (at least --cmake-only) first.",
                folder.ApplicationDirectory)
            { ExitCode = ExitCodes.Usage };
            ReadModes();
            bool sysbuildSign = _sb?.IsEnabled("SB_CONFIG_MCUBOOT_SYSBUILD_SIGN") == true;
            var path = sysbuildSign ? ZephyrSigningPath.NcsSysbuild : ZephyrSigningPath.Zephyr;
            var slotDts = sysbuildSign && folder.BootloaderDevicetree is { } bootDts ? bootDts : appDts;
            Add("signing_path", sysbuildSign ? "ncs-sysbuild" : "zephyr", sysbuildSign ? _sb!.SourcePath : appDts.SourcePath, sysbuildSign ? _sb!.Entry("SB_CONFIG_MCUBOOT_SYSBUILD_SIGN")!.Line : 0,
                sysbuildSign
                    ? "SB_CONFIG_MCUBOOT_SYSBUILD_SIGN: sdk-nrf cmake/sysbuild/sign_sysbuild.cmake, slots from the " + (slotDts == appDts ? "application's" : "MCUboot image's") + " devicetree"
                    : "no partitions.yml: zephyr cmake/mcuboot.cmake signs from the application's devicetree and Kconfig");

            var mode = sysbuildSign ? ZephyrModeSymbols.Sysbuild(_sb).Mode is var sbm and not ZephyrBootMode.Unknown ? sbm : _appMode : _appMode;
            var codeProperty = appDts.ChosenProperty("zephyr,code-partition");
            var codeNode = appDts.Chosen("zephyr,code-partition");
            var code = codeNode is null ? null : DevicetreeFlash.Partition(appDts, codeNode);

            // Which image, which slot (sign_sysbuild.cmake find_slot_addr_size L20-106): the slot pair holding the code partition.
            int index = 0;
            DevicetreePartition? built = null, other = null, first = null, second = null;
            for (int n = 0; n < 16; n++)
            {
                var s0 = DevicetreeFlash.Partition(slotDts, $"slot{2 * n}_partition");
                if (s0 is null)
                {
                    break;
                }

                var s1 = DevicetreeFlash.Partition(slotDts, $"slot{(2 * n) + 1}_partition");
                if (n == 0)
                {
                    (first, second) = (s0, s1);
                }

                if (code is not null && s0.Contains(code.Absolute))
                {
                    (index, built, other, first, second) = (n, s0, s1, s0, s1);
                    break;
                }

                if (code is not null && s1 is not null && s1.Contains(code.Absolute))
                {
                    (index, built, other, first, second) = (n, s1, s0, s0, s1);
                    break;
                }
            }

            if (first is null)
            {
                throw new McuBootException(ErrorCodes.BuildDirNoSlot,
                    $"{slotDts.SourcePath}: the devicetree has no slot0_partition, so there is no MCUboot primary slot; build with MCUboot partitions (label the slots slot0_partition/slot1_partition) or pass --layout.",
                    slotDts.SourcePath)
                { ExitCode = ExitCodes.Usage };
            }

            if (built is null)
            {
                if (sysbuildSign)
                {
                    throw new McuBootException(ErrorCodes.BuildDirNoSlot,
                        $"{appDts.SourcePath}:{codeProperty?.Line ?? 0}: the code partition {code?.ToString() ?? "(none chosen)"} lies in no slot{{2N}}/slot{{2N+1}} partition of {slotDts.SourcePath}; NCS fails the same way (\"Failed to find slot address\", sign_sysbuild.cmake L105): choose zephyr,code-partition inside a slot.",
                        appDts.SourcePath)
                    { Line = codeProperty?.Line ?? 0, ExitCode = ExitCodes.Usage };
                }

                (built, other) = (first, second);
                if (code is not null)
                {
                    Warn(ErrorCodes.BuildCodePartitionOffset, appDts.SourcePath, codeProperty?.Line ?? 0,
                        $"the code partition {code} is outside {first}; Zephyr signs for slot0_partition, so the image is linked for another place than the slot it will run from; choose zephyr,code-partition = &slot0_partition");
                }
            }

            bool variant = built != first;
            Add("primary_slot", $"{Hex(first.Absolute)}+{Hex(first.Size)}", slotDts.SourcePath, first.Line, $"{first.Label} reg, absolute = {first.Memory.Path} base + offset {Hex(first.Offset)}");
            if (second is not null)
            {
                Add("secondary_slot", $"{Hex(second.Absolute)}+{Hex(second.Size)}", slotDts.SourcePath, second.Line, $"{second.Label} reg{(second.IsExternal ? $" (external: offset in {second.Memory.Path})" : string.Empty)}");
            }

            // --header-size / --pad-header (§1, §5).
            long rom = _app?.Number("CONFIG_ROM_START_OFFSET") ?? 0;
            string romWhere = _app?.SourcePath ?? appDts.SourcePath;
            int romLine = _app?.Entry("CONFIG_ROM_START_OFFSET")?.Line ?? 0;
            long header;
            bool pad = false;
            ulong codeOffset = code is not null && code.Absolute >= built.Absolute ? code.Absolute - built.Absolute : 0;
            if (!sysbuildSign)
            {
                header = rom;
                Add("header_size", Hex(header), romWhere, romLine, "CONFIG_ROM_START_OFFSET, no --pad-header (zephyr cmake/mcuboot.cmake L83)");
                if (code is not null && codeOffset != 0 && built != first)
                {
                    // Reported above for a code partition outside the slots.
                }
                else if (code is not null && codeOffset != 0)
                {
                    Warn(ErrorCodes.BuildCodePartitionOffset, appDts.SourcePath, codeProperty?.Line ?? 0,
                        $"the code partition {code} starts {Hex(codeOffset)} after the start of {built.Label}; Zephyr's cmake/mcuboot.cmake passes no --pad-header, so the header is not placed at the slot start; NCS sysbuild signing would pad it");
                }
            }
            else if (_app?.IsEnabled("CONFIG_BUILD_WITH_TFM") == true && _app.Number("CONFIG_TFM_MCUBOOT_HEADER_SIZE") is long tfm)
            {
                header = tfm;
                pad = true;
                Add("header_size", Hex(header), _app.SourcePath, _app.Entry("CONFIG_TFM_MCUBOOT_HEADER_SIZE")!.Line, "TF-M: CONFIG_TFM_MCUBOOT_HEADER_SIZE with --pad-header (sign_sysbuild.cmake L513-524)");
            }
            else
            {
                if (ZephyrModeSymbols.IsRamLoad(mode))
                {
                    codeOffset = 0;
                }

                header = rom + (long)codeOffset;
                pad = codeOffset > 0;
                Add("header_size", Hex(header), romWhere, romLine,
                    codeOffset > 0
                        ? $"CONFIG_ROM_START_OFFSET {Hex(rom)} + code partition offset {Hex(codeOffset)} in {built.Label}, with --pad-header (sign_sysbuild.cmake L466-511; code partition at {appDts.SourcePath}:{codeProperty?.Line})"
                        : "CONFIG_ROM_START_OFFSET; the code partition starts the slot, so no --pad-header (sign_sysbuild.cmake L468-511)");
            }

            if (header < LayoutGeometry.MinimumHeaderSize || header > LayoutGeometry.MaximumHeaderSize)
            {
                throw new McuBootException(ErrorCodes.BuildDirInvalidHeaderSize,
                    $"{romWhere}{(romLine > 0 ? ":" + romLine : string.Empty)}: the build's header size is {Hex(header)} (CONFIG_ROM_START_OFFSET {Hex(rom)}{(codeOffset > 0 ? $" + code offset {Hex(codeOffset)}" : string.Empty)}), outside imgtool's {LayoutGeometry.MinimumHeaderSize}..0xffff; build the application with CONFIG_BOOTLOADER_MCUBOOT=y (it sets CONFIG_ROM_START_OFFSET, usually 0x200) or give -H.",
                    romWhere)
                { Line = romLine, ExitCode = ExitCodes.Usage };
            }

            // --slot-size (§2).
            var slotNode = built;
            string slotRule;
            if (sysbuildSign)
            {
                slotRule = $"size of {built.Label}, the slot holding the code partition (sign_sysbuild.cmake find_slot_addr_size L67-101)";
            }
            else if (second is not null && mode is not (ZephyrBootMode.SingleApp or ZephyrBootMode.FirmwareUpdater or ZephyrBootMode.SingleAppRamLoad))
            {
                slotNode = variant ? first : second;
                slotRule = $"size of {slotNode.Label}: every swap, overwrite, direct-XIP and RAM-load mode signs with the secondary slot's size (zephyr cmake/mcuboot.cmake L72-79)";
            }
            else
            {
                slotRule = $"size of {built.Label} ({(second is null ? "no secondary slot" : ZephyrModeSymbols.Name(mode))}; zephyr cmake/mcuboot.cmake L64)";
            }

            Add("slot_size", Hex(slotNode.Size), slotDts.SourcePath, slotNode.Line, slotRule);

            // --align / --overwrite-only (§3, §8).
            var flashDts = sysbuildSign ? slotDts : appDts;
            int align = FlashAlign(flashDts);
            bool overwriteOnly = sysbuildSign
                ? mode is ZephyrBootMode.OverwriteOnly or ZephyrBootMode.FirmwareUpdater
                : _app?.IsEnabled("CONFIG_MCUBOOT_IMGTOOL_OVERWRITE_ONLY") == true || _appMode is ZephyrBootMode.OverwriteOnly or ZephyrBootMode.SingleApp or ZephyrBootMode.FirmwareUpdater;
            if (overwriteOnly)
            {
                align = 1;
                var (file, line) = sysbuildSign ? Where(_sb, ZephyrModeSymbols.Sysbuild(_sb).Symbol) : Where(_app, _app?.IsEnabled("CONFIG_MCUBOOT_IMGTOOL_OVERWRITE_ONLY") == true ? "CONFIG_MCUBOOT_IMGTOOL_OVERWRITE_ONLY" : ZephyrModeSymbols.Application(_app).Symbol);
                Add("align", "1", file, line, "overwrite-only: --overwrite-only --align 1 (zephyr cmake/mcuboot.cmake L102-104, sign_sysbuild.cmake L500-502)");
                Add("overwrite_only", "true", file, line, "overwrite-only mode");
            }
            else if (mode is ZephyrBootMode.RamLoad or ZephyrBootMode.SingleAppRamLoad || (sysbuildSign && mode == ZephyrBootMode.SingleAppRamLoad))
            {
                align = 1;
                var (file, line) = sysbuildSign ? Where(_sb, ZephyrModeSymbols.Sysbuild(_sb).Symbol) : Where(_app, ZephyrModeSymbols.Application(_app).Symbol);
                Add("align", "1", file, line, "RAM load: --align 1 (zephyr cmake/mcuboot.cmake L105-116, sign_sysbuild.cmake L483-488)");
            }

            // --load-addr / --rom-fixed (§6).
            uint? load = null;
            if (ZephyrModeSymbols.IsRamLoad(mode))
            {
                var ramProperty = appDts.ChosenProperty("mcuboot,ram-load-dev") ?? appDts.ChosenProperty("zephyr,sram");
                var ram = appDts.Chosen("mcuboot,ram-load-dev") ?? appDts.Chosen("zephyr,sram");
                if (DevicetreeFlash.RegAddress(ram) is ulong ramAddress)
                {
                    load = U32(ramAddress, "the RAM load address", appDts.SourcePath);
                    Add("load_address", Hex(ramAddress), appDts.SourcePath, ramProperty?.Line ?? 0, $"--load-addr: reg of chosen {ramProperty?.Name} ({ram})");
                }
            }

            uint? romFixed = null;
            if (sysbuildSign && mode is ZephyrBootMode.DirectXip or ZephyrBootMode.DirectXipWithRevert or ZephyrBootMode.FirmwareUpdater)
            {
                romFixed = U32(built.Offset, "the --rom-fixed address", slotDts.SourcePath);
                Add("rom_fixed", Hex(built.Offset), slotDts.SourcePath, built.Line, $"--rom-fixed: {built.Label} address relative to its memory device (sign_sysbuild.cmake L476-477, L493-494)");
            }

            uint hexAddress = U32(Cpu(built), "the slot address", slotDts.SourcePath);
            Add("hex_address", Hex(hexAddress), slotDts.SourcePath, built.Line, $"{built.Label}: the signed hex is placed at the slot the image is built for");
            uint? updateAddress = other is null ? null : other.IsExternal && other.XipAddress is null ? null : U32(Cpu(other), "the update slot address", slotDts.SourcePath);
            if (other is not null)
            {
                Add("update_hex_address", updateAddress is uint u ? Hex(u) : "unknown", slotDts.SourcePath, other.Line,
                    $"{other.Label}: the update hex goes to the other slot (sign_sysbuild.cmake L685-701){(other.IsExternal ? " through the QSPI memory-mapped window" : string.Empty)}");
            }

            if (other is not null && other.Size < built.Size && !variant)
            {
                Warn(ErrorCodes.BuildSecondarySmaller, slotDts.SourcePath, other.Line,
                    $"{other.Label} ({Hex(other.Size)}) is smaller than {built.Label} ({Hex(built.Size)}); an update must fit the smaller slot");
            }

            var (sha, pure) = HashChoice(partitionManager: false);
            var (keySetting, keyFile) = SigningKey(partitionManager: false, sysbuildSign);
            bool hmac = sysbuildSign && _sb?.IsEnabled("SB_CONFIG_SOC_SERIES_NRF54L") == true && _sb.IsEnabled("SB_CONFIG_BOOT_SIGNATURE_TYPE_ED25519");
            var args = new ZephyrSigningArguments
            {
                ImageIndex = index,
                HeaderSize = (int)header,
                PadHeader = pad,
                SlotSize = U32(slotNode.Size, "the slot size", slotDts.SourcePath),
                Align = align,
                OverwriteOnly = overwriteOnly,
                Sha = sha,
                Pure = pure,
                HexAddress = hexAddress,
                UpdateHexAddress = updateAddress,
                UpdateSlotSize = other is null ? null : U32(other.Size, "the update slot size", slotDts.SourcePath),
                LoadAddress = load,
                RomFixed = romFixed,
                KeySetting = keySetting,
                KeyFile = keyFile,
                EncryptionKeyFile = EncryptionKey(sysbuildSign),
                EncryptKeyLength256 = sysbuildSign ? _sb?.IsEnabled("SB_CONFIG_BOOT_ENCRYPTION_ALG_AES_256") == true : _app?.IsEnabled("CONFIG_MCUBOOT_ENCRYPTION_ALG_AES_256") == true,
                HmacSha512 = hmac,
                Version = Version(),
            };

            var eraseMemory = first.Memory;
            var image = new ImageGeometry
            {
                ImageIndex = index,
                HeaderSize = (int)header,
                SlotSize = args.SlotSize,
                PrimaryAddress = U32(first.IsExternal ? first.Offset : first.Absolute, "the primary slot address", slotDts.SourcePath),
                PrimarySize = U32(first.Size, "the primary slot size", slotDts.SourcePath),
                PrimaryRegion = first.IsExternal ? LayoutRegion.ExternalFlash : LayoutRegion.FlashPrimary,
                PrimaryDevice = first.Memory.Path,
                PrimaryIsExternal = first.IsExternal,
                SecondaryAddress = second is null ? null : U32(second.IsExternal ? second.Offset : second.Absolute, "the secondary slot address", slotDts.SourcePath),
                SecondarySize = second is null ? null : U32(second.Size, "the secondary slot size", slotDts.SourcePath),
                SecondaryRegion = second is null ? null : second.IsExternal ? LayoutRegion.ExternalFlash : LayoutRegion.FlashPrimary,
                SecondaryDevice = second?.Memory.Path,
                SecondaryIsExternal = second?.IsExternal ?? false,
                HexBaseAddress = U32(Cpu(first), "the primary slot address", slotDts.SourcePath),
                SecondaryHexAddress = second is null || (second.IsExternal && second.XipAddress is null) ? null : U32(Cpu(second), "the secondary slot address", slotDts.SourcePath),
                LoadAddress = load ?? (code is null ? null : U32(code.Absolute + (pad ? 0 : (ulong)header), "the load address", appDts.SourcePath)),
                WriteAlignment = align,
                SectorSize = (uint)Math.Clamp((long)(DevicetreeFlash.EraseBlockSize(eraseMemory)?.Number ?? LayoutGeometryOptions.DefaultSectorSize), 1, uint.MaxValue),
                PrimaryPartition = first.Label,
                SecondaryPartition = second?.Label,
                HeaderPartition = null,
                AppPartition = code?.Label,
            };
            return Result(path, args, image, [image]);
        }

        private ZephyrBuildGeometry Result(ZephyrSigningPath path, ZephyrSigningArguments args, ImageGeometry image, IReadOnlyList<ImageGeometry> images)
            => new()
            {
                Folder = folder,
                SigningPath = path,
                Arguments = args,
                Image = image,
                Images = images,
                ApplicationMode = _appMode,
                FlashWriteBlockSize = _writeBlockSize,
                Bootloader = _boot,
                Sources = _sources,
                Diagnostics = _diagnostics,
            };

        // Application mode (app Kconfig, else sysbuild) against the bootloader's own .config (§8: the latter is the truth).
        private void ReadModes()
        {
            var (mode, symbol) = ZephyrModeSymbols.Application(_app);
            KconfigFile? from = _app;
            if (mode == ZephyrBootMode.Unknown)
            {
                (mode, symbol) = ZephyrModeSymbols.Sysbuild(_sb);
                from = _sb;
            }

            _appMode = mode;
            if (symbol is not null)
            {
                Add("application_mode", ZephyrModeSymbols.Name(mode), from!.SourcePath, from.Entry(symbol)!.Line, symbol);
            }

            if (_app is not null && !_app.IsEnabled("CONFIG_BOOTLOADER_MCUBOOT"))
            {
                Warn(ErrorCodes.BuildNotForMcuBoot, _app.SourcePath, 0,
                    "CONFIG_BOOTLOADER_MCUBOOT is not set: this image is not built to be chain-loaded by MCUboot (its partitions are board defaults); pass the build folder of the application image");
            }

            if (_boot is { Mode: not ZephyrBootMode.Unknown } boot)
            {
                Add("bootloader_mode", ZephyrModeSymbols.Name(boot.Mode), boot.File.SourcePath, boot.File.Entry(boot.ModeSymbol!)!.Line, boot.ModeSymbol!);
                if (mode != ZephyrBootMode.Unknown && mode != boot.Mode)
                {
                    Warn(ErrorCodes.BuildModeMismatch, from!.SourcePath, from.Entry(symbol!)!.Line,
                        $"the application assumes MCUboot mode {ZephyrModeSymbols.Name(mode)} ({symbol}) but the bootloader is built for {ZephyrModeSymbols.Name(boot.Mode)} ({boot.File.Where(boot.ModeSymbol!)}); the bootloader's .config decides: set the same mode in sysbuild (SB_CONFIG_MCUBOOT_MODE_*) for both images");
                }
            }
        }

        private int FlashAlign(DtsDocument? dts)
        {
            var flash = dts?.Chosen("zephyr,flash");
            var property = flash is null ? null : DevicetreeFlash.WriteBlockSize(flash);
            if (property?.Number is not ulong value)
            {
                Warn(ErrorCodes.BuildAlignDefault, dts?.SourcePath ?? folder.ApplicationDirectory, dts?.ChosenProperty("zephyr,flash")?.Line ?? 0,
                    $"{(flash is null ? "no zephyr,flash node is chosen" : $"the zephyr,flash node {flash.Path} has no write-block-size")}; --align 4 is used, as the build does (zephyr cmake/mcuboot.cmake L62-70)");
                Add("align", "4", dts?.SourcePath, 0, "default: no write-block-size on the zephyr,flash node");
                return 4;
            }

            if (value is not (1 or 2 or 4 or 8 or 16 or 32))
            {
                throw new McuBootException(ErrorCodes.BuildDirUnsupportedAlign,
                    $"{dts!.SourcePath}:{property.Line}: write-block-size {value} of {flash!.Path} is not an --align imgtool accepts (1, 2, 4, 8, 16, 32), so the build's imgtool call fails too; give --align explicitly with the value your bootloader uses.",
                    dts.SourcePath)
                { Line = property.Line, ExitCode = ExitCodes.Usage };
            }

            Add("align", value.ToString(CultureInfo.InvariantCulture), dts!.SourcePath, property.Line, $"write-block-size of the zephyr,flash node {flash!.Path} (zephyr cmake/mcuboot.cmake L62-70)");
            _writeBlockSize = (int)value;
            return (int)value;
        }

        // §9: --pure if ..._SIGNATURE_TYPE_PURE, else --sha 512 if ..._USES_SHA512 (sdk-zephyr mcuboot.cmake L162-168,
        // sign_sysbuild.cmake L294-304); older NCS (image_signing.cmake L127-133): nRF54L + Ed25519 only.
        private (int? Sha, bool Pure) HashChoice(bool partitionManager)
        {
            if (_app is null)
            {
                return (null, false);
            }

            if (_app.IsEnabled("CONFIG_MCUBOOT_BOOTLOADER_SIGNATURE_TYPE_PURE"))
            {
                Add("pure", "true", _app.SourcePath, _app.Entry("CONFIG_MCUBOOT_BOOTLOADER_SIGNATURE_TYPE_PURE")!.Line, "CONFIG_MCUBOOT_BOOTLOADER_SIGNATURE_TYPE_PURE: --pure");
                return (null, true);
            }

            if (_app.IsEnabled("CONFIG_MCUBOOT_BOOTLOADER_USES_SHA512"))
            {
                Add("sha", "512", _app.SourcePath, _app.Entry("CONFIG_MCUBOOT_BOOTLOADER_USES_SHA512")!.Line, "CONFIG_MCUBOOT_BOOTLOADER_USES_SHA512: --sha 512");
                return (512, false);
            }

            if (partitionManager && _app.IsEnabled("CONFIG_SOC_SERIES_NRF54LX") && _app.IsEnabled("CONFIG_MCUBOOT_BOOTLOADER_SIGNATURE_TYPE_ED25519"))
            {
                Add("sha", "512", _app.SourcePath, _app.Entry("CONFIG_MCUBOOT_BOOTLOADER_SIGNATURE_TYPE_ED25519")!.Line, "nRF54L with Ed25519: --sha 512 (image_signing.cmake L127-133)");
                return (512, false);
            }

            return (null, false);
        }

        // §11: the key the build signs with, resolved as the build resolves it.
        private (string? Setting, string? File) SigningKey(bool partitionManager, bool sysbuildSign = false)
        {
            KconfigFile? config = sysbuildSign && _sb?.Entry("SB_CONFIG_BOOT_SIGNATURE_KEY_FILE") is not null ? _sb : _app;
            string symbol = config == _sb && config is not null ? "SB_CONFIG_BOOT_SIGNATURE_KEY_FILE" : "CONFIG_MCUBOOT_SIGNATURE_KEY_FILE";
            string? written = config?.String(symbol);
            var vars = folder.CMakeVariables;
            string? configDir = vars.GetValueOrDefault(sysbuildSign ? "SB_APPLICATION_CONFIG_DIR" : "APPLICATION_CONFIG_DIR") ?? vars.GetValueOrDefault("APPLICATION_CONFIG_DIR");
            string? westTop = vars.GetValueOrDefault("WEST_TOPDIR") ?? environment("WEST_TOPDIR");
            string? found = null;
            string? bootWritten = _boot?.KeyFile;
            if (string.IsNullOrEmpty(written))
            {
                if (partitionManager && !string.IsNullOrEmpty(bootWritten))
                {
                    // NCS child-image builds sign with the MCUboot image's key (partition-layouts-and-manifests.md §A.4).
                    string? mcubootDir = vars.GetValueOrDefault("ZEPHYR_MCUBOOT_MODULE_DIR") ?? vars.GetValueOrDefault("MCUBOOT_DIR");
                    found = BuildKeyLocator.Resolve(bootWritten, vars, environment, mcubootDir).Found;
                    Add("key", bootWritten, _boot!.File.SourcePath, _boot.File.Entry("CONFIG_BOOT_SIGNATURE_KEY_FILE")?.Line ?? 0, "the application names no key, so NCS signs with the bootloader's CONFIG_BOOT_SIGNATURE_KEY_FILE");
                    WarnKey(bootWritten, found, _boot.File, "CONFIG_BOOT_SIGNATURE_KEY_FILE");
                    return (bootWritten, found);
                }

                if (config is not null)
                {
                    Warn(ErrorCodes.BuildDevelopmentKey, config.SourcePath, config.Entry(symbol)?.Line ?? 0,
                        $"{symbol} is empty: zephyr cmake/mcuboot.cmake then writes no signed image{(_app?.IsEnabled("CONFIG_MCUBOOT_GENERATE_UNSIGNED_IMAGE") == true ? " (only an unsigned one)" : string.Empty)}, and a bootloader without a configured key falls back to MCUboot's public development key; set SB_CONFIG_BOOT_SIGNATURE_KEY_FILE to your own key (absolute path) or pass -k");
                }

                return (null, null);
            }

            var (resolved, tried) = BuildKeyLocator.Resolve(written, vars, environment, configDir, westTop);
            found = resolved;
            Add("key", written, config!.SourcePath, config.Entry(symbol)!.Line,
                found is not null ? $"{symbol}, resolved to {found}" : $"{symbol}; not found here (tried {(tried.Count == 0 ? written : string.Join(", ", tried))}): give -k");
            WarnKey(written, found, config, symbol);
            if (!string.IsNullOrEmpty(bootWritten) && !SameKey(written, bootWritten))
            {
                Warn(ErrorCodes.BuildKeyMismatch, config.SourcePath, config.Entry(symbol)!.Line,
                    $"the application is signed with '{written}' ({symbol}) but the bootloader embeds '{bootWritten}' ({_boot!.File.Where("CONFIG_BOOT_SIGNATURE_KEY_FILE")}); the bootloader rejects the image unless both name the same key: set SB_CONFIG_BOOT_SIGNATURE_KEY_FILE once, in sysbuild.conf");
            }

            return (written, found);
        }

        private void WarnKey(string written, string? found, KconfigFile config, string symbol)
        {
            if (BuildKeyLocator.IsDevelopmentKeyName(written) || BuildKeyLocator.IsDevelopmentKeyName(found))
            {
                Warn(ErrorCodes.BuildDevelopmentKey, config.SourcePath, config.Entry(symbol)?.Line ?? 0,
                    $"{symbol} '{written}' is one of MCUboot's public development keys (anyone can sign images your devices accept); create your own with 'dotnet mcuboot keygen -k my-key.pem -t ecdsa-p256' and set SB_CONFIG_BOOT_SIGNATURE_KEY_FILE to its absolute path");
            }
        }

        private static bool SameKey(string a, string b)
        {
            static string Norm(string p) => p.Replace('\\', '/').Trim().TrimEnd('/');
            return string.Equals(Norm(a), Norm(b), StringComparison.Ordinal)
                   || (!BuildKeyLocator.IsAbsolute(a) || !BuildKeyLocator.IsAbsolute(b)) && string.Equals(Norm(a).Split('/')[^1], Norm(b).Split('/')[^1], StringComparison.Ordinal);
        }

        private string? EncryptionKey(bool sysbuildSign = false)
        {
            if (sysbuildSign && _sb?.IsEnabled("SB_CONFIG_BOOT_ENCRYPTION") == true && _sb.String("SB_CONFIG_BOOT_ENCRYPTION_KEY_FILE") is { Length: > 0 } sbKey)
            {
                Add("encryption_key", sbKey, _sb.SourcePath, _sb.Entry("SB_CONFIG_BOOT_ENCRYPTION_KEY_FILE")!.Line, "SB_CONFIG_BOOT_ENCRYPTION_KEY_FILE (sign_sysbuild.cmake L306-322)");
                return BuildKeyLocator.Resolve(sbKey, folder.CMakeVariables, environment, folder.CMakeVariables.GetValueOrDefault("SB_APPLICATION_CONFIG_DIR"), folder.CMakeVariables.GetValueOrDefault("WEST_TOPDIR")).Found ?? sbKey;
            }

            if (_app?.String("CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE") is { Length: > 0 } key)
            {
                Add("encryption_key", key, _app.SourcePath, _app.Entry("CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE")!.Line, "CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE: --encrypt (zephyr cmake/mcuboot.cmake L146-154)");
                return BuildKeyLocator.Resolve(key, folder.CMakeVariables, environment, folder.CMakeVariables.GetValueOrDefault("APPLICATION_CONFIG_DIR"), folder.CMakeVariables.GetValueOrDefault("WEST_TOPDIR")).Found ?? key;
            }

            return null;
        }

        private string? Version()
        {
            if (_app?.String("CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION") is { Length: > 0 } v)
            {
                Add("version", v, _app.SourcePath, _app.Entry("CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION")!.Line, "CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION: --version");
                return v;
            }

            return null;
        }

        // §12 / expected.json notes: under Partition Manager the devicetree slots are not what was used; say where they differ.
        private void CompareWithDevicetree(ImageGeometry pm, string pmFile, PartitionLayout layout)
        {
            if (folder.ApplicationDevicetree is not { } dts)
            {
                return;
            }

            foreach (var (label, pmName, address, size, external) in new[]
                     {
                         ("slot0_partition", pm.PrimaryPartition, (uint?)pm.PrimaryAddress, (uint?)pm.PrimarySize, pm.PrimaryIsExternal),
                         ("slot1_partition", pm.SecondaryPartition, pm.SecondaryAddress, pm.SecondarySize, pm.SecondaryIsExternal),
                     })
            {
                if (pmName is null || address is null)
                {
                    continue;
                }

                var slot = DevicetreeFlash.Partition(dts, label);
                if (slot is null)
                {
                    continue;
                }

                ulong dtsAddress = slot.IsExternal ? slot.Offset : slot.Absolute;
                if (dtsAddress != address || slot.Size != size || slot.IsExternal != external)
                {
                    Warn(ErrorCodes.BuildPartitionsDisagree, pmFile, layout.Find(pmName)?.Line ?? 0,
                        $"partitions.yml {pmName} {Hex(address.Value)}+{Hex(size!.Value)}{(external ? " (external flash)" : string.Empty)} != devicetree {label} {Hex(dtsAddress)}+{Hex(slot.Size)}{(slot.IsExternal ? " (external flash)" : string.Empty)} ({dts.SourcePath}:{slot.Line}); NCS signs and places the image from partitions.yml, the devicetree partitions are not used: move to devicetree partitions with 'dotnet mcuboot layout convert' before Partition Manager is removed");
                }
            }
        }

        private static ulong Cpu(DevicetreePartition p) => p.IsExternal ? p.XipAddress ?? p.Offset : p.Absolute;

        private static (string? File, int Line) Where(KconfigFile? config, string? symbol)
            => config is null || symbol is null ? (config?.SourcePath, 0) : (config.SourcePath, config.Entry(symbol)?.Line ?? 0);

        private static uint U32(ulong value, string what, string file)
            => value <= uint.MaxValue ? (uint)value : throw new McuBootException(ErrorCodes.BuildDirNoSlot,
                $"{file}: {what} 0x{value:x} does not fit 32 bits; MCUboot images address 32-bit flash only.", file)
            { ExitCode = ExitCodes.Usage };

        private static string Hex(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

        private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

        private void Add(string name, string value, string? file, int line, string rule)
        {
            _sources.RemoveAll(s => s.Name == name);
            _sources.Add(new BuildValueSource(name, value, file, line, rule));
        }

        private void Warn(string code, string file, int line, string text)
            => _diagnostics.Add(LayoutDiagnostic.Warning(code, file, line, text));
    }
}
