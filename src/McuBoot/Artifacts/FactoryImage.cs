// The factory image NCS programs (partition-layouts-and-manifests.md §A.4: "the flasher uses merged.hex produced by
// PM's mergehex"; sdk-nrf scripts/mergehex.py refuses overlapping data): the bootloader and the signed primary images
// at their slot addresses in one Intel HEX file.
using System.Globalization;
using McuBoot.Diagnostics;
using McuBoot.IO;

namespace McuBoot.Artifacts;

/// <summary>
/// Builds a factory <c>merged.hex</c>: the bootloader plus the signed image(s) at their slot addresses (and any other
/// part, such as a network-core image), refusing any two parts whose data overlap.
/// </summary>
public static class FactoryImage
{
    /// <summary>The default file name (as NCS writes it).</summary>
    public const string DefaultFileName = "merged.hex";

    /// <summary>Combines the parts.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.FactoryImageOverlap"/> naming both parts and their address ranges.</exception>
    public static MemoryImage Merge(IReadOnlyList<FactoryImagePart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new McuBootException(ErrorCodes.FactoryImagePartInvalid, "merged.hex needs at least one part (the bootloader and the signed image).") { ExitCode = ExitCodes.Usage };
        }

        var ranges = parts
            .SelectMany(p => p.Memory.Segments.Select(s => (Part: p, Start: (ulong)s.Address, End: s.EndAddress)))
            .OrderBy(r => r.Start)
            .ToList();
        for (int i = 1; i < ranges.Count; i++)
        {
            // Any earlier range that reaches past this start overlaps it; the previous one in start order is enough
            // only if ranges were disjoint so far, which the loop establishes.
            var previous = ranges[i - 1];
            var current = ranges[i];
            if (current.Start < previous.End)
            {
                throw new McuBootException(ErrorCodes.FactoryImageOverlap,
                    $"merged.hex: {previous.Part.Name} {previous.Part.Path} ({Range(previous.Part.Memory)}) overlaps {current.Part.Name} {current.Part.Path} ({Range(current.Part.Memory)}) at {Hex(current.Start)}..{Hex(Math.Min(previous.End, current.End) - 1)}; the bootloader must end before the primary slot: check the partition layout (mcuboot partition size) and that each file was built for it.",
                    current.Part.Path)
                { ExitCode = ExitCodes.Failure };
            }
        }

        return MemoryImage.FromSegments(parts.SelectMany(p => p.Memory.Segments));
    }

    /// <summary>Merges the parts and writes the Intel HEX file atomically.</summary>
    /// <returns>The merged contents.</returns>
    public static MemoryImage Write(string path, IReadOnlyList<FactoryImagePart> parts)
    {
        ArgumentNullException.ThrowIfNull(path);
        var merged = Merge(parts);
        IntelHexWriter.WriteFile(path, merged); // streamed: the HEX text is never held in memory
        return merged;
    }

    /// <summary>The address span of a part, e.g. <c>0x00000000..0x0000bfff</c>.</summary>
    public static string Range(MemoryImage memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return memory.IsEmpty ? "empty" : $"{Hex(memory.MinAddress!.Value)}..{Hex((ulong)memory.MaxAddressExclusive - 1)}";
    }

    private static string Hex(ulong value) => "0x" + value.ToString("x8", CultureInfo.InvariantCulture);
}
