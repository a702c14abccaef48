using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace McuBoot.Tests.Properties;

/// <summary>
/// FsCheck generators of random <c>sign</c> option sets: key type (or none) with a hash the key allows (§4.2), header
/// size and padding, version forms, security counter, dependencies, custom TLVs (text, hex, files), boot record,
/// UUIDs, load address / ROM-fixed, non-bootable, trailer options, alignment, endianness, erased value, HEX or
/// binary input and output. Every set generated is valid, so the tool must accept it.
/// </summary>
internal static class SignOptionGenerator
{
    private static readonly ushort[] CustomTags =
    [
        .. Enumerable.Range(0xa0, 0x60).Select(t => (ushort)t),
        0x01a0, 0x12a5, 0x7fff, 0xfffe,
        0x0150, 0x7f00, // outside the vendor sub-ranges: accepted with warning MCUB1102
    ];

    public static Gen<SignOptionSet> OptionSets =>
        from key in Gen.Elements<string?>(null, "ed25519.pem", "ecdsa-p256.pem", "ecdsa-p384.pem", "rsa-2048.pem")
        from hash in HashChoice(key)
        from publicKeyFormat in Gen.Elements<string?>(null, "hash", "full")
        from headerSize in Gen.Frequency((3, Gen.Constant(0x200)), (2, Gen.Elements(32, 64, 0x100, 0x400, 0x1000)), (1, Gen.Choose(32, 0x1000)))
        from headerInHex in Bool(1, 1)
        from padHeader in Bool(2, 1)
        from version in Version
        from counter in SecurityCounter
        from dependencies in Gen.Choose(0, 3).SelectMany(n => Dependency.ListOf(n))
        from custom in CustomTlvs
        from bootRecord in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, Text(1, 12).Select(s => (string?)s)))
        from vendor in Gen.Frequency((4, Gen.Constant<byte[]?>(null)), (1, Bytes(16, 16).Select(b => (byte[]?)b)))
        from cls in Gen.Frequency((4, Gen.Constant<byte[]?>(null)), (1, Bytes(16, 16).Select(b => (byte[]?)b)))
        from address in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)))
        from addressValue in UInt32.Where(v => v != 0)
        from nonBootable in Bool(1, 3)
        from trailer in Gen.Elements("none", "none", "pad", "confirm", "test")
        from overwriteOnly in Bool(1, 3)
        from align in Gen.Elements<int?>(null, 1, 2, 4, 8, 16, 32)
        from maxAlign in Gen.Elements<int?>(null, 8, 16, 32).Where(m => m == null || m >= Math.Max(8, align ?? 1))
        from maxSectors in Gen.Elements<int?>(null, 0, 32, 128, 256)
        from bigEndian in Bool(1, 3)
        from erased in Gen.Elements<string?>(null, "0", "0xff")
        from hexOutput in Bool(1, 2)
        from hexInput in Bool(1, 3)
        from hexAddress in hexInput ? Gen.Elements(0x10000u, 0x8000000u, 0x20000000u) : Gen.Elements(0u, 0x10000u, 0x8000000u)
        from length in Gen.Frequency((4, Gen.Choose(1, 4096)), (1, Gen.Choose(4096, 16384)))
        from seed in Gen.Choose(0, int.MaxValue)
        select new SignOptionSet
        {
            Key = key,
            Sha = hash.Sha,
            Pure = hash.Pure,
            PublicKeyFormat = publicKeyFormat,
            HeaderSize = headerSize,
            HeaderSizeInHex = headerInHex,
            PadHeader = padHeader,
            VersionParts = version.Parts,
            Major = version.Major,
            Minor = version.Minor,
            Revision = version.Revision,
            Build = version.Build,
            SecurityCounter = counter,
            Dependencies = dependencies,
            CustomTlvs = custom,
            BootRecord = bootRecord,
            VendorUuid = vendor,
            ClassUuid = cls,
            LoadAddress = address == 1 ? addressValue : null,
            RomFixed = address == 2 ? addressValue : null,
            NonBootable = nonBootable,
            Trailer = trailer,
            OverwriteOnly = overwriteOnly,
            Align = align,
            MaxAlign = maxAlign,
            MaxSectors = maxSectors,
            BigEndian = bigEndian,
            Erased = erased,
            HexOutput = hexOutput,
            HexInput = hexInput,
            HexAddress = hexAddress,
            FirmwareLength = padHeader ? length : headerSize + length,
            FirmwareSeed = seed,
        };

    /// <summary>A uint over the whole range, with the edges likely.</summary>
    private static Gen<uint> UInt32 =>
        Gen.Frequency(
            (1, Gen.Elements(0u, 1u, 0xffffffffu, 0x80000000u)),
            (4, Gen.Choose(0, 0xffff).SelectMany(hi => Gen.Choose(0, 0xffff).Select(lo => ((uint)hi << 16) | (uint)lo))));

    private static Gen<(string? Sha, bool Pure)> HashChoice(string? key) => key switch
    {
        null => Gen.Elements<string?>(null, "auto", "256", "384", "512").Select(s => (s, false)),
        "ed25519.pem" => Gen.Frequency(
            (3, Gen.Elements<string?>(null, "auto", "256", "512").Select(s => (s, false))),
            (1, Gen.Constant<(string?, bool)>((null, true)))),
        "ecdsa-p384.pem" => Gen.Elements<string?>(null, "auto", "384").Select(s => (s, false)),
        _ => Gen.Elements<string?>(null, "auto", "256").Select(s => (s, false)),
    };

    private static Gen<(int Parts, int Major, int Minor, int Revision, uint Build)> Version =>
        from parts in Gen.Choose(1, 4)
        from major in Gen.Frequency((3, Gen.Choose(0, 9)), (1, Gen.Choose(0, 255)))
        from minor in Gen.Frequency((3, Gen.Choose(0, 9)), (1, Gen.Choose(0, 255)))
        from revision in Gen.Frequency((3, Gen.Choose(0, 99)), (1, Gen.Choose(0, 65535)))
        from build in UInt32
        select (parts, major, parts >= 2 ? minor : 0, parts >= 3 ? revision : 0, parts == 4 ? build : 0u);

    private static Gen<string?> SecurityCounter =>
        Gen.Frequency(
            (3, Gen.Constant<string?>(null)),
            (1, Gen.Constant<string?>("auto")),
            (1, UInt32.Select(v => (string?)v.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            (1, UInt32.Select(v => (string?)$"0x{v:x}")));

    private static Gen<DependencySpec> Dependency =>
        from id in Gen.Choose(0, 255)
        from major in Gen.Choose(0, 255)
        from minor in Gen.Choose(0, 255)
        from revision in Gen.Choose(0, 65535)
        from build in UInt32
        select new DependencySpec(id, major, minor, revision, build);

    private static Gen<IReadOnlyList<CustomTlvSpec>> CustomTlvs =>
        from count in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 4)))
        from tags in Gen.Shuffle(CustomTags)
        from values in CustomValue.ListOf(count)
        from files in Bool(1, 3).ListOf(count)
        select (IReadOnlyList<CustomTlvSpec>)values.Select((v, i) => new CustomTlvSpec(tags[i], v.Text, v.Value, files[i])).ToList();

    /// <summary>A custom TLV value: 0x-prefixed hex (bytes), or text (its UTF-8 bytes) not starting with 0x.</summary>
    private static Gen<(string Text, byte[] Value)> CustomValue =>
        Gen.OneOf(
            Bytes(0, 40).Select(b => ("0x" + Convert.ToHexStringLower(b), b)),
            Text(1, 24).Where(t => !t.StartsWith("0x", StringComparison.Ordinal)).Select(t => (t, Encoding.UTF8.GetBytes(t))));

    private static Gen<byte[]> Bytes(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(n));

    private static Gen<string> Text(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.".ToCharArray()).ArrayOf(n))
            .Select(chars => new string(chars)).Where(t => t[0] != '-');

    private static Gen<bool> Bool(int trueWeight, int falseWeight) =>
        Gen.Frequency((trueWeight, Gen.Constant(true)), (falseWeight, Gen.Constant(false)));
}
