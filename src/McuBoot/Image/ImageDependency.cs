using System.Text.RegularExpressions;
using McuBoot.Diagnostics;

namespace McuBoot.Image;

/// <summary>A DEPENDENCY TLV (0x40): the image with <see cref="ImageId"/> must be at least <see cref="MinimumVersion"/> (§3.4).</summary>
public sealed record ImageDependency(byte ImageId, ImageVersion MinimumVersion)
{
    /// <summary>The 12-byte TLV value: id, 3 zero bytes, version struct.</summary>
    public byte[] Encode(ByteOrder order)
    {
        var value = new byte[12];
        value[0] = ImageId;
        value[4] = MinimumVersion.Major;
        value[5] = MinimumVersion.Minor;
        order.WriteUInt16(value.AsSpan(6), MinimumVersion.Revision);
        order.WriteUInt32(value.AsSpan(8), MinimumVersion.Build);
        return value;
    }

    /// <summary>Decodes a 12-byte value, or null when the length is wrong.</summary>
    public static ImageDependency? Decode(ReadOnlySpan<byte> value, ByteOrder order)
        => value.Length != 12
            ? null
            : new ImageDependency(value[0], new ImageVersion(value[4], value[5], order.ReadUInt16(value[6..]), order.ReadUInt32(value[8..])));

    /// <summary>
    /// Parses imgtool's <c>-d</c> syntax: one or more <c>(id,version)</c> groups, e.g. <c>"(1,2.0.0+0),(2,1.5.9)"</c>.
    /// Image ids above 255 are reported instead of crashing as imgtool does.
    /// </summary>
    public static IReadOnlyList<ImageDependency> ParseList(string text)
    {
        var ids = Regex.Matches(text, @"\((\d+)");
        if (ids.Count == 0)
        {
            throw Error($"Image dependency format is invalid: '{text}'; use \"(id,version)\" groups, e.g. \"(1,1.2.3),(2,0.5.0+7)\".");
        }

        var versions = Regex.Matches(text, @",\s*([0-9.+]+)\)");
        if (ids.Count != versions.Count)
        {
            throw Error($"There is a mismatch between the number of dependency images and versions in '{text}'; use \"(id,version)\" groups without spaces inside the parentheses.");
        }

        var result = new List<ImageDependency>(ids.Count);
        for (int i = 0; i < ids.Count; i++)
        {
            string idText = ids[i].Groups[1].Value;
            if (!byte.TryParse(idText, out byte id))
            {
                throw Error($"Dependency image id {idText} in '{text}' is out of range; image ids are 0..255.");
            }

            var versionText = versions[i].Groups[1].Value;
            if (!ImageVersion.TryParse(versionText, out var version, out var reason))
            {
                throw Error($"Dependency version '{versionText}' in '{text}' {reason}; use maj.min.rev+build.");
            }

            result.Add(new ImageDependency(id, version));
        }

        return result;
    }

    private static McuBootException Error(string message)
        => new(ErrorCodes.InvalidDependencies, $"Invalid value for '-d' / '--dependencies': {message}") { ExitCode = ExitCodes.Usage };
}
