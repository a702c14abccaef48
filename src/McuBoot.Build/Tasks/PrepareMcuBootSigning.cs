using System.Text;
using McuBoot.Diagnostics;
using McuBoot.IO;
using McuBoot.Signing;
using Microsoft.Build.Framework;
using MSBuildTask = Microsoft.Build.Utilities.Task;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace McuBoot.Build.Tasks;

/// <summary>
/// Runs on every build before signing (cheap): resolves the key, layout and firmware paths against the project
/// directory, fails early with the path tried when the key is missing, and writes the settings stamp — a file whose
/// content is every signing setting, rewritten only when a setting changes — so that the signing target's
/// Inputs/Outputs check re-signs exactly when a firmware, the key, the layout or any setting changed.
/// </summary>
public sealed class PrepareMcuBootSigning : MSBuildTask
{
    /// <summary>The project directory; relative paths resolve against it only.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>$(MSBuildProjectFullPath): where an error with no file of its own is located (not the package's .targets).</summary>
    public string? ProjectFile { get; set; }

    /// <summary>The firmware images (McuBootImage items, or one made from McuBootFirmware).</summary>
    public ITaskItem[] Images { get; set; } = [];

    /// <summary>McuBootSigningKey.</summary>
    public string? SigningKey { get; set; }

    /// <summary>McuBootPartitionLayout.</summary>
    public string? LayoutFile { get; set; }

    /// <summary>McuBootZephyrBuildDirectory: its devicetree, Kconfig and partitions.yml files become inputs of signing.</summary>
    public string? ZephyrBuildDirectory { get; set; }

    /// <summary>McuBootZephyrImage: the application image folder of a sysbuild build folder (for the key the build gives).</summary>
    public string? ZephyrImage { get; set; }

    /// <summary>McuBootEncryptionKey.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Every other signing setting, joined by the targets; part of the stamp.</summary>
    public string? Settings { get; set; }

    /// <summary>The settings stamp file (in the intermediate folder).</summary>
    [Required]
    public string SettingsFile { get; set; } = string.Empty;

    /// <summary>The list of files the last signing wrote; deleted when one of them is missing so signing runs again.</summary>
    [Required]
    public string OutputListFile { get; set; } = string.Empty;

    /// <summary>The files the signing target depends on: firmware, key file, layout, encryption key and the stamp.</summary>
    [Output]
    public ITaskItem[] InputFiles { get; private set; } = [];

    /// <summary>The absolute key file, or empty for a <c>scheme:</c> key.</summary>
    [Output]
    public string ResolvedSigningKey { get; private set; } = string.Empty;

    /// <inheritdoc />
    public override bool Execute()
    {
        try
        {
            ExecuteCore();
        }
        catch (McuBootException e)
        {
            TaskDiagnostics.Error(Log, e, TaskDiagnostics.ProjectFile(ProjectFile, BuildEngine));
        }
        catch (Exception e) when (e is OutOfMemoryException or InsufficientExecutionStackException)
        {
            TaskDiagnostics.Error(Log, McuBootException.OutOfResources(e), TaskDiagnostics.ProjectFile(ProjectFile, BuildEngine));
        }

        return !Log.HasLoggedErrors;
    }

    // The key the signing task will take from the build folder; null when there is none (the signing task reports why).
    private string? BuildKey(string baseDirectory)
    {
        try
        {
            var build = McuBoot.Zephyr.ZephyrBuildReader.Read(PathExpander.Resolve(ZephyrBuildDirectory!, baseDirectory), string.IsNullOrWhiteSpace(ZephyrImage) ? null : ZephyrImage);
            return BuildSigningKey.Choose(build, null, null);
        }
        catch (McuBootException)
        {
            return null;
        }
    }

    private void ExecuteCore()
    {
        string baseDirectory = Path.GetFullPath(ProjectDirectory);
        if (Images.Length == 0)
        {
            throw new McuBootException(ErrorCodes.NoFirmwareImages,
                "McuBoot.Build is referenced but no firmware is set: set <McuBootFirmware>path/to/zephyr.hex</McuBootFirmware> (or add McuBootImage items), or turn signing off with <McuBootSign>false</McuBootSign>.");
        }

        bool fromBuild = string.IsNullOrWhiteSpace(SigningKey) && !string.IsNullOrWhiteSpace(ZephyrBuildDirectory);
        if (string.IsNullOrWhiteSpace(SigningKey) && !fromBuild && Images.Any(i => string.IsNullOrWhiteSpace(i.GetMetadata("SigningKey"))))
        {
            string suggested = Path.Combine(baseDirectory, "keys", "signing-key.pem");
            throw new McuBootException(ErrorCodes.SigningKeyNotSet,
                $"No signing key is set: set <McuBootSigningKey>keys/signing-key.pem</McuBootSigningKey> (relative to the project directory) and create the key with: {SigningJob.KeygenCommand(suggested)}; or turn signing off with <McuBootSign>false</McuBootSign>.");
        }

        var inputs = new List<string>();
        var stamp = new StringBuilder();

        // Each key of a ;-list: a key file is an input (a changed key re-signs); a pkcs11:/exec: key is tracked by its
        // specification in the stamp (a changed spec re-signs), never by its PIN, which is not known here.
        var specs = KeySpecList.Split(SigningKey).Concat(Images.SelectMany(i => KeySpecList.Split(i.GetMetadata("SigningKey")))).ToList();
        if (fromBuild && BuildKey(baseDirectory) is { } buildKey)
        {
            // No McuBootSigningKey: signing takes the build folder's key (BuildSigningKey.Choose), so it is an input too.
            specs.Add(buildKey);
        }

        foreach (var spec in specs)
        {
            var resolved = SigningJob.ResolveKeyFile(spec, baseDirectory);
            if (resolved is not null)
            {
                inputs.Add(resolved);
                if (ResolvedSigningKey.Length == 0)
                {
                    ResolvedSigningKey = resolved;
                }
            }
            else if (SigningJob.SignerFileOf(spec, baseDirectory) is { } signerFile)
            {
                inputs.Add(signerFile);
            }

            stamp.Append("key=").AppendLine(resolved ?? spec);
        }

        foreach (var (name, value) in new[] { ("layout", LayoutFile), ("encryption-key", EncryptionKey) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                string path = PathExpander.Resolve(value, baseDirectory);
                inputs.Add(path);
                stamp.Append(name).Append('=').AppendLine(path);
            }
        }

        if (!string.IsNullOrWhiteSpace(ZephyrBuildDirectory))
        {
            string buildDir = PathExpander.Resolve(ZephyrBuildDirectory, baseDirectory);
            stamp.Append("zephyr-build-dir=").AppendLine(buildDir);
            inputs.AddRange(McuBoot.Zephyr.ZephyrBuildFolder.InputFiles(buildDir));
        }

        foreach (var image in Images.OrderBy(i => i.ItemSpec, StringComparer.Ordinal))
        {
            string path = PathExpander.Resolve(image.ItemSpec, baseDirectory);
            inputs.Add(path);
            stamp.Append("image=").Append(path);
            var metadata = image.CloneCustomMetadata();
            foreach (var name in metadata.Keys.Cast<string>().Order(StringComparer.OrdinalIgnoreCase))
            {
                stamp.Append('|').Append(name).Append('=').Append(metadata[name]);
            }

            stamp.AppendLine();
        }

        stamp.AppendLine(Settings ?? string.Empty);
        WriteIfDifferent(SettingsFile, stamp.ToString());
        inputs.Add(Path.GetFullPath(SettingsFile));

        // A deleted output must be rewritten even though no input changed.
        if (File.Exists(OutputListFile))
        {
            var missing = File.ReadAllLines(OutputListFile).Where(l => l.Length > 0).FirstOrDefault(l => !File.Exists(l));
            if (missing is not null)
            {
                Log.LogMessage(MessageImportance.Normal, $"McuBoot: {missing} is missing, signing again");
                File.Delete(OutputListFile);
            }
        }

        InputFiles = inputs.Distinct(StringComparer.Ordinal).Select(p => (ITaskItem)new TaskItem(p)).ToArray();
    }

    private static void WriteIfDifferent(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(content));
    }
}
