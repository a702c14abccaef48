using McuBoot.IO;

namespace McuBoot.Artifacts;

/// <summary>One part of a factory <c>merged.hex</c>: a named file and the flash contents it contributes.</summary>
/// <param name="Name">What the part is, for messages (<c>bootloader</c>, <c>image 0</c>, <c>network core</c>).</param>
/// <param name="Path">The file it came from.</param>
/// <param name="Memory">Its data at its flash addresses.</param>
public sealed record FactoryImagePart(string Name, string Path, MemoryImage Memory)
{
    /// <summary>
    /// Loads a part: an Intel HEX or ELF file at its own addresses, or a binary at <paramref name="binaryAddress"/>.
    /// </summary>
    /// <param name="name">What the part is (for messages).</param>
    /// <param name="path">The file.</param>
    /// <param name="binaryAddress">Where a binary goes; required for a binary, ignored for HEX and ELF.</param>
    /// <exception cref="Diagnostics.McuBootException"><see cref="Diagnostics.ErrorCodes.FactoryImagePartInvalid"/> for a missing file or a binary without address; HEX/ELF format errors.</exception>
    public static FactoryImagePart Load(string name, string path, uint? binaryAddress = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(path);
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new Diagnostics.McuBootException(Diagnostics.ErrorCodes.FactoryImagePartInvalid,
                $"The {name} file {full} for merged.hex does not exist; build it first or fix the path.", full)
            { ExitCode = Diagnostics.ExitCodes.Usage };
        }

        var file = Checks.FirmwareFile.Load(full, name);
        if (file.Kind == Checks.FirmwareFileKind.Binary)
        {
            uint address = binaryAddress ?? throw new Diagnostics.McuBootException(Diagnostics.ErrorCodes.FactoryImagePartInvalid,
                $"The {name} file {full} is a binary, which carries no flash address, so it cannot be placed in merged.hex; give the .hex or .elf build output, or the address (FILE@0xADDRESS).",
                full)
            { ExitCode = Diagnostics.ExitCodes.Usage };
            return new FactoryImagePart(name, full, MemoryImage.FromBytes(address, file.Data));
        }

        return new FactoryImagePart(name, full, MemoryImage.FromSegments(file.Segments));
    }
}
