// The build-integration signing pipeline: partition-layouts-and-manifests.md §A.4 (NCS geometry and outputs:
// signed .bin/.hex, confirmed variants, the test hex moved to the secondary slot with the XIP base for external flash,
// the nRF5340 network-core rule), §B (manifests), §E items 2-7 (resolution order, slot-fit checks, key handling and
// logging the key hash); mcuboot-image-format.md §0 (sign), §5 (trailer), §10.2 (verification).
using System.Security.Cryptography;
using McuBoot.Artifacts;
using McuBoot.Diagnostics;
using McuBoot.Encryption;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Layouts;
using McuBoot.Manifests;
using McuBoot.Signing;

namespace McuBoot.Build;

/// <summary>
/// Signs one or more firmware images for a build: resolves the key and the partition layout, signs every image with
/// the geometry derived for it (explicit values win), writes the requested variants atomically, reads every written
/// image back and verifies it, then writes the JSON manifest and the NCS-compatible DFU package. The MSBuild task and
/// the CLI are thin adapters over <see cref="Run"/>.
/// </summary>
public static class SigningJob
{
    /// <summary>The command that creates a signing key, for error messages.</summary>
    public static string KeygenCommand(string keyPath) => $"dotnet mcuboot keygen -k \"{keyPath}\" -t ecdsa-p256";

    /// <summary>Runs the job. On failure (or cancellation, <see cref="SigningJobRequest.Cancellation"/>) nothing written by this run is left behind.</summary>
    /// <exception cref="McuBootException">Any input, key, layout, signing or write problem, with its code and file.</exception>
    /// <exception cref="OperationCanceledException">The request's cancellation token was cancelled.</exception>
    public static SigningJobResult Run(SigningJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var warnings = new List<McuBootWarning>();
        void Warn(McuBootWarning w)
        {
            warnings.Add(w);
            request.Warning?.Invoke(w);
        }

        string baseDirectory = Path.GetFullPath(request.BaseDirectory);
        var images = Plan(request, baseDirectory);
        string outputDirectory = PathExpander.Resolve(request.OutputDirectory, baseDirectory);

        string? layoutPath = string.IsNullOrWhiteSpace(request.LayoutPath) ? null : PathExpander.Resolve(request.LayoutPath, baseDirectory);
        string? buildDirectory = string.IsNullOrWhiteSpace(request.BuildDirectory) ? null : PathExpander.Resolve(request.BuildDirectory, baseDirectory);
        if (layoutPath is not null)
        {
            request.Message?.Invoke($"partition layout {layoutPath}");
        }

        if (buildDirectory is not null)
        {
            request.Message?.Invoke($"build folder {buildDirectory}");
        }

        // A missing bootloader fails before anything is signed or written (it is merged and checked against at the end).
        if (!string.IsNullOrWhiteSpace(request.BootloaderPath) && PathExpander.Resolve(request.BootloaderPath, baseDirectory) is var bootloaderFile && !File.Exists(bootloaderFile))
        {
            throw new McuBootException(ErrorCodes.InputNotFound,
                $"Bootloader not found: {bootloaderFile}; build the bootloader first or fix the path (MSBuild McuBootBootloader, CLI --bootloader; relative paths are resolved against {baseDirectory}).",
                bootloaderFile)
            { ExitCode = ExitCodes.Usage };
        }

        var sources = SigningSources.Load(layoutPath, request.LayoutOptions, buildDirectory, request.BuildImage, request.EnvironmentLookup, Warn);
        var layout = sources.Layout;

        // Every image's geometry is settled before anything is loaded or written (the same resolver as the CLI's sign).
        var geometries = images.ToDictionary(
            i => i,
            i => ForSlot(sources.Resolve(i.Request.Geometry with { PadHeader = i.Request.PadHeader ?? i.Request.Geometry.PadHeader }, i.Request.ImageIndex, $"image {i.Request.ImageIndex} ({i.FirmwarePath})"), i));

        // No output may be one of the job's inputs (MCUB3204, the CLI's rule): each output path is claimed, and refused
        // when it names an input, before it is written (and before the cleanup of a failed run could delete it).
        var inputs = new List<(string Role, string? Path)>();
        inputs.AddRange(images.Select(i => ($"firmware of image {i.Request.ImageIndex}", (string?)i.FirmwarePath)));
        inputs.AddRange(KeySpecList.Split(request.KeySpec).Concat(images.SelectMany(i => KeySpecList.Split(i.Request.KeySpec)))
            .Select(spec => ("signing key", ResolveKeyFile(spec, baseDirectory))));
        inputs.Add(("partition layout", layoutPath));
        inputs.Add(("encryption key", string.IsNullOrWhiteSpace(request.EncryptionKeyPath) ? null : PathExpander.Resolve(request.EncryptionKeyPath, baseDirectory)));
        inputs.Add(("bootloader", string.IsNullOrWhiteSpace(request.BootloaderPath) ? null : PathExpander.Resolve(request.BootloaderPath, baseDirectory)));
        var written = new OutputClaims(inputs);
        var cancellation = request.Cancellation;
        string outputPrefix = Path.TrimEndingDirectorySeparator(outputDirectory) + Path.DirectorySeparatorChar;
        using var onCancel = cancellation.Register(() => TempFiles.DeleteAll(f => f.StartsWith(outputPrefix, StringComparison.Ordinal)));
        IImageSigner? signer = null;
        var additionalSigners = new List<IImageSigner>();
        IImageEncryptor? encryptor = null;
        try
        {
            SigningKeyInfo? keyInfo = null;
            var additionalKeys = new List<SigningKeyInfo>();
            var keySpecs = KeySpecList.Split(request.KeySpec);
            if (keySpecs.Count == 0 && sources.Build is { } build && images.Any(i => string.IsNullOrWhiteSpace(i.Request.KeySpec))
                && BuildSigningKey.Choose(build, request.EnvironmentLookup, Warn) is { } buildKey)
            {
                // No McuBootSigningKey: the build folder's bootloader key, as the CLI's sign --build-dir without -k.
                keySpecs = [buildKey];
                request.Message?.Invoke($"no signing key is set: signing with the build folder's key {buildKey}");
            }

            if (keySpecs.Count > 0)
            {
                // McuBootSigningKey may list several keys (key rotation): one KEYHASH + signature pair each, in order.
                foreach (var spec in keySpecs)
                {
                    var (s, info) = LoadSigner(spec, request.Passwords, baseDirectory, request.DeterministicSignatures);
                    if (signer is null)
                    {
                        (signer, keyInfo) = (s, info);
                    }
                    else
                    {
                        additionalSigners.Add(s);
                        additionalKeys.Add(info);
                    }

                    request.Message?.Invoke($"signing key {info.Path ?? info.Spec} ({SigningManifestWriter.KeyTypeName(info.KeyType)}, public key SHA-256 {info.PublicKeyHash})");
                }
            }
            else if (images.Any(i => string.IsNullOrWhiteSpace(i.Request.KeySpec)))
            {
                Warn(new McuBootWarning(ErrorCodes.ImageUnsigned,
                    "No signing key is set, so the images carry a hash but no signature and a bootloader with signature checks rejects them; set the signing key (MSBuild McuBootSigningKey, CLI -k)."));
            }

            if (!string.IsNullOrWhiteSpace(request.EncryptionKeyPath))
            {
                string encPath = PathExpander.Resolve(request.EncryptionKeyPath, baseDirectory);
                encryptor = EncryptorFactory.Create(encPath, request.Hmac, request.Passwords);
                request.Message?.Invoke($"encryption key {encPath}");
            }
            else if (sources.Build is { } encBuild && BuildEncryptionKey.Choose(encBuild, request.EnvironmentLookup, Warn) is { } buildEncryption)
            {
                // The build's bootloader decrypts images: encrypt for its key, as the CLI's sign --build-dir does.
                encryptor = EncryptorFactory.Create(buildEncryption.KeyPath, buildEncryption.HmacSha512 ? HmacSha.Sha512 : request.Hmac, request.Passwords);
                request = request with { EncryptKeyLength = buildEncryption.Aes256 ? 32 : request.EncryptKeyLength };
                request.Message?.Invoke($"encryption key {buildEncryption.KeyPath} (from the build folder)");
            }

            cancellation.ThrowIfCancellationRequested();
            Directory.CreateDirectory(outputDirectory);
            var verifier = signer as ISignatureVerifier;
            var results = new List<SignedImageResult>();
            foreach (var image in images)
            {
                cancellation.ThrowIfCancellationRequested();
                if (KeySpecList.Split(image.Request.KeySpec) is { Count: > 0 } ownSpecs)
                {
                    // McuBootImage SigningKey metadata: this image has its own key(s).
                    var own = new List<IImageSigner>();
                    try
                    {
                        foreach (var spec in ownSpecs)
                        {
                            var (s, info) = LoadSigner(spec, request.Passwords, baseDirectory, request.DeterministicSignatures);
                            own.Add(s);
                            request.Message?.Invoke($"image {image.Request.ImageIndex} signing key {info.Path ?? info.Spec} ({SigningManifestWriter.KeyTypeName(info.KeyType)}, public key SHA-256 {info.PublicKeyHash})");
                        }

                        results.Add(SignImage(request, image, geometries[image], layout?.Layout.SourcePath, outputDirectory, own[0], own.Skip(1).ToList(), own[0] as ISignatureVerifier, encryptor, written, Warn));
                    }
                    finally
                    {
                        foreach (var s in own)
                        {
                            s.Dispose();
                        }
                    }

                    continue;
                }

                results.Add(SignImage(request, image, geometries[image], layout?.Layout.SourcePath, outputDirectory, signer, additionalSigners, verifier, encryptor, written, Warn));
            }

            var timestamp = request.Timestamp ?? images.Max(i => new DateTimeOffset(File.GetLastWriteTimeUtc(i.FirmwarePath), TimeSpan.Zero));
            timestamp = DateTimeOffset.FromUnixTimeSeconds(Math.Max(timestamp.ToUnixTimeSeconds(), 0));
            string appName = string.IsNullOrWhiteSpace(request.ApplicationName) ? results[0].Name : request.ApplicationName;

            cancellation.ThrowIfCancellationRequested();
            SignedOutputFile? merged = null;
            if (!string.IsNullOrWhiteSpace(request.BootloaderPath) && !string.IsNullOrWhiteSpace(request.MergedHexFileName))
            {
                merged = WriteMergedHex(request, baseDirectory, outputDirectory, layout, results, written);
            }

            SignedOutputFile? package = null;
            if (!string.IsNullOrWhiteSpace(request.DfuPackageFileName))
            {
                cancellation.ThrowIfCancellationRequested();
                string zipPath = Path.Combine(outputDirectory, ArtifactNames.JobFile(request.Naming, request.DfuPackageFileName));
                Directory.CreateDirectory(Path.GetDirectoryName(zipPath)!);
                var entries = results.Select(r => new DfuPackageEntry
                {
                    SourcePath = r.UploadFile.Path,
                    FileName = ArtifactNames.DfuEntryName(request.Naming, Path.GetFileName(r.UploadFile.Path), r.Name, r.ImageIndex, r.Geometry.IsNetworkCore, r.UploadFile.Kind == SignedOutputKind.EncryptedBinary),
                    ImageIndex = r.ImageIndex,
                    LoadAddress = r.LoadAddress,
                    Board = r.Board,
                    Soc = r.Soc,
                    Version = r.Version.ToString(),
                    Slot = r.Slot,
                }).ToList();
                written.Claim(zipPath);
                DfuApplicationPackage.Write(zipPath, appName, timestamp, entries);
                package = Describe(zipPath, SignedOutputKind.DfuPackage, null, File.ReadAllBytes(zipPath), null, null);
            }

            SignedOutputFile? manifest = null;
            if (!string.IsNullOrWhiteSpace(request.ManifestFileName))
            {
                cancellation.ThrowIfCancellationRequested();
                string manifestPath = Path.Combine(outputDirectory, ArtifactNames.JobFile(request.Naming, request.ManifestFileName));
                var bytes = SigningManifestWriter.ToJson(appName, timestamp, keyInfo, results, package, additionalKeys);
                written.Claim(manifestPath);
                AtomicFile.WriteAllBytes(manifestPath, bytes);
                manifest = Describe(manifestPath, SignedOutputKind.Manifest, null, bytes, null, null);
            }

            var result = new SigningJobResult
            {
                Images = results,
                Key = keyInfo,
                Manifest = manifest,
                DfuPackage = package,
                MergedHex = merged,
                Timestamp = timestamp,
                Warnings = warnings,
            };

            cancellation.ThrowIfCancellationRequested();
            var checkBuild = request.CheckBuildBootloader ? sources.Build : null;
            if (!string.IsNullOrWhiteSpace(request.BootloaderPath) || checkBuild is not null)
            {
                // The same verdict as the CLI's sign --bootloader: a rejected image fails the run and removes all it wrote.
                // With a build folder its bootloader's configuration decides (the one model, as check --build-dir).
                // A finding about a signed file (removed on failure) is located at the firmware it was made from.
                var firmwareOf = results.SelectMany(r => r.Files.Select(f => (f.Path, r.FirmwarePath))).ToDictionary(p => p.Path, p => p.FirmwarePath, StringComparer.Ordinal);
                Checks.PostSigningCheck.Enforce(
                    Checks.PostSigningCheck.TargetsOf(result),
                    string.IsNullOrWhiteSpace(request.BootloaderPath) ? null : PathExpander.Resolve(request.BootloaderPath, baseDirectory),
                    layoutPath,
                    request.Passwords,
                    written.Paths,
                    finding =>
                    {
                        if (finding.File is { } file && firmwareOf.TryGetValue(file, out var firmware))
                        {
                            finding = finding with { File = firmware };
                        }

                        if (finding.IsError)
                        {
                            request.CheckError?.Invoke(finding);
                        }
                        else
                        {
                            Warn(new McuBootWarning(finding.Code, finding.Message, finding.File));
                        }
                    },
                    checkBuild,
                    request.EnvironmentLookup);
            }

            return result;
        }
        catch
        {
            foreach (var path in written.Paths)
            {
                TryDelete(path);
            }

            throw;
        }
        finally
        {
            signer?.Dispose();
            foreach (var s in additionalSigners)
            {
                s.Dispose();
            }

            (encryptor as IDisposable)?.Dispose();
        }
    }

    /// <summary>The files this run writes: each is refused (MCUB3204) when it names one of the job's inputs, before it is written.</summary>
    private sealed class OutputClaims(IReadOnlyList<(string Role, string? Path)> inputs)
    {
        public List<string> Paths { get; } = [];

        public void Claim(string path)
        {
            OutputPaths.RefuseInputs(path, "file", [.. inputs]);
            Paths.Add(path);
        }
    }

    private sealed record PlannedImage(ImageSigningRequest Request, string FirmwarePath, string Name);

    private static List<PlannedImage> Plan(SigningJobRequest request, string baseDirectory)
    {
        if (request.Images is null || request.Images.Count == 0)
        {
            throw new McuBootException(ErrorCodes.NoFirmwareImages,
                "No firmware image to sign; name the firmware (MSBuild McuBootFirmware or McuBootImage items, CLI INFILE).")
            { ExitCode = ExitCodes.Usage };
        }

        var planned = new List<PlannedImage>();
        foreach (var image in request.Images.OrderBy(i => i.ImageIndex))
        {
            if (string.IsNullOrWhiteSpace(image.FirmwarePath))
            {
                throw new McuBootException(ErrorCodes.NoFirmwareImages, $"Image {image.ImageIndex} has no firmware path; set it to the .hex or .bin to sign.") { ExitCode = ExitCodes.Usage };
            }

            if (image.ImageIndex is < 0 or > 255)
            {
                throw new McuBootException(ErrorCodes.InvalidBuildSetting, $"Image index {image.ImageIndex} of {image.FirmwarePath} is outside 0..255.") { ExitCode = ExitCodes.Usage };
            }

            string path = PathExpander.Resolve(image.FirmwarePath, baseDirectory);
            if (!File.Exists(path))
            {
                throw new McuBootException(ErrorCodes.FirmwareNotFound,
                    $"Firmware for image {image.ImageIndex} not found: {path}; build the firmware first or fix the path (relative paths are resolved against {baseDirectory}).",
                    path)
                { ExitCode = ExitCodes.Usage };
            }

            string name = string.IsNullOrWhiteSpace(image.Name) ? Path.GetFileNameWithoutExtension(path) : image.Name.Trim();
            if (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
            {
                throw new McuBootException(ErrorCodes.InvalidBuildSetting, $"Output name '{name}' of image {image.ImageIndex} is not a valid file name; use letters, digits, '-', '_' and '.'.") { ExitCode = ExitCodes.Usage };
            }

            planned.Add(new PlannedImage(image, path, name));
        }

        foreach (var p in planned.Where(p => p.Request.Slot is not (null or 0 or 1)))
        {
            throw new McuBootException(ErrorCodes.InvalidBuildSetting, $"Slot {p.Request.Slot} of image {p.Request.ImageIndex} ({p.FirmwarePath}) is not a direct-XIP slot; use 0 (primary) or 1 (secondary).") { ExitCode = ExitCodes.Usage };
        }

        var sameIndex = planned.GroupBy(p => (p.Request.ImageIndex, p.Request.Slot)).FirstOrDefault(g => g.Count() > 1);
        if (sameIndex is not null)
        {
            throw new McuBootException(ErrorCodes.DuplicateImage,
                $"Image index {sameIndex.Key.ImageIndex}{(sameIndex.Key.Slot is int slot ? $" slot {slot}" : string.Empty)} is given to more than one firmware ({string.Join(", ", sameIndex.Select(p => p.FirmwarePath))}); give each image its own index (0 = application, 1 = network core, ...).")
            { ExitCode = ExitCodes.Usage };
        }

        var sameName = planned.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (sameName is not null)
        {
            throw new McuBootException(ErrorCodes.DuplicateImage,
                $"Images {string.Join(" and ", sameName.Select(p => p.Request.ImageIndex))} would both write {sameName.Key}.signed.*; give them distinct output names (McuBootImage metadata Name).")
            { ExitCode = ExitCodes.Usage };
        }

        return planned;
    }

    /// <summary>
    /// The absolute key file a key specification names (<c>~</c> and environment variables expanded, relative paths
    /// against <paramref name="baseDirectory"/>), or null for a <c>scheme:</c> key such as <c>pkcs11:</c>.
    /// </summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.SigningKeyNotFound"/> with the path tried and the keygen command.</exception>
    public static string? ResolveKeyFile(string keySpec, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keySpec);
        string spec = keySpec.Trim();
        string? scheme = SignerFactory.GetScheme(spec);
        if (scheme is not null && !scheme.Equals("file", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string path = PathExpander.Resolve(scheme is null ? spec : spec[(scheme.Length + 1)..], baseDirectory);
        if (!File.Exists(path))
        {
            string what = Directory.Exists(path) ? "is a directory, not a key file" : "does not exist";
            throw new McuBootException(ErrorCodes.SigningKeyNotFound,
                $"The signing key {path} {what} (the key path '{keySpec}' is resolved against {Path.GetFullPath(baseDirectory)}); create a key with: {KeygenCommand(path)} (and build the bootloader with its public key), or fix the key path.",
                path)
            { ExitCode = ExitCodes.KeyError };
        }

        return path;
    }

    /// <summary>
    /// The signer file an <c>exec:</c> key specification names (absolute), when it names an existing <c>.json</c>,
    /// <c>.yaml</c> or <c>.yml</c> file; null otherwise. Builds track it as an input, so editing it re-signs.
    /// </summary>
    public static string? SignerFileOf(string keySpec, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(keySpec);
        var spec = keySpec.Trim();
        if (!spec.StartsWith("exec:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var body = spec[5..].Trim();
        if (body.Contains(' ', StringComparison.Ordinal) || !(body.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || body.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || body.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(baseDirectory, body));
        return File.Exists(path) ? path : null;
    }

    private static (IImageSigner Signer, SigningKeyInfo Info) LoadSigner(string keySpec, McuBoot.Keys.IPasswordProvider? passwords, string baseDirectory, bool deterministic)
    {
        string? path = ResolveKeyFile(keySpec, baseDirectory);
        var signer = path is null
            ? SignerFactory.CreateSigner(keySpec.Trim(), passwords, baseDirectory, deterministic)
            : SignerFactory.CreateSigner(path, passwords, deterministic: deterministic);
        var hash = Convert.ToHexStringLower(SHA256.HashData(signer.GetPublicKeyBytes()));
        return (signer, new SigningKeyInfo(keySpec, path, signer.KeyType, hash));
    }

    private static SignedImageResult SignImage(
        SigningJobRequest request,
        PlannedImage image,
        SigningGeometry geometry,
        string? layoutPath,
        string outputDirectory,
        IImageSigner? signer,
        IReadOnlyList<IImageSigner> additionalSigners,
        ISignatureVerifier? verifier,
        IImageEncryptor? encryptor,
        OutputClaims written,
        Action<McuBootWarning> warn)
    {
        var r = image.Request;
        string description = $"image {r.ImageIndex} ({image.FirmwarePath})";
        var (data, baseAddress) = ImageFileReader.ReadInput(image.FirmwarePath, geometry.SlotSize);
        var version = r.Version ?? request.Version ?? default;
        bool counterAuto = r.SecurityCounterAuto ?? (r.SecurityCounter is null && request.SecurityCounterAuto);
        uint? counter = counterAuto ? null : r.SecurityCounter ?? request.SecurityCounter;

        var options = geometry.ApplyTo(
            new ImageSignOptions
            {
                Version = version,
                HeaderSize = geometry.HeaderSize,
                SlotSize = geometry.SlotSize,
                SecurityCounter = counter,
                SecurityCounterAuto = counterAuto,
                Signer = signer,
                AdditionalSigners = additionalSigners,
            },
            baseAddress,
            data);
        if (r.Slot is int xipSlot)
        {
            options = options with { RomFixed = RomFixedAddress(geometry, xipSlot, description) };
        }
        if (r.CustomizeOptions is not null)
        {
            options = r.CustomizeOptions(options);
        }

        // The HEX's own start must be where the layout expects the image body (§A.4: app = primary + pad); the CLI's
        // sign --layout decides with the same rule.
        if (ImagePlacement.Check(geometry, baseAddress, options.PadHeader, r.Geometry.HexAddress is not null, image.FirmwarePath, "McuBootPadHeader") is { } placement)
        {
            warn(placement);
        }

        request.Message?.Invoke($"image {r.ImageIndex}: {image.FirmwarePath} -> {image.Name}.signed.* (version {version}, {geometry.Sources})");

        var plain = Build(data, baseAddress, options, image.FirmwarePath, warn);
        bool fitsSecondary = true;
        if (geometry.SecondarySlotSize is long secondarySize && !geometry.IsNetworkCore && secondarySize < options.SlotSize)
        {
            long needed = plain.Length + plain.Trailer.Size;
            if (needed > secondarySize)
            {
                fitsSecondary = false;
                warn(new McuBootWarning(ErrorCodes.ImageExceedsSecondarySlot,
                    $"{description}: image + trailer = 0x{needed:x} bytes fits the primary slot (0x{options.SlotSize:x}) but not the smaller secondary slot {geometry.Layout?.SecondaryPartition} (0x{secondarySize:x}) by {needed - secondarySize} bytes, so it cannot be uploaded as a full image{(request.WriteMovedHex ? $" and {image.Name}.signed.moved.hex is not written" : string.Empty)}; shrink the firmware or enlarge the secondary slot.",
                    layoutPath));
            }
        }

        var files = new List<SignedOutputFile>();
        string Out(SignedOutputKind kind)
        {
            request.Cancellation.ThrowIfCancellationRequested();
            string path = Path.Combine(outputDirectory, ArtifactNames.ImageFile(request.Naming, kind, image.Name, r.ImageIndex, geometry.IsNetworkCore));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return path;
        }

        // Where the primary-slot HEX goes: explicit or layout address, else the input HEX's own (header-adjusted)
        // address; the network core's slot address lives in its own domain's layout, so it gets no primary HEX.
        uint? hexAddress = geometry.OutputHexAddress(null, plain.BaseAddress);

        files.Add(WriteVerified(plain, Out(SignedOutputKind.SignedBinary), SignedOutputKind.SignedBinary, null, r.ImageIndex, verifier, written));
        if (hexAddress.HasValue)
        {
            files.Add(WriteVerified(plain, Out(SignedOutputKind.SignedHex), SignedOutputKind.SignedHex, hexAddress, r.ImageIndex, verifier, written));
        }
        else if (geometry.IsNetworkCore)
        {
            request.Message?.Invoke($"image {r.ImageIndex} is an nRF5340 network-core image: no {image.Name}.signed.hex (its flash address is in the network core's own layout; set HexAddress to write one)");
        }
        else
        {
            warn(new McuBootWarning(ErrorCodes.HexAddressUnknown,
                $"No address is known for {image.Name}.signed.hex of {description} (a .bin input without a partition layout), so it is not written; give a partition layout or set the hex address (MSBuild McuBootHexAddress, CLI -x).",
                image.FirmwarePath));
        }

        if (request.WriteConfirmed)
        {
            var confirmed = Build(data, baseAddress, options with { Pad = true, Confirm = true }, image.FirmwarePath, null);
            files.Add(WriteVerified(confirmed, Out(SignedOutputKind.ConfirmedBinary), SignedOutputKind.ConfirmedBinary, null, r.ImageIndex, verifier, written));
            if (hexAddress.HasValue)
            {
                files.Add(WriteVerified(confirmed, Out(SignedOutputKind.ConfirmedHex), SignedOutputKind.ConfirmedHex, hexAddress, r.ImageIndex, verifier, written));
            }
        }

        SignedImage? encrypted = null;
        if (encryptor is not null)
        {
            encrypted = Build(data, baseAddress, options with { Encryptor = encryptor, EncryptKeyLength = request.EncryptKeyLength }, image.FirmwarePath, null);
            files.Add(WriteVerified(encrypted, Out(SignedOutputKind.EncryptedBinary), SignedOutputKind.EncryptedBinary, null, r.ImageIndex, verifier, written));
        }

        if (request.WriteMovedHex && fitsSecondary && r.Slot is null)
        {
            if (geometry.SecondaryHexAddress is uint secondaryAddress)
            {
                var movedOptions = options with
                {
                    Pad = true,
                    SlotSize = geometry.SecondarySlotSize ?? options.SlotSize,
                    Encryptor = encryptor ?? options.Encryptor,
                    EncryptKeyLength = encryptor is null ? options.EncryptKeyLength : request.EncryptKeyLength,
                };
                var moved = Build(data, baseAddress, movedOptions, image.FirmwarePath, null);
                files.Add(WriteVerified(moved, Out(SignedOutputKind.MovedHex), SignedOutputKind.MovedHex, secondaryAddress, r.ImageIndex, verifier, written));
            }
            else
            {
                string why = geometry.Layout is { HasSecondary: true, SecondaryIsExternal: true }
                    ? $"{geometry.Layout.SecondaryPartition} is in external flash and the XIP base is unknown (set McuBootXipBase / xip-base in the layout, e.g. 0x10000000 on nRF5340)"
                    : "the layout has no secondary slot for it (set the secondary hex address explicitly)";
                warn(new McuBootWarning(ErrorCodes.MovedHexUnavailable,
                    $"{image.Name}.signed.moved.hex of {description} is not written: {why}.", layoutPath));
            }
        }

        uint loadAddress = geometry.LoadAddress ?? baseAddress ?? 0;
        if (geometry.LoadAddress is null && baseAddress is null)
        {
            warn(new McuBootWarning(ErrorCodes.LoadAddressUnknown,
                $"The load address of {description} is unknown (no partition layout app address, a .bin input), so the manifests say 0; give a partition layout or set the load address (MSBuild ImageLoadAddress metadata / McuBootLoadAddress).",
                image.FirmwarePath));
        }

        var upload = encrypted ?? plain;
        return new SignedImageResult
        {
            ImageIndex = r.ImageIndex,
            Name = image.Name,
            FirmwarePath = image.FirmwarePath,
            Geometry = geometry,
            Version = version,
            SecurityCounter = counterAuto ? version.AutoSecurityCounter : counter,
            ImageSize = upload.Length,
            HashAlgorithm = upload.HashAlgorithm,
            ImageHash = Convert.ToHexStringLower(upload.Hash),
            KeyHash = upload.KeyHash is null ? null : Convert.ToHexStringLower(upload.KeyHash),
            SignatureType = upload.SignatureTlvType == 0 ? null : TlvType.NameOf(upload.SignatureTlvType),
            LoadAddress = loadAddress,
            Slot = r.Slot,
            Board = r.Board ?? request.Board ?? string.Empty,
            Soc = r.Soc ?? request.Soc ?? string.Empty,
            Files = files,
        };
    }

    /// <summary>
    /// Direct-XIP (sdk-nrf image_signing.cmake: --rom-fixed PM_MCUBOOT_PRIMARY/SECONDARY_ADDRESS): an image linked for
    /// the secondary slot is written to and loaded from the secondary slot.
    /// </summary>
    private static SigningGeometry ForSlot(SigningGeometry geometry, PlannedImage image)
    {
        if (image.Request.Slot != 1)
        {
            return geometry;
        }

        uint secondary = image.Request.Geometry.HexAddress ?? geometry.SecondaryHexAddress ?? throw new McuBootException(ErrorCodes.SigningGeometryMissing,
            $"Image {image.Request.ImageIndex} ({image.FirmwarePath}) is the direct-XIP build for slot 1, but the secondary slot's address is unknown; give a partition layout with mcuboot_secondary or set HexAddress.")
        { ExitCode = ExitCodes.Usage };
        return geometry with
        {
            HexAddress = secondary,
            SlotSize = image.Request.Geometry.SlotSize ?? geometry.SecondarySlotSize ?? geometry.SlotSize,
            LoadAddress = image.Request.Geometry.LoadAddress ?? secondary + (uint)geometry.HeaderSize,
            Sources = geometry.Sources + $", direct-XIP slot 1 at 0x{secondary:x}",
        };
    }

    private static uint RomFixedAddress(SigningGeometry geometry, int slot, string description)
        => (slot == 1 ? geometry.Layout?.SecondaryAddress : geometry.Layout?.PrimaryAddress) ?? geometry.HexAddress
            ?? throw new McuBootException(ErrorCodes.SigningGeometryMissing,
                $"{description} is a direct-XIP image for slot {slot}, but that slot's flash address (--rom-fixed) is unknown; give a partition layout or the hex address.")
            { ExitCode = ExitCodes.Usage };

    private static SignedOutputFile WriteMergedHex(SigningJobRequest request, string baseDirectory, string outputDirectory, LayoutGeometryResult? layout, List<SignedImageResult> results, OutputClaims written)
    {
        // The factory image: the bootloader, then each image's signed primary-slot HEX (the network core's too when its
        // HEX was written, i.e. its address is known). A .bin bootloader goes to the layout's mcuboot partition.
        string bootloaderPath = PathExpander.Resolve(request.BootloaderPath!, baseDirectory);
        var parts = new List<FactoryImagePart> { FactoryImagePart.Load("bootloader", bootloaderPath, layout?.Bootloader?.Address ?? 0) };
        foreach (var image in results)
        {
            if (image.Files.FirstOrDefault(f => f.Kind == SignedOutputKind.SignedHex) is { } hex)
            {
                parts.Add(FactoryImagePart.Load(image.Geometry.IsNetworkCore ? $"network-core image {image.ImageIndex}" : $"image {image.ImageIndex}", hex.Path));
            }
        }

        if (parts.Count == 1)
        {
            throw new McuBootException(ErrorCodes.FactoryImagePartInvalid,
                $"merged.hex would hold only the bootloader: no signed image has a .signed.hex (its address is unknown); give a partition layout or the hex address (MSBuild McuBootHexAddress, CLI -x).",
                bootloaderPath)
            { ExitCode = ExitCodes.Usage };
        }

        string path = Path.Combine(outputDirectory, ArtifactNames.JobFile(request.Naming, request.MergedHexFileName!));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        written.Claim(path);
        var memory = FactoryImage.Write(path, parts);
        request.Message?.Invoke($"factory image {path}: {string.Join(", ", parts.Select(p => $"{p.Name} {FactoryImage.Range(p.Memory)}"))}");
        return Describe(path, SignedOutputKind.MergedHex, null, File.ReadAllBytes(path), null, memory.MinAddress);
    }

    private static SignedImage Build(byte[] data, uint? baseAddress, ImageSignOptions options, string firmwarePath, Action<McuBootWarning>? warn)
    {
        var image = ImageBuilder.Build(data, baseAddress, options, firmwarePath);
        if (warn is not null)
        {
            foreach (var w in image.Warnings)
            {
                warn(w);
            }
        }

        return image;
    }

    private static SignedOutputFile WriteVerified(SignedImage image, string path, SignedOutputKind kind, uint? hexAddress, int imageIndex, ISignatureVerifier? verifier, OutputClaims written)
    {
        written.Claim(path);
        ImageFileWriter.Write(image, path, hexAddress);
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            OutputVerifier.Verify(bytes, path, kind, image, hexAddress, verifier);
        }
        catch (McuBootException e)
        {
            throw new McuBootException(ErrorCodes.OutputVerificationFailed,
                $"{path} did not verify after writing ({e.Code}: {e.Message}); it was removed. Check the disk and report the problem with the firmware and layout files.",
                path, e)
            { ExitCode = ExitCodes.Failure };
        }

        return Describe(path, kind, imageIndex, bytes, Convert.ToHexStringLower(image.Hash), hexAddress);
    }

    private static SignedOutputFile Describe(string path, SignedOutputKind kind, int? imageIndex, byte[] bytes, string? imageHash, uint? address)
        => new(path, kind, imageIndex, bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes)), imageHash, address);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original error is what matters.
        }
    }
}
