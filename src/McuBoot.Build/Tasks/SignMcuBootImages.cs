using System.Globalization;
using McuBoot.Diagnostics;
using McuBoot.IO;
using McuBoot.Keys;
using McuBoot.Layouts;
using McuBoot.Manifests;
using Microsoft.Build.Framework;
using MSBuildTask = Microsoft.Build.Utilities.Task;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace McuBoot.Build.Tasks;

/// <summary>
/// Signs the project's firmware images: a thin adapter that turns its parameters into a <see cref="SigningJobRequest"/>,
/// runs <see cref="SigningJob"/> and maps the core's coded warnings and errors onto MSBuild's logger with their file
/// and line. Property names are documented in docs/msbuild.md.
/// </summary>
public sealed class SignMcuBootImages : MSBuildTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>The project directory; relative paths resolve against it only.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>$(MSBuildProjectFullPath): where an error with no file of its own is located (not the package's .targets).</summary>
    public string? ProjectFile { get; set; }

    /// <summary>
    /// The firmware images. Metadata (all optional): ImageIndex, Name, Version, SigningKey, SecurityCounter, HeaderSize, SlotSize,
    /// HexAddress, SecondaryHexAddress, SecondarySlotSize, LoadAddress, Align, PadHeader, Board, Soc, Slot (direct-XIP).
    /// </summary>
    [Required]
    public ITaskItem[] Images { get; set; } = [];

    /// <summary>Where the outputs go.</summary>
    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>McuBootSigningKey: PEM path, <c>pkcs11:</c> URI or <c>exec:</c> signer; a <c>;</c>-list signs with each key (key rotation).</summary>
    public string? SigningKey { get; set; }

    /// <summary>McuBootKeyPinEnvironmentVariable: the environment variable holding the token PIN of a <c>pkcs11:</c> key.</summary>
    public string? KeyPinEnvironmentVariable { get; set; }

    /// <summary>McuBootKeyPinFile: a file whose first line is the token PIN.</summary>
    public string? KeyPinFile { get; set; }

    /// <summary>Environment variable holding the key password.</summary>
    public string? KeyPasswordEnvironmentVariable { get; set; }

    /// <summary>File whose first line is the key password.</summary>
    public string? KeyPasswordFile { get; set; }

    /// <summary>Partition layout YAML.</summary>
    public string? LayoutFile { get; set; }

    /// <summary>McuBootZephyrBuildDirectory: a Zephyr / NCS build folder to derive the geometry from as the build does (docs/build-directories.md).</summary>
    public string? ZephyrBuildDirectory { get; set; }

    /// <summary>McuBootZephyrImage: the application image folder of a sysbuild build folder holding several.</summary>
    public string? ZephyrImage { get; set; }

    /// <summary>QSPI XIP base for external-flash slots.</summary>
    public string? XipBase { get; set; }

    /// <summary>Erase sector size for layout checks.</summary>
    public string? SectorSize { get; set; }

    /// <summary>Default image version (the targets pass McuBootImageVersion, else $(Version)).</summary>
    public string? ImageVersion { get; set; }

    /// <summary>Default security counter: a number or <c>auto</c>.</summary>
    public string? SecurityCounter { get; set; }

    /// <summary>Default header size.</summary>
    public string? HeaderSize { get; set; }

    /// <summary>Default slot size.</summary>
    public string? SlotSize { get; set; }

    /// <summary>Default hex address.</summary>
    public string? HexAddress { get; set; }

    /// <summary>Default secondary-slot hex address.</summary>
    public string? SecondaryHexAddress { get; set; }

    /// <summary>Default load address for the manifests.</summary>
    public string? LoadAddress { get; set; }

    /// <summary>Default write alignment.</summary>
    public string? Align { get; set; }

    /// <summary>imgtool --pad-header (default true).</summary>
    public string? PadHeader { get; set; }

    /// <summary>Also write the confirmed variants.</summary>
    public bool Confirmed { get; set; }

    /// <summary>RFC 6979 deterministic ECDSA signatures (reproducible outputs).</summary>
    public bool DeterministicSignatures { get; set; }

    /// <summary>Also write the hex moved to the secondary slot.</summary>
    public bool MovedHex { get; set; }

    /// <summary>Encryption key (public PEM or AES-KW key file).</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>AES key length in bits: 128 (default) or 256.</summary>
    public string? EncryptionKeyLength { get; set; }

    /// <summary>Our JSON manifest's file name; empty writes none.</summary>
    public string? ManifestFileName { get; set; }

    /// <summary>The DFU package's file name; empty writes none.</summary>
    public string? DfuPackageFileName { get; set; }

    /// <summary>Application name in the manifests.</summary>
    public string? ApplicationName { get; set; }

    /// <summary>Default board for the NCS manifest.</summary>
    public string? Board { get; set; }

    /// <summary>Default SoC for the NCS manifest.</summary>
    public string? Soc { get; set; }

    /// <summary>Unix time for the manifests (e.g. $(SOURCE_DATE_EPOCH)); default the newest firmware's write time.</summary>
    public string? Timestamp { get; set; }

    /// <summary>McuBootBootloader: the bootloader build (.bin, .hex or ELF); every signed image is checked against it (docs/check.md).</summary>
    public string? Bootloader { get; set; }

    /// <summary>McuBootCheckBuildBootloader (default true): with McuBootZephyrBuildDirectory, check every signed image against the build's bootloader configuration.</summary>
    public string? CheckBuildBootloader { get; set; }

    /// <summary>McuBootArtifactNaming: <c>default</c>, <c>ncs</c> (sysbuild) or <c>ncs-pm</c> (Partition Manager) file names.</summary>
    public string? ArtifactNaming { get; set; }

    /// <summary>McuBootMergedHexFileName: the factory image written when <see cref="Bootloader"/> is set; empty writes none.</summary>
    public string? MergedHexFileName { get; set; }

    /// <summary>Written last, one absolute output path per line: the signing target's Outputs.</summary>
    public string? OutputListFile { get; set; }

    /// <summary>The files written, with metadata Kind, ImageIndex, Sha256 and ImageHash.</summary>
    [Output]
    public ITaskItem[] SignedFiles { get; private set; } = [];

    /// <summary>
    /// The build is being cancelled (Ctrl+C): the running job deletes its temporary files at once, stops at its next
    /// step and removes what it wrote (<see cref="SigningJobRequest.Cancellation"/>).
    /// </summary>
    public void Cancel() => _cancel.Cancel();

    /// <inheritdoc />
    public override bool Execute()
    {
        string? projectFile = TaskDiagnostics.ProjectFile(ProjectFile, BuildEngine);
        try
        {
            ExecuteCore(projectFile);
        }
        catch (Exception) when (_cancel.IsCancellationRequested)
        {
            // Cancel(): the job deleted its temporary files and everything it wrote; the build is stopping anyway.
            SignedFiles = [];
            Log.LogMessage(MessageImportance.High, "McuBoot: signing cancelled; no output of this run was left behind.");
            return false;
        }
        catch (McuBootException e)
        {
            TaskDiagnostics.Error(Log, e, projectFile);
            if (e.Code == ErrorCodes.PostSigningCheckFailed)
            {
                RemoveOutputList(projectFile);
            }
        }
        catch (Exception e) when (e is OutOfMemoryException or InsufficientExecutionStackException)
        {
            TaskDiagnostics.Error(Log, McuBootException.OutOfResources(e), projectFile);
        }

        return !Log.HasLoggedErrors;
    }

    private void ExecuteCore(string? projectFile)
    {
        string baseDirectory = Path.GetFullPath(ProjectDirectory);
        void Warn(McuBootWarning w) => TaskDiagnostics.Warning(Log, w, projectFile);

        var version = SettingValues.Version(ImageVersion, "McuBootImageVersion", Warn);
        var (counter, counterAuto) = SettingValues.SecurityCounter(SecurityCounter, "McuBootSecurityCounter");
        var defaults = new SigningGeometryOverrides
        {
            HeaderSize = SettingValues.Int32(HeaderSize, "McuBootHeaderSize", 32, ushort.MaxValue),
            SlotSize = SettingValues.UInt32(SlotSize, "McuBootSlotSize"),
            HexAddress = SettingValues.UInt32(HexAddress, "McuBootHexAddress"),
            SecondaryHexAddress = SettingValues.UInt32(SecondaryHexAddress, "McuBootSecondaryHexAddress"),
            LoadAddress = SettingValues.UInt32(LoadAddress, "McuBootLoadAddress"),
            Align = SettingValues.Int32(Align, "McuBootAlign", 1, 32),
        };
        bool? padHeader = SettingValues.Bool(PadHeader, "McuBootPadHeader");

        var images = Images.Select(item => ToRequest(item, defaults, padHeader, Warn)).ToList();
        uint? timestamp = SettingValues.UInt32(Timestamp, "SOURCE_DATE_EPOCH (McuBootTimestamp)");
        int keyLength = SettingValues.Int32(EncryptionKeyLength, "McuBootEncryptionKeyLength", 128, 256) switch
        {
            null or 128 => 16,
            256 => 32,
            _ => throw new McuBootException(ErrorCodes.InvalidBuildSetting, $"McuBootEncryptionKeyLength is '{EncryptionKeyLength}', but it must be 128 or 256."),
        };

        var request = new SigningJobRequest
        {
            Images = images,
            OutputDirectory = OutputDirectory,
            BaseDirectory = baseDirectory,
            KeySpec = SettingValues.Text(SigningKey),
            Passwords = Passwords(baseDirectory),
            LayoutPath = SettingValues.Text(LayoutFile),
            BuildDirectory = SettingValues.Text(ZephyrBuildDirectory),
            BuildImage = SettingValues.Text(ZephyrImage),
            LayoutOptions = new LayoutGeometryOptions
            {
                XipBase = SettingValues.UInt32(XipBase, "McuBootXipBase"),
                SectorSize = SettingValues.UInt32(SectorSize, "McuBootSectorSize"),
            },
            Version = version,
            SecurityCounter = counter,
            SecurityCounterAuto = counterAuto ?? false,
            EncryptionKeyPath = SettingValues.Text(EncryptionKey),
            EncryptKeyLength = keyLength,
            WriteConfirmed = Confirmed,
            DeterministicSignatures = DeterministicSignatures,
            WriteMovedHex = MovedHex,
            ManifestFileName = SettingValues.Text(ManifestFileName),
            DfuPackageFileName = SettingValues.Text(DfuPackageFileName),
            ApplicationName = SettingValues.Text(ApplicationName),
            Board = SettingValues.Text(Board),
            Soc = SettingValues.Text(Soc),
            Timestamp = timestamp is null ? null : DateTimeOffset.FromUnixTimeSeconds(timestamp.Value),
            Naming = Artifacts.ArtifactNames.Parse(ArtifactNaming),
            BootloaderPath = SettingValues.Text(Bootloader),
            CheckBuildBootloader = SettingValues.Bool(CheckBuildBootloader, "McuBootCheckBuildBootloader") ?? true,
            MergedHexFileName = SettingValues.Text(MergedHexFileName),
            Warning = Warn,
            Cancellation = _cancel.Token,
            CheckError = f => TaskDiagnostics.Error(Log, f.Code, f.Message, f.File ?? projectFile),
            Message = m => Log.LogMessage(MessageImportance.Normal, "McuBoot: " + m),
        };

        var result = SigningJob.Run(request);
        if (result.Key is { } signingKey && Checks.DevelopmentKeys.UsageWarningForKeyHash(Convert.FromHexString(signingKey.PublicKeyHash), signingKey.Path ?? signingKey.Spec) is { } devKey)
        {
            Warn(devKey);
        }

        foreach (var image in result.Images)
        {
            Log.LogMessage(MessageImportance.High,
                $"McuBoot: signed {Path.GetFileName(image.FirmwarePath)} (image {image.ImageIndex}, {image.Version}) -> {Path.Combine(Path.GetDirectoryName(image.UploadFile.Path)!, image.Name)}.signed.* (image hash {image.ImageHash}{(result.Key is null ? ", unsigned" : $", key SHA-256 {result.Key.PublicKeyHash}")})");
        }

        SignedFiles = result.Files.Select(ToItem).ToArray();
        if (!string.IsNullOrWhiteSpace(OutputListFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputListFile))!);
            AtomicFile.WriteAllBytes(OutputListFile, System.Text.Encoding.UTF8.GetBytes(string.Concat(result.Files.Select(f => f.Path + "\n"))));
        }

    }

    /// <summary>
    /// After a rejected post-signing check the core has removed every output of the run; the output list goes too, so
    /// nothing stale is listed and the next build signs and checks again.
    /// </summary>
    private void RemoveOutputList(string? projectFile)
    {
        SignedFiles = [];
        if (string.IsNullOrWhiteSpace(OutputListFile))
        {
            return;
        }

        try
        {
            File.Delete(OutputListFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogWarning(null, null, null, projectFile, 0, 0, 0, 0, $"McuBoot: could not remove {OutputListFile} after the failed check: {e.Message}");
        }
    }

    private IPasswordProvider Passwords(string baseDirectory)
    {
        var keyPasswords = KeyPasswords(baseDirectory);
        if (string.IsNullOrWhiteSpace(KeyPinEnvironmentVariable) && string.IsNullOrWhiteSpace(KeyPinFile))
        {
            return keyPasswords;
        }

        var pins = new BuildPinProvider(KeyPinEnvironmentVariable, string.IsNullOrWhiteSpace(KeyPinFile) ? null : PathExpander.Resolve(KeyPinFile, baseDirectory));
        return new PinRoutingPasswordProvider(keyPasswords, pins);
    }

    private IPasswordProvider KeyPasswords(string baseDirectory)
        => new BuildPasswordProvider(
            KeyPasswordEnvironmentVariable,
            string.IsNullOrWhiteSpace(KeyPasswordFile) ? null : PathExpander.Resolve(KeyPasswordFile, baseDirectory));

    private static ImageSigningRequest ToRequest(ITaskItem item, SigningGeometryOverrides defaults, bool? padHeader, Action<McuBootWarning> warn)
    {
        string M(string name) => item.GetMetadata(name);
        string where = $"McuBootImage '{item.ItemSpec}'";
        var (counter, counterAuto) = SettingValues.SecurityCounter(M("SecurityCounter"), $"{where} SecurityCounter");
        return new ImageSigningRequest
        {
            FirmwarePath = item.ItemSpec,
            ImageIndex = SettingValues.Int32(M("ImageIndex"), $"{where} ImageIndex", 0, 255) ?? 0,
            Name = SettingValues.Text(M("Name")),
            Version = SettingValues.Version(M("Version"), $"{where} Version", warn),
            SecurityCounter = counter,
            SecurityCounterAuto = counterAuto,
            PadHeader = SettingValues.Bool(M("PadHeader"), $"{where} PadHeader") ?? padHeader,
            Slot = SettingValues.Int32(M("Slot"), $"{where} Slot", 0, 1),
            Board = SettingValues.Text(M("Board")),
            KeySpec = SettingValues.Text(M("SigningKey")),
            Soc = SettingValues.Text(M("Soc")),
            Geometry = new SigningGeometryOverrides
            {
                HeaderSize = SettingValues.Int32(M("HeaderSize"), $"{where} HeaderSize", 32, ushort.MaxValue) ?? defaults.HeaderSize,
                SlotSize = SettingValues.UInt32(M("SlotSize"), $"{where} SlotSize") ?? defaults.SlotSize,
                HexAddress = SettingValues.UInt32(M("HexAddress"), $"{where} HexAddress") ?? defaults.HexAddress,
                SecondaryHexAddress = SettingValues.UInt32(M("SecondaryHexAddress"), $"{where} SecondaryHexAddress") ?? defaults.SecondaryHexAddress,
                SecondarySlotSize = SettingValues.UInt32(M("SecondarySlotSize"), $"{where} SecondarySlotSize"),
                LoadAddress = SettingValues.UInt32(M("LoadAddress"), $"{where} LoadAddress") ?? defaults.LoadAddress,
                Align = SettingValues.Int32(M("Align"), $"{where} Align", 1, 32) ?? defaults.Align,
            },
        };
    }

    private static TaskItem ToItem(SignedOutputFile file)
    {
        var item = new TaskItem(file.Path);
        item.SetMetadata("Kind", SigningManifestWriter.KindName(file.Kind));
        item.SetMetadata("ImageIndex", file.ImageIndex?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
        item.SetMetadata("Sha256", file.Sha256);
        item.SetMetadata("ImageHash", file.ImageHash ?? string.Empty);
        return item;
    }
}
