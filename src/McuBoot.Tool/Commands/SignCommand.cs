using System.CommandLine;
using McuBoot.Diagnostics;
using McuBoot.Encryption;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Artifacts;
using McuBoot.Build;
using McuBoot.Signing;

namespace McuBoot.Tool.Commands;

/// <summary><c>sign</c> (alias <c>create</c>): imgtool 2.4.0's options, names, short flags and defaults (§9.8).</summary>
internal static class SignCommand
{
    /// <summary>The one-line description shown in the command list.</summary>
    public const string Description = "Sign an image (imgtool's options; add --layout to take geometry from a partition layout).";

    public static Command Create(CliContext context)
    {
        var key = new Option<string[]>("--key", "-k")
        {
            Description = "Signing key: a PEM file, a pkcs11: URI or an exec: signing command. Repeat for one signature per key (key rotation). Without it the image is hash-only.",
            HelpName = "KEY",
        };
        var publicKeyFormat = new Option<string?>("--public-key-format") { Description = "Key TLV: 'hash' (KEYHASH, default) or 'full' (PUBKEY, for MCUBOOT_HW_KEY)." };
        var align = new Option<string?>("--align") { Description = "Flash write size for the swap status area: 1, 2, 4, 8, 16 or 32 (default 1)." };
        var maxAlign = new Option<string?>("--max-align") { Description = "BOOT_MAX_ALIGN of the bootloader: 8, 16 or 32 (default max(8, align))." };
        var version = new Option<string?>("--version", "-v") { Description = "Image version maj.min.rev+build (with --build-dir: default CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION)." };
        var securityCounter = new Option<string?>("--security-counter", "-s") { Description = "Security counter: a number, or 'auto' to derive it from the version." };
        var dependencies = new Option<string?>("--dependencies", "-d") { Description = "Dependencies: \"(id,version), ...\"." };
        var padSig = new Option<bool>("--pad-sig") { Description = "Pad ECDSA signatures to a fixed length (MCUboot < 1.5 only)." };
        var headerSize = new Option<string?>("--header-size", "-H") { Description = "Header size including padding (>= 32), e.g. 0x200, or 'auto' (imgtool fork: the smallest, 32). Required unless --layout gives it." };
        var padHeader = new Option<bool>("--pad-header") { Description = "Add the header area in front of the input (filled with the erased value)." };
        var slotSize = new Option<string?>("--slot-size", "-S") { Description = "Slot size in bytes (0 disables the size check). Required unless --layout gives it." };
        var layout = new Option<string?>("--layout") { Description = "Partition layout (pm_static.yml, partitions.yml or an mcuboot-layout file): fills in -H, -S, -x and --align; explicit options win.", HelpName = "FILE" };
        var buildDir = CommonOptions.BuildDirectory();
        var buildImage = CommonOptions.BuildImage();
        var imageIndex = new Option<int>("--image") { Description = "Image index in the layout (0 = application, 1 = e.g. the nRF5340 network core).", DefaultValueFactory = _ => 0 };
        var pad = new Option<bool>("--pad") { Description = "Pad the image to the slot size and write the trailer magic (a test upgrade)." };
        var confirm = new Option<bool>("--confirm") { Description = "Like --pad, and mark the image confirmed (permanent upgrade)." };
        var test = new Option<bool>("--test") { Description = "Like --pad (image_ok left unset)." };
        var maxSectors = new Option<string?>("--max-sectors", "-M") { Description = "BOOT_MAX_IMG_SECTORS of the bootloader (default 128)." };
        var bootRecord = new Option<string?>("--boot-record") { Description = "Software type for the measured-boot record (<= 12 characters)." };
        var overwriteOnly = new Option<bool>("--overwrite-only") { Description = "The bootloader is overwrite-only (smaller trailer, no image_ok)." };
        var endian = new Option<string?>("--endian", "-e") { Description = "Byte order: little (default) or big." };
        var clear = new Option<bool>("--clear", "-c") { Description = "With -E: write the encryption metadata but leave the body in plaintext." };
        var compression = new Option<string?>("--compression") { Description = "disabled (default), lzma2 or lzma2armthumb." };
        var encryptKeyLen = new Option<string?>("--encrypt-keylen") { Description = "AES key size with -E: 128 (default) or 256." };
        var encrypt = new Option<string?>("--encrypt", "-E") { Description = "Encrypt for this public key (PEM), or an AES-KW key file.", HelpName = "FILE" };
        var saveEncTlv = new Option<bool>("--save-enctlv") { Description = "The bootloader saves the whole encryption TLV in the trailer (MCUBOOT_SWAP_SAVE_ENCTLV)." };
        var romFixed = new Option<string?>("--rom-fixed", "-F") { Description = "Address the image is linked to run from (direct-XIP / header load-address check)." };
        var loadAddr = new Option<string?>("--load-addr", "-L") { Description = "RAM load address (RAM-load mode)." };
        var hexAddr = new Option<string?>("--hex-addr", "-x") { Description = "Address of the image in a .hex output." };
        var erasedVal = new Option<string?>("--erased-val", "-R") { Description = "Erased flash value: 0xff (default) or 0." };
        var customTlv = new Option<string[]>("--custom-tlv") { Description = "A protected custom TLV: TAG VALUE (0x-prefixed hex, else text). Repeatable.", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true, HelpName = "TAG VALUE" };
        var customTlvFile = new Option<string[]>("--custom-tlv-file") { Description = "A protected custom TLV from a file: TAG FILE. Repeatable.", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true, HelpName = "TAG FILE" };
        var nonBootable = new Option<bool>("--non-bootable") { Description = "Mark the image non-bootable." };
        var fixSig = new Option<string?>("--fix-sig") { Description = "Insert this base64 signature (external signing).", HelpName = "FILE" };
        var fixSigPubkey = new Option<string?>("--fix-sig-pubkey") { Description = "Public key of the --fix-sig signature.", HelpName = "FILE" };
        var pure = new Option<bool>("--pure") { Description = "Pure Ed25519: sign the whole image, not its hash." };
        var deterministic = new Option<bool>("--deterministic") { Description = "Deterministic ECDSA (RFC 6979): the same input gives the same signed image (Ed25519 always does)." };
        var sigOut = new Option<string?>("--sig-out") { Description = "Write the signature (base64) to this file.", HelpName = "FILE" };
        var sha = new Option<string?>("--sha") { Description = "Hash: auto (default), 256, 384 or 512." };
        var hmacSha = new Option<string?>("--hmac-sha") { Description = "HMAC/HKDF hash for ECIES-X25519: auto (default), 256 or 512." };
        var vectorToSign = new Option<string?>("--vector-to-sign") { Description = "Export what must be signed instead of an image: payload or digest." };
        var vid = new Option<string?>("--vid") { Description = "Vendor UUID, or a name for a UUIDv5." };
        var cid = new Option<string?>("--cid") { Description = "Image-class UUID, or a name for a UUIDv5 under the vendor UUID." };
        // Nordic's imgtool fork (sdk-mcuboot scripts/imgtool/main.py): fork-only options, docs/imgtool-differences.md.
        var padValue = new Option<string?>("--pad-value") { Description = "imgtool fork: byte for header and slot padding, 0 or 0xff (also fills the input's reserved header without --pad-header)." };
        var manifest = new Option<string?>("--manifest") { Description = "imgtool fork: image manifest YAML; its digests go into the protected MANIFEST TLV (0x76).", HelpName = "FILE" };
        var lzmaDict = new Option<string?>("--compression-lzma-dictsize") { Description = "imgtool fork: LZMA2 dictionary size in bytes (default 131072)." };
        var lzmaPb = new Option<string?>("--compression-lzma-pb") { Description = "imgtool fork: LZMA position bits (default 2)." };
        var lzmaLc = new Option<string?>("--compression-lzma-lc") { Description = "imgtool fork: LZMA literal context bits (default 3)." };
        var lzmaLp = new Option<string?>("--compression-lzma-lp") { Description = "imgtool fork: LZMA literal position bits (default 1)." };
        var lzmaPreset = new Option<string?>("--compression-lzma-preset") { Description = "imgtool fork: liblzma preset 0..9 (default 9)." };
        var bootloader = new Option<string?>("--bootloader") { Description = "The bootloader build (.bin, .hex or .elf): the signed image is checked against it as the MSBuild task does (docs/check.md); a rejection removes every output and exits 5. With --merged it also goes into the factory image (a .bin at the layout's mcuboot partition, else 0).", HelpName = "FILE" };
        var noBuildCheck = new Option<bool>("--no-build-check") { Description = "With --build-dir: do not check the signed image against the build's bootloader configuration (its keys, hash, mode and sizes), for a device whose bootloader was built elsewhere. By default a rejection removes every output and exits 5, as the MSBuild task does (McuBootCheckBuildBootloader)." };
        var mergedOut = new Option<string?>("--merged") { Description = "Also write the factory image: the bootloader and the signed image at its slot address, in one .hex.", HelpName = "FILE" };
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var infile = new Argument<string>("INFILE") { Description = "Firmware: .hex (Intel HEX) or binary." };
        var outfile = new Argument<string>("OUTFILE") { Description = "Signed image: .hex or binary." };

        var command = new Command("sign", Description)
        {
            key, publicKeyFormat, align, maxAlign, version, securityCounter, dependencies, padSig, headerSize, padHeader,
            slotSize, pad, confirm, test, maxSectors, bootRecord, overwriteOnly, endian, clear, compression, encryptKeyLen,
            encrypt, saveEncTlv, romFixed, loadAddr, hexAddr, erasedVal, customTlv, customTlvFile, nonBootable, fixSig,
            fixSigPubkey, pure, deterministic, sigOut, sha, hmacSha, vectorToSign, vid, cid, passwordEnv, passwordFile, layout, buildDir, buildImage, imageIndex,
            padValue, manifest, lzmaDict, lzmaPb, lzmaLc, lzmaLp, lzmaPreset, bootloader, noBuildCheck, mergedOut, infile, outfile,
        };
        command.Aliases.Add("create");

        command.SetAction(result =>
        {
            var passwords = CommonOptions.Passwords(context, result, passwordEnv, passwordFile);
            string inputPath = context.Resolve(result.GetValue(infile)!);
            string outputPath = context.Resolve(result.GetValue(outfile)!);
            var tlvFiles = result.GetValue(customTlvFile) ?? [];
            (string, string?)[] inputs =
            [
                ("INFILE", inputPath), ("-E", result.GetValue(encrypt)), ("--fix-sig", result.GetValue(fixSig)), ("--fix-sig-pubkey", result.GetValue(fixSigPubkey)),
                ("--layout", result.GetValue(layout)), ("--manifest", result.GetValue(manifest)), ("--password-file", result.GetValue(passwordFile)),
                ("--bootloader", result.GetValue(bootloader)),
                .. (result.GetValue(key) ?? []).Select(k => ("-k", (string?)k)),
                .. tlvFiles.Where((_, i) => i % 2 == 1).Select(f => ("--custom-tlv-file", (string?)f)),
            ];
            if (result.GetValue(bootloader) is { } bootloaderOption && !File.Exists(context.Resolve(bootloaderOption)))
            {
                // Before anything is signed or written (the signed image is checked against it, and merged with it).
                throw new McuBootException(ErrorCodes.InputNotFound, $"Bootloader not found: {context.Resolve(bootloaderOption)}; check the --bootloader path.", context.Resolve(bootloaderOption)) { ExitCode = ExitCodes.Usage };
            }

            CommonOptions.RefuseOutputOverInput(context, outputPath, "OUTFILE", inputs);
            CommonOptions.RefuseOutputOverInput(context, result.GetValue(sigOut), "--sig-out", [.. inputs, ("OUTFILE", outputPath)]);
            CommonOptions.RefuseOutputOverInput(context, result.GetValue(mergedOut), "--merged-out", [.. inputs, ("OUTFILE", outputPath)]);

            // sdk-mcuboot main.py validate_header_size(): 'auto' is IMAGE_HEADER_SIZE, the 32-byte header without padding.
            uint? explicitHeader = string.Equals(result.GetValue(headerSize), "auto", StringComparison.OrdinalIgnoreCase)
                ? (uint)ImageHeader.Size
                : CommonOptions.UInt32(result, headerSize, "-H' / '--header-size");
            uint? explicitSlot = CommonOptions.UInt32(result, slotSize, "-S' / '--slot-size");
            string shaChoice = CommonOptions.Choice(result.GetValue(sha), "--sha", "auto", "auto", "256", "384", "512");

            // One resolver for the CLI and the MSBuild task (SigningSources / SigningGeometry): explicit options win over the
            // layout, the layout over the build folder. Without either, the options keep imgtool's own defaults.
            var sources = SigningSources.Load(
                result.GetValue(layout) is { } layoutPath ? context.Resolve(layoutPath) : null,
                null,
                result.GetValue(buildDir) is { } dir ? context.Resolve(dir) : null,
                result.GetValue(buildImage),
                context.Environment,
                context.Warn);
            bool hasSource = sources.Layout is not null || sources.Build is not null;
            uint derivedBootloaderAddress = sources.Layout?.Bootloader?.Address ?? 0;
            if (!hasSource)
            {
                _ = explicitHeader ?? throw Missing("-H' / '--header-size");
                _ = explicitSlot ?? throw Missing("-S' / '--slot-size");
            }

            var overrides = new SigningGeometryOverrides
            {
                HeaderSize = explicitHeader is uint h ? (int)Math.Min(h, int.MaxValue) : null,
                SlotSize = explicitSlot,
                Align = result.GetValue(align) is { } a ? int.Parse(CommonOptions.Choice(a, "--align", "1", "1", "2", "4", "8", "16", "32"), System.Globalization.CultureInfo.InvariantCulture) : hasSource ? null : 1,
                HexAddress = CommonOptions.UInt32(result, hexAddr, "-x' / '--hex-addr"),
                PadHeader = result.GetValue(padHeader) ? true : hasSource ? null : false,
                OverwriteOnly = result.GetValue(overwriteOnly) ? true : null,
                Hash = shaChoice switch { "256" => ImageHashAlgorithm.Sha256, "384" => ImageHashAlgorithm.Sha384, "512" => ImageHashAlgorithm.Sha512, _ => null },
                Pure = result.GetValue(pure) ? true : null,
                RamLoadAddress = CommonOptions.UInt32(result, loadAddr, "-L' / '--load-addr"),
                RomFixed = CommonOptions.UInt32(result, romFixed, "-F' / '--rom-fixed"),
            };
            int index = sources.Layout is null && sources.Build is not null && result.GetResult(imageIndex) is not { Implicit: false } ? sources.Build.Arguments.ImageIndex : result.GetValue(imageIndex);
            var geometry = sources.Resolve(overrides, index, $"image {index} ({inputPath})");
            int hdr = geometry.HeaderSize;
            long slot = geometry.SlotSize;
            var build = geometry.Build;

            string versionText = result.GetValue(version) ?? build?.Arguments.Version
                ?? throw new McuBootException(ErrorCodes.MissingOption, "Missing option '-v' / '--version'; give the image version (maj.min.rev+build).") { ExitCode = ExitCodes.Usage };
            var imageVersion = ImageVersion.Parse(versionText);

            uint? counter = null;
            bool counterAuto = false;
            if (result.GetValue(securityCounter) is { } sc)
            {
                if (sc.Equals("auto", StringComparison.OrdinalIgnoreCase))
                {
                    counterAuto = true;
                }
                else
                {
                    try
                    {
                        counter = CommonOptions.UInt32(result, securityCounter, "-s' / '--security-counter");
                    }
                    catch (McuBootException e) when (e.Code == ErrorCodes.InvalidNumber)
                    {
                        throw new McuBootException(ErrorCodes.InvalidSecurityCounter, e.Message + " Give a 32-bit number or 'auto'.", e.File, e) { ExitCode = ExitCodes.Usage };
                    }
                }
            }

            var deps = result.GetValue(dependencies) is { } d ? ImageDependency.ParseList(d) : [];

            var custom = new List<Tlv>();
            var pairs = result.GetValue(customTlv) ?? [];
            for (int i = 0; i + 1 < pairs.Length; i += 2)
            {
                custom.Add(new Tlv(ParseTag(pairs[i]), CustomTlv.ParseValue(pairs[i + 1])));
            }

            var filePairs = result.GetValue(customTlvFile) ?? [];
            for (int i = 0; i + 1 < filePairs.Length; i += 2)
            {
                string path = context.Resolve(filePairs[i + 1]);
                if (!File.Exists(path))
                {
                    throw new McuBootException(ErrorCodes.InputNotFound, $"Custom TLV file not found: {path}; check the --custom-tlv-file path.", path) { ExitCode = ExitCodes.Usage };
                }

                custom.Add(new Tlv(ParseTag(filePairs[i]), File.ReadAllBytes(path)));
            }

            byte[]? vendor = result.GetValue(vid) is { } v ? ImageUuid.Vendor(v) : null;
            byte[]? cls = result.GetValue(cid) is { } c ? ImageUuid.Class(c, vendor) : null;


            string endianText = CommonOptions.Choice(result.GetValue(endian), "-e' / '--endian", "little", "little", "big");
            string erased = CommonOptions.Choice(result.GetValue(erasedVal), "-R' / '--erased-val", "0xff", "0", "0xff");
            string pkFormat = CommonOptions.Choice(result.GetValue(publicKeyFormat), "--public-key-format", "hash", "hash", "full");
            string vts = CommonOptions.Choice(result.GetValue(vectorToSign), "--vector-to-sign", "none", "payload", "digest");
            string comp = CommonOptions.Choice(result.GetValue(compression), "--compression", "disabled", "disabled", "lzma2", "lzma2armthumb");
            string keyLen = CommonOptions.Choice(result.GetValue(encryptKeyLen), "--encrypt-keylen", "128", "128", "256");
            string hmac = CommonOptions.Choice(result.GetValue(hmacSha), "--hmac-sha", "auto", "auto", "256", "512");
            int? maxAlignValue = result.GetValue(maxAlign) is { } ma
                ? int.Parse(CommonOptions.Choice(ma, "--max-align", "8", "8", "16", "32"), System.Globalization.CultureInfo.InvariantCulture)
                : null;
            int sectors = result.GetValue(maxSectors) is { } ms ? (int)IntegerLiteral.ParseUInt32(ms, "-M/--max-sectors", 0, int.MaxValue) : 128;

            var (data, baseAddress) = ImageFileReader.ReadInput(inputPath, slot);

            // The same placement rule as the MSBuild task (never an image below its slot).
            if (ImagePlacement.Check(geometry, baseAddress, geometry.DecidePadHeader(baseAddress, data), overrides.HexAddress is not null, inputPath, "--pad-header") is { } placement)
            {
                context.Warn(placement);
            }

            IReadOnlyList<IImageSigner> signers = [];
            IImageSigner? signer = null;
            ISignatureVerifier? fixedKey = null;
            byte[]? fixedSignature = null;
            IImageEncryptor? encryptor = null;
            try
            {
                var keySpecs = result.GetValue(key) ?? [];
                if (keySpecs.Length == 0 && build is not null && result.GetValue(fixSigPubkey) is null
                    && BuildSigningKey.Choose(build, context.Environment, context.Warn) is { } buildKey)
                {
                    // The key the build's bootloader verifies with, else the build's own signing key (one decision with the
                    // MSBuild task; docs/build-directories.md).
                    keySpecs = [buildKey];
                }

                if (keySpecs.Length > 1 && result.GetValue(sigOut) != null)
                {
                    throw new McuBootException(ErrorCodes.MultipleSignaturesNotAllowed, "--sig-out writes one signature, but several keys (-k) were given; sign with one key, or drop --sig-out.") { ExitCode = ExitCodes.Usage };
                }

                if (keySpecs.Length > 0)
                {
                    signers = SignerFactory.CreateSigners(keySpecs, passwords, context.BaseDirectory, result.GetValue(deterministic));
                    signer = signers[0];
                }

                if (result.GetValue(fixSig) is { } fixSigPath)
                {
                    string path = context.Resolve(fixSigPath);
                    if (!File.Exists(path))
                    {
                        throw new McuBootException(ErrorCodes.InputNotFound, $"--fix-sig file not found: {path}.", path) { ExitCode = ExitCodes.Usage };
                    }

                    fixedSignature = DecodeBase64Lenient(File.ReadAllText(path), path);
                }

                if (result.GetValue(fixSigPubkey) is { } fixKeyPath)
                {
                    fixedKey = SignerFactory.CreateVerifier(Keys.KeyLoader.Load(context.Resolve(fixKeyPath), passwords));
                }

                if (result.GetValue(encrypt) is { } encryptPath)
                {
                    var hmacSha = hmac switch { "256" => HmacSha.Sha256, "512" => HmacSha.Sha512, _ => HmacSha.Auto };
                    encryptor = EncryptorFactory.Create(context.Resolve(encryptPath), hmacSha, passwords);
                }
                else if (build is not null && BuildEncryptionKey.Choose(build, context.Environment, context.Warn) is { } buildEncryption)
                {
                    // The build's bootloader decrypts images and its encryption key is here: encrypt for it (one decision
                    // with the MSBuild task; docs/build-directories.md).
                    var hmacSha = hmac switch { "256" => HmacSha.Sha256, "512" => HmacSha.Sha512, _ => buildEncryption.HmacSha512 ? HmacSha.Sha512 : HmacSha.Auto };
                    encryptor = EncryptorFactory.Create(buildEncryption.KeyPath, hmacSha, passwords);
                    if (result.GetValue(encryptKeyLen) is null && buildEncryption.Aes256)
                    {
                        keyLen = "256";
                    }
                }

                var options = new ImageSignOptions
                {
                    Version = imageVersion,
                    HeaderSize = hdr,
                    SlotSize = slot,
                    SecurityCounter = counter,
                    SecurityCounterAuto = counterAuto,
                    Dependencies = deps,
                    BootRecordType = result.GetValue(bootRecord),
                    CustomTlvs = custom,
                    VendorUuid = vendor,
                    ClassUuid = cls,
                    NonBootable = result.GetValue(nonBootable),
                    ByteOrder = endianText == "big" ? ByteOrder.BigEndian : ByteOrder.LittleEndian,
                    ErasedValue = erased == "0" ? (byte)0 : (byte)0xff,
                    Pad = result.GetValue(pad),
                    Confirm = result.GetValue(confirm),
                    Test = result.GetValue(test),
                    Trailer = new TrailerOptions
                    {
                        MaxAlign = maxAlignValue,
                        MaxSectors = sectors,
                        SaveEncTlv = result.GetValue(saveEncTlv),
                    },
                    PublicKeyFormat = pkFormat == "full" ? PublicKeyFormat.Full : PublicKeyFormat.Hash,
                    PadSignature = result.GetValue(padSig),
                    Signer = signer,
                    AdditionalSigners = signers.Skip(1).ToList(),
                    FixedSignature = fixedSignature,
                    FixedSignatureKey = fixedKey,
                    VectorToSign = vts switch { "payload" => VectorToSign.Payload, "digest" => VectorToSign.Digest, _ => VectorToSign.None },
                    Encryptor = encryptor,
                    EncryptKeyLength = keyLen == "256" ? 32 : 16,
                    Clear = result.GetValue(clear),
                    Compression = comp switch { "lzma2" => CompressionKind.Lzma2, "lzma2armthumb" => CompressionKind.Lzma2ArmThumb, _ => CompressionKind.None },
                    Lzma = ForkOptions.Lzma(result, lzmaDict, lzmaPb, lzmaLc, lzmaLp, lzmaPreset),
                    PadValue = ForkOptions.PadValue(result.GetValue(padValue), result.GetValue(erasedVal)),
                    Manifest = result.GetValue(manifest) is { } manifestPath ? ImageManifest.Load(manifestPath, context.BaseDirectory) : null,
                };
                options = geometry.ApplyTo(options, baseAddress, data);

                var image = ImageBuilder.Build(data, baseAddress, options, inputPath);
                foreach (var warning in image.Warnings)
                {
                    context.Warn(warning);
                }

                if ((signer?.GetPublicKeyBytes() ?? fixedKey?.GetPublicKeyBytes()) is { } signingKey
                    && Checks.DevelopmentKeys.UsageWarning(signingKey, (keySpecs.FirstOrDefault() ?? result.GetValue(fixSigPubkey)) is { } kp ? context.ResolveKey(kp) : null) is { } devKey)
                {
                    context.Warn(devKey);
                }

                uint? hexAddress = geometry.OutputHexAddress(overrides.HexAddress, image.BaseAddress);
                if (image.Vector != null)
                {
                    ImageFileWriter.WriteVector(image.Vector, outputPath, hexAddress ?? image.BaseAddress);
                    return ExitCodes.Success;
                }

                string? sigOutPath = result.GetValue(sigOut);
                if (sigOutPath != null && image.Signature == null)
                {
                    throw new McuBootException(ErrorCodes.NoSignature, "--sig-out needs a signature, but the image is not signed; add -k KEY (or --fix-sig).") { ExitCode = ExitCodes.Usage };
                }

                // The factory image is merged (and overlaps refused) before anything is written.
                MemoryImage? factoryImage = null;
                var factory = FactoryParts(context, result.GetValue(bootloader), result.GetValue(mergedOut), derivedBootloaderAddress);
                if (factory is { } f)
                {
                    uint address = hexAddress ?? image.BaseAddress ?? throw new McuBootException(ErrorCodes.FactoryImagePartInvalid,
                        "--merged needs the signed image's flash address: sign a .hex input, or give -x/--hex-addr or --layout.")
                    { ExitCode = ExitCodes.Usage };
                    var signed = new FactoryImagePart("signed image", outputPath, MemoryImage.FromSegments(ImageFileWriter.HexSegments(image, address).Select(s => new MemorySegment(s.Address, s.Data))));
                    factoryImage = FactoryImage.Merge([f.Bootloader, signed]);
                }

                ImageFileWriter.Write(image, outputPath, hexAddress);
                if (factory is { } target && factoryImage is not null)
                {
                    IntelHexWriter.WriteFile(target.Path, factoryImage); // streamed: the HEX text is never held in memory
                }

                if (sigOutPath != null)
                {
                    AtomicFile.WriteAllBytes(context.Resolve(sigOutPath), System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(image.Signature!)));
                }

                var checkBuild = result.GetValue(noBuildCheck) ? null : build;
                if (result.GetValue(bootloader) is { } || checkBuild is not null)
                {
                    // The MSBuild task's verdict and condition (SigningJob -> PostSigningCheck.Enforce): a bootloader file,
                    // or a build folder whose bootloader configuration decides unless turned off; a rejected image fails
                    // the command and removes every file it wrote.
                    string?[] written = [outputPath, factory?.Path, sigOutPath is null ? null : context.Resolve(sigOutPath)];
                    Checks.PostSigningCheck.Enforce(
                        [new Checks.PostSigningTarget(outputPath, index, geometry.Align)],
                        result.GetValue(bootloader) is { } bootloaderPath ? context.Resolve(bootloaderPath) : null,
                        result.GetValue(layout) is { } checkLayout ? context.Resolve(checkLayout) : null,
                        passwords,
                        written.OfType<string>().ToList(),
                        finding => context.Error.WriteLine(finding.ToString()),
                        checkBuild, // with --build-dir the build's bootloader configuration decides, as the MSBuild task's check
                        context.Environment);
                }

                return ExitCodes.Success;
            }
            finally
            {
                foreach (var s in signers)
                {
                    s.Dispose();
                }
            }
        });

        return command;
    }

    private static (string Path, FactoryImagePart Bootloader)? FactoryParts(CliContext context, string? bootloader, string? merged, uint binaryAddress)
    {
        if (merged is null)
        {
            // --bootloader alone: the signed image is only checked against it.
            return null;
        }

        if (bootloader is null)
        {
            throw new McuBootException(ErrorCodes.MissingOption, "--merged and --bootloader go together: give the bootloader build and the factory image to write (e.g. --bootloader mcuboot/zephyr/zephyr.hex --merged merged.hex).") { ExitCode = ExitCodes.Usage };
        }

        return (context.Resolve(merged), FactoryImagePart.Load("bootloader", context.Resolve(bootloader), binaryAddress));
    }

    private static McuBootException Missing(string option)
        => new(ErrorCodes.MissingOption, $"Missing option '{option}'; give it, or give --layout with the partition layout to take it from.") { ExitCode = ExitCodes.Usage };

    private static ushort ParseTag(string text)
    {
        ulong tag = IntegerLiteral.ParseUInt64(text, "--custom-tlv");
        if (tag > ushort.MaxValue)
        {
            throw new McuBootException(ErrorCodes.InvalidCustomTlv, $"Invalid custom TLV type value '{text}'; allowed values are between 0x00a0 and 0xfffe.") { ExitCode = ExitCodes.Usage };
        }

        return (ushort)tag;
    }

    /// <summary>Decodes base64 skipping non-alphabet characters (line breaks, spaces), as imgtool's decoder does.</summary>
    private static byte[] DecodeBase64Lenient(string text, string path)
    {
        var filtered = new string(text.Where(ch => char.IsAsciiLetterOrDigit(ch) || ch is '+' or '/' or '=').ToArray());
        try
        {
            return Convert.FromBase64String(filtered);
        }
        catch (FormatException)
        {
            throw new McuBootException(ErrorCodes.InvalidFixedSignature, $"{path} does not hold a base64 signature; write the raw signature bytes base64-encoded.", path) { ExitCode = ExitCodes.Usage };
        }
    }
}
