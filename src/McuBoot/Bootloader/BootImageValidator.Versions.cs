// The version rules after validation (mcuboot-acceptance-rules.md §2 row 3, §4.4, §8.3): downgrade prevention
// (MCUBOOT_DOWNGRADE_PREVENTION: loader.c:boot_validate_slot L615-L633 for overwrite-only, check_downgrade_prevention
// L1672 for the swap modes; bootutil_loader.c:boot_compare_version L200) and the dependencies of a multi-image build
// (loader.c:boot_verify_slot_dependencies L299 -> boot_verify_slot_dependency L155: only protected DEPENDENCY TLVs,
// each 12 bytes, the other image's version >= image_min_version); and RAM-load's executable RAM window
// (ram_load.c:boot_verify_ram_load_address: [ih_load_addr, ih_load_addr + image size) inside IMAGE_EXECUTABLE_RAM_*).
using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Bootloader;

public static partial class BootImageValidator
{
    private sealed partial class Run
    {
        // For an accepted image in the secondary slot: the version checks the bootloader makes before it installs it.
        private BootFinding? VersionRules()
        {
            if (RamLoadWindow() is { } window)
            {
                return window;
            }

            if (_options.Slot != BootSlot.Secondary)
            {
                return null;
            }

            if (_config.PrimaryVersion is { } primary && _config.Mode is UpgradeMode.SwapScratch or UpgradeMode.SwapMove or UpgradeMode.SwapOffset or UpgradeMode.OverwriteOnly)
            {
                var candidate = _header.Version;
                if (Compare(candidate, primary) < 0)
                {
                    string rule = _config.Mode == UpgradeMode.OverwriteOnly ? "loader.c:boot_validate_slot (MCUBOOT_DOWNGRADE_PREVENTION)" : "loader.c:check_downgrade_prevention";
                    return Error(ErrorCodes.BootDowngradePrevented, rule,
                        $"{Name} is version {Show(candidate)}, older than the installed {Show(primary)}: a bootloader with downgrade prevention (MCUBOOT_DOWNGRADE_PREVENTION) compares {(_config.VersionCompareUsesBuildNumber ? "major, minor, revision and build" : "major, minor and revision (not the build number)")}, erases the update and keeps the installed image; sign a version of at least {Show(primary)}.");
                }
            }

            return _config.ImageVersions is { } versions ? Dependencies(versions) : null;
        }

        // ram_load.c:boot_verify_ram_load_address: the image as the bootloader copies it (header, body and both TLV areas,
        // boot_read_image_size) must lie in the executable RAM.
        private BootFinding? RamLoadWindow()
        {
            if (_config.Mode != UpgradeMode.RamLoad || _config.ExecutableRamStart is not long start || _config.ExecutableRamSize is not long size
                || (_header.Flags & ImageFlags.RamLoad) == 0)
            {
                return null;
            }

            long load = _header.LoadAddress;
            long imageSize = (long)_header.HeaderSize + _header.ImageSize + _header.ProtectedTlvSize;
            var it = TlvIterator.Begin(_area, _header.TlvOffset, _header.ProtectedTlvSize, TlvIterator.Any, false, out _);
            if (it is not null)
            {
                imageSize = it.TlvEnd;
            }

            if (load < start || load + imageSize > start + size)
            {
                return Error(ErrorCodes.BootRamLoadOutsideWindow, "ram_load.c:boot_verify_ram_load_address",
                    $"{Name} is loaded to 0x{load:x}..0x{load + imageSize:x} (ih_load_addr + {imageSize} bytes), outside the bootloader's executable RAM 0x{start:x}..0x{start + size:x} (IMAGE_EXECUTABLE_RAM_START/SIZE, CONFIG_BOOT_IMAGE_EXECUTABLE_RAM_*): it refuses to load the image; {(load < start || load >= start + size ? "sign with a --load-addr inside that RAM" : "make the image smaller or the RAM window larger")}.");
            }

            return null;
        }

        private BootFinding? Dependencies(IReadOnlyDictionary<int, ImageVersion> versions)
        {
            var it = TlvIterator.Begin(_area, _header.TlvOffset, _header.ProtectedTlvSize, TlvType.Dependency, true, out _);
            while (it is not null && it.Next(out long off, out ushort len, out _) == 0)
            {
                if (len != 12 || !_area.TryRead(off, 12, out var value))
                {
                    return Error(ErrorCodes.BootDependencyInvalid, "loader.c:boot_verify_slot_dependencies",
                        $"{Name}: its DEPENDENCY TLV at 0x{off - 4:x} is {len} bytes, not 12: the bootloader fails the dependency check (BOOT_EBADIMAGE) and cancels the upgrade; re-sign with -d \"(ID, VERSION)\".");
                }

                int imageId = value[0];
                var min = new ImageVersion(value[4], value[5], Read16(value, 6), Read32(value, 8));
                if (!versions.TryGetValue(imageId, out var other))
                {
                    Warn(ErrorCodes.BootDependencyNotChecked, "loader.c:boot_verify_slot_dependency",
                        $"{Name} depends on image {imageId} at version {Show(min)} or later, but no version of image {imageId} is given, so the dependency is not checked; give it (check --image-version {imageId}=VERSION).");
                    continue;
                }

                if (Compare(other, min) < 0)
                {
                    return Error(ErrorCodes.BootDependencyNotMet, "loader.c:boot_verify_slot_dependency",
                        $"{Name} needs image {imageId} at version {Show(min)} or later (its DEPENDENCY TLV), but image {imageId} is {Show(other)}: the bootloader cancels the upgrade{(_config.Mode is UpgradeMode.DirectXip or UpgradeMode.RamLoad ? " of this slot" : " (in swap modes, of every image)")}; update image {imageId} in the same upgrade, or lower the dependency.");
                }
            }

            return null;
        }

        // bootutil_loader.c:boot_compare_version: major, minor, revision; the build number only with
        // MCUBOOT_VERSION_CMP_USE_BUILD_NUMBER.
        private int Compare(ImageVersion a, ImageVersion b)
        {
            int c = a.Major.CompareTo(b.Major);
            c = c != 0 ? c : a.Minor.CompareTo(b.Minor);
            c = c != 0 ? c : a.Revision.CompareTo(b.Revision);
            return c != 0 || !_config.VersionCompareUsesBuildNumber ? c : a.Build.CompareTo(b.Build);
        }

        private string Show(ImageVersion v) => _config.VersionCompareUsesBuildNumber ? v.ToString() : v.ToShortString();

        private ushort Read16(byte[] b, int at) => _area.Order == ByteOrder.BigEndian
            ? System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at))
            : System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));

        private uint Read32(byte[] b, int at) => _area.Order == ByteOrder.BigEndian
            ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at))
            : System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));
    }
}
