// Nordic's imgtool fork (sdk-mcuboot scripts/imgtool/image.py, class Manifest and Image.create()): the protected
// MANIFEST TLV (0x76) of manifest-based multi-image updates. Value = u32 format (1), u32 number of images, then each
// image's digest (all the same length) in image-index order; a 'path' entry contributes the hash TLV of that signed
// image after it verified, a 'hash' entry its hex bytes. Indices must be consecutive from 0, with the manifest's own
// image at 'manifest_index' left out (the same checks as Manifest.load()).
using System.Globalization;
using McuBoot.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McuBoot.Image;

/// <summary>
/// The image manifest of Nordic's imgtool fork (<c>--manifest FILE</c>): the digests of the other images of a
/// manifest-based update, written into the protected MANIFEST TLV (0x76) of the manifest image.
/// </summary>
public sealed record ImageManifest
{
    /// <summary>The only manifest format the fork writes.</summary>
    public const uint SupportedFormat = 1;

    /// <summary>The <c>format</c> value (always <see cref="SupportedFormat"/>).</summary>
    public uint Format { get; init; } = SupportedFormat;

    /// <summary>The digests, in image-index order, all of one length.</summary>
    public required IReadOnlyList<byte[]> Digests { get; init; }

    /// <summary>The TLV value: format and count as u32 in <paramref name="order"/>, then the digests.</summary>
    public byte[] Encode(ByteOrder order)
    {
        var value = new byte[8 + Digests.Sum(d => d.Length)];
        order.WriteUInt32(value.AsSpan(0, 4), Format);
        order.WriteUInt32(value.AsSpan(4, 4), (uint)Digests.Count);
        int at = 8;
        foreach (var digest in Digests)
        {
            digest.CopyTo(value, at);
            at += digest.Length;
        }

        return value;
    }

    /// <summary>
    /// Reads a fork manifest YAML: <c>format: 1</c>, optional <c>manifest_index</c>, and <c>images</c>, each with
    /// <c>path</c> (a signed image, verified, its hash TLV taken) or <c>hash</c> (hex), and an optional <c>index</c>.
    /// </summary>
    /// <param name="path">The YAML file.</param>
    /// <param name="baseDirectory">Relative image paths resolve against this folder (the fork uses the working directory).</param>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InputNotFound"/>, <see cref="ErrorCodes.InvalidImageManifest"/>, <see cref="ErrorCodes.ManifestImageInvalid"/>.</exception>
    public static ImageManifest Load(string path, string baseDirectory)
    {
        string full = Path.GetFullPath(path, baseDirectory);
        if (!File.Exists(full))
        {
            throw new McuBootException(ErrorCodes.InputNotFound, $"Manifest file {full} not found; check the --manifest path.", full) { ExitCode = ExitCodes.Usage };
        }

        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            using var reader = new StringReader(File.ReadAllText(full));
            stream.Load(reader);
            root = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode m
                ? m
                : throw Invalid(full, "it is not a YAML mapping with 'format' and 'images'");
        }
        catch (YamlException e)
        {
            throw Invalid(full, $"it is not valid YAML (line {e.Start.Line}: {e.Message.Split('\n')[0]})");
        }

        string format = Scalar(root, "format") ?? "0";
        if (format.Trim() != SupportedFormat.ToString(CultureInfo.InvariantCulture))
        {
            throw Invalid(full, $"its format is {format}; only 'format: 1' is supported");
        }

        int manifestIndex = Scalar(root, "manifest_index") is { } mi ? ParseIndex(mi, full, "manifest_index") : -1;
        var images = new List<(int Index, YamlMappingNode Node)>();
        if (Child(root, "images") is { } imagesNode)
        {
            if (imagesNode is not YamlSequenceNode sequence)
            {
                throw Invalid(full, "'images' is not a list");
            }

            foreach (var item in sequence)
            {
                if (item is not YamlMappingNode entry)
                {
                    throw Invalid(full, "an 'images' entry is not a mapping with 'path' or 'hash'");
                }

                images.Add((Scalar(entry, "index") is { } ix ? ParseIndex(ix, full, "index") : 0, entry));
            }
        }

        // Manifest.load(): sort by index, require consecutive indices skipping manifest_index.
        images = [.. images.OrderBy(i => i.Index)];
        int last = -1;
        var digests = new List<byte[]>();
        foreach (var (index, entry) in images)
        {
            if (Scalar(entry, "index") is not null)
            {
                if (last + 1 == manifestIndex)
                {
                    last++;
                }

                if (index != last + 1)
                {
                    throw Invalid(full, $"image indexes must be consecutive; index {last + 1} is missing");
                }

                last = index;
            }

            string? imagePath = Scalar(entry, "path");
            string? hash = Scalar(entry, "hash");
            if (imagePath is null && hash is null)
            {
                throw Invalid(full, "an image entry has neither 'path' nor 'hash'");
            }

            if (imagePath is not null)
            {
                digests.Add(DigestOf(Path.GetFullPath(imagePath, baseDirectory), full));
            }

            if (hash is not null)
            {
                try
                {
                    digests.Add(Convert.FromHexString(hash.Trim()));
                }
                catch (FormatException)
                {
                    throw Invalid(full, $"hash '{hash}' is not hexadecimal");
                }
            }

            if (digests.Count > 1 && digests[^1].Length != digests[0].Length)
            {
                throw Invalid(full, "all image hashes must have the same length (one hash algorithm for every image)");
            }
        }

        if (last + 1 == manifestIndex)
        {
            last++;
        }

        if (last != -1 && last != images.Count)
        {
            throw Invalid(full, $"image indexes must be consecutive; index {last + 1} is missing");
        }

        return new ImageManifest { Digests = digests };
    }

    private static byte[] DigestOf(string imagePath, string manifestPath)
    {
        if (!File.Exists(imagePath))
        {
            throw new McuBootException(ErrorCodes.InputNotFound, $"Image {imagePath} named in the manifest {manifestPath} not found; sign it first or fix its 'path'.", imagePath) { ExitCode = ExitCodes.Usage };
        }

        try
        {
            var (bytes, _) = IO.ImageFileReader.ReadInput(imagePath);
            return ImageVerifier.Verify(bytes, null, imagePath).Digest;
        }
        catch (McuBootException e) when (e.Code != ErrorCodes.InputNotFound)
        {
            throw new McuBootException(ErrorCodes.ManifestImageInvalid,
                $"Image {imagePath} named in the manifest {manifestPath} does not verify ({e.Code}: {e.Message}); give the signed image, not the firmware.",
                imagePath, e)
            { ExitCode = ExitCodes.Usage };
        }
    }

    private static int ParseIndex(string text, string file, string what)
        => int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0
            ? value
            : throw Invalid(file, $"{what} '{text}' is not a non-negative integer");

    private static YamlNode? Child(YamlMappingNode node, string key)
        => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode node, string key) => Child(node, key) is YamlScalarNode s ? s.Value : null;

    private static McuBootException Invalid(string file, string what)
        => new(ErrorCodes.InvalidImageManifest, $"Image manifest {file} is invalid: {what}; see the fork's manifest format (format: 1, manifest_index, images: [path|hash, index]).", file) { ExitCode = ExitCodes.Usage };
}
