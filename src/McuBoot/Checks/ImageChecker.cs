// What MCUboot checks before it boots or installs an image: mcuboot-image-format.md §10 (per-slot validation), §4.4/§4.5
// (signatures, key hashes), §5 (trailer and size limits), §11 items 1, 2, 5, 17, 30, 32 (imgtool pitfalls the bootloader
// punishes), Appendix A (options vs bootloader configuration); partition-layouts-and-manifests.md §A.4 (geometry rules),
// §D (key-configuration failures).
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Layouts;
using McuBoot.Signing;

namespace McuBoot.Checks;

/// <summary>
/// Checks a signed image against what the bootloader will do with it: the key it embeds, the partition layout, the
/// trailer, the vector table the bootloader jumps to, and every header/TLV rule of bootutil. Reports each problem as a
/// coded <see cref="CheckFinding"/>; the CLI (<c>dotnet mcuboot check</c>) and the MSBuild task print them.
/// </summary>
public static partial class ImageChecker
{
    /// <summary>Runs every check that the inputs of <paramref name="request"/> allow.</summary>
    /// <exception cref="McuBootException">An input file is missing or unreadable (image, bootloader, layout, key), or is
    /// not a valid .hex/ELF; a key that cannot sign (X25519). Problems of the image itself are findings, not exceptions.</exception>
    public static CheckReport Check(CheckRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var image = FirmwareFile.Load(request.ImagePath, "image");
        var bootloader = request.BootloaderPath is null ? null : FirmwareFile.Load(request.BootloaderPath, "bootloader");
        (image, bootloader) = MergedHexSplitter.Split(request, image, bootloader);
        using var key = request.KeyPath is null ? null : LoadKey(request.KeyPath, request.Passwords);
        var ctx = new Context(request, image, bootloader, key);

        LoadGeometry(ctx);
        ctx.Parsed = ParseImage(ctx);
        if (ctx.Parsed is not null)
        {
            CheckHeader(ctx);
            CheckTlvs(ctx);
            CheckHash(ctx);
        }

        CheckKeys(ctx);
        if (ctx.Parsed is not null)
        {
            CheckGeometry(ctx);
            CheckTrailer(ctx);
            CheckVectorTable(ctx);
        }

        var model = CheckWithModel(ctx);
        return new CheckReport(image.Path, ctx.Findings)
        {
            Bootloader = model?.Config,
            Model = model,
            RequestedSwap = model?.RequestedSwap,
            HashAlgorithm = ctx.HashAlgorithm,
            ImageKeyHash = ctx.WantedKeyHash is null ? null : Convert.ToHexStringLower(ctx.WantedKeyHash),
            SignatureType = ctx.SignatureTlv?.Name,
            KeyFoundInBootloader = ctx.KeyLocation,
            SignaturePairs = ctx.SignaturePairs,
            BootloaderKeys = ctx.BootloaderKeys,
        };
    }

    private static McuBootKey LoadKey(string path, IPasswordProvider? passwords)
    {
        var key = SignerFactory.LoadPublicKey(path, passwords);
        if (key.Type == KeyType.X25519)
        {
            var full = Path.GetFullPath(path);
            key.Dispose();
            throw new McuBootException(ErrorCodes.KeyTypeMismatch,
                $"--key {full} is an X25519 key, which encrypts but cannot sign; pass the signing key (or its public PEM).", full)
            { ExitCode = ExitCodes.Usage };
        }

        return key;
    }

    private static void LoadGeometry(Context ctx)
    {
        if (ctx.Request.LayoutPath is not { } layoutPath)
        {
            return;
        }

        var read = LayoutReader.Load(layoutPath);
        if (read.Layout is null)
        {
            var why = read.Diagnostics.FirstOrDefault(d => d.IsError)?.Message ?? "it holds no partitions";
            ctx.Error(ErrorCodes.CheckLayoutUnusable, $"The layout cannot be used for the checks: {why}", Path.GetFullPath(layoutPath));
            return;
        }

        ctx.Layout = read.Layout;
        var derived = LayoutGeometry.Derive(read.Layout);
        ctx.Geometry = derived.Image(ctx.Request.ImageIndex);
        if (ctx.Geometry is null)
        {
            var why = derived.Diagnostics.FirstOrDefault(d => d.IsError)?.Message;
            var have = derived.Images.Count == 0 ? "none" : string.Join(", ", derived.Images.Select(i => i.ImageIndex));
            ctx.Error(ErrorCodes.CheckLayoutUnusable,
                why ?? $"The layout {read.Layout.SourcePath} has no MCUboot image {ctx.Request.ImageIndex} (images: {have}); pass --image with one of those.",
                read.Layout.SourcePath);
        }
    }

    private static ParsedImage? ParseImage(Context ctx)
    {
        ParsedImage parsed;
        try
        {
            parsed = ImageReader.Read(ctx.Image.Data, ctx.Image.Path);
        }
        catch (McuBootException e)
        {
            string code = e.Code == ErrorCodes.ProtectedSizeMismatch ? ErrorCodes.CheckProtectedSizeMismatch : ErrorCodes.CheckImageUnreadable;
            ctx.Error(code, $"MCUboot cannot read the image ({e.Code}): {e.Message}", ctx.Image.Path);
            return null;
        }

        if (parsed.ByteOrder == ByteOrder.BigEndian)
        {
            ctx.Error(ErrorCodes.CheckImageBigEndian,
                $"{ctx.Image.Path} is a big-endian image (signed with -e big): MCUboot reads images little-endian (and imgtool writes big-endian TLV types wrongly), so it rejects it; sign without -e big.",
                ctx.Image.Path);
            return null;
        }

        ctx.HashTlv = parsed.UnprotectedTlvs.FirstOrDefault(t => TlvType.HashOf(t.Type) is not null);
        ctx.HashAlgorithm = ctx.HashTlv is null ? null : TlvType.HashOf(ctx.HashTlv.Type);
        ctx.SignatureTlv = parsed.UnprotectedTlvs.FirstOrDefault(t => IsSignature(t.Type));
        ctx.KeyTlv = parsed.UnprotectedTlvs.FirstOrDefault(t => t.Type is TlvType.KeyHash or TlvType.PublicKey);
        return parsed;
    }

    private static bool IsSignature(ushort type) => type is TlvType.Rsa2048 or TlvType.Ecdsa224 or TlvType.EcdsaSig or TlvType.Rsa3072 or TlvType.Ed25519;

    private static string Hex(long value) => $"0x{value:x}";

    /// <summary>State shared by the checks of one run.</summary>
    private sealed class Context(CheckRequest request, FirmwareFile image, FirmwareFile? bootloader, McuBootKey? key)
    {
        public CheckRequest Request { get; } = request;

        public FirmwareFile Image { get; } = image;

        public FirmwareFile? Bootloader { get; } = bootloader;

        public McuBootKey? Key { get; } = key;

        public List<CheckFinding> Findings { get; } = [];

        public PartitionLayout? Layout { get; set; }

        public ImageGeometry? Geometry { get; set; }

        public ParsedImage? Parsed { get; set; }

        public ParsedTlv? HashTlv { get; set; }

        public ImageHashAlgorithm? HashAlgorithm { get; set; }

        public ParsedTlv? SignatureTlv { get; set; }

        public ParsedTlv? KeyTlv { get; set; }

        public IReadOnlyList<string> SignaturePairs { get; set; } = [];

        /// <summary>True when the hash TLV matched the image (so the signature can be checked).</summary>
        public bool HashVerified { get; set; }

        public byte[]? WantedKeyHash { get; set; }

        public string? KeyLocation { get; set; }

        public IReadOnlyList<EmbeddedKey> BootloaderKeys { get; set; } = [];

        public bool Encrypted => Parsed is not null && (Parsed.Header.Flags & (ImageFlags.EncryptedAes128 | ImageFlags.EncryptedAes256)) != 0;

        public bool Compressed => Parsed is not null && (Parsed.Header.Flags & (ImageFlags.CompressedLzma1 | ImageFlags.CompressedLzma2)) != 0;

        public void Error(string code, string message, string? file = null) => Findings.Add(new CheckFinding(code, CheckSeverity.Error, OneLine(message), file ?? Image.Path));

        public void Warning(string code, string message, string? file = null) => Findings.Add(new CheckFinding(code, CheckSeverity.Warning, OneLine(message), file ?? Image.Path));

        private static string OneLine(string text) => text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
            ? text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)
            : text;
    }
}
