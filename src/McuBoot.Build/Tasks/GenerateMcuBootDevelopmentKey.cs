using McuBoot.Diagnostics;
using McuBoot.Signing;
using Microsoft.Build.Framework;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace McuBoot.Build.Tasks;

/// <summary>
/// Creates the project's development signing key when it is missing (McuBootGenerateDevelopmentKey): a thin adapter
/// over <see cref="DevelopmentKeyFile"/>.
/// </summary>
public sealed class GenerateMcuBootDevelopmentKey : MSBuildTask
{
    /// <summary>The project directory; a relative key path resolves against it.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>$(MSBuildProjectFullPath): where an error with no file of its own is located (not the package's .targets).</summary>
    public string? ProjectFile { get; set; }

    /// <summary>McuBootSigningKey: where the key goes.</summary>
    public string? KeyFile { get; set; }

    /// <summary>McuBootDevelopmentKeyType: imgtool's key type name (default ecdsa-p256).</summary>
    public string? KeyType { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        string? projectFile = TaskDiagnostics.ProjectFile(ProjectFile, BuildEngine);
        try
        {
            if (string.IsNullOrWhiteSpace(KeyFile) || SignerFactory.GetScheme(KeyFile.Trim()) is { } scheme && !scheme.Equals("file", StringComparison.OrdinalIgnoreCase))
            {
                throw new McuBootException(ErrorCodes.SigningKeyNotSet,
                    "McuBootGenerateDevelopmentKey is true, but McuBootSigningKey names no key file; set McuBootSigningKey to the path of the key to create (e.g. keys/signing-key.pem).");
            }

            string path = PathExpander.Resolve(KeyFile, Path.GetFullPath(ProjectDirectory));
            if (DevelopmentKeyFile.CreateIfMissing(path, KeyType))
            {
                TaskDiagnostics.Warning(Log, new McuBootWarning(ErrorCodes.DevelopmentKeyCreated,
                    $"Created the development signing key {path} (McuBootGenerateDevelopmentKey): firmware signed with it is for your desk only; create the product key and build the bootloader with it before shipping.", path), projectFile);
            }
        }
        catch (McuBootException e)
        {
            TaskDiagnostics.Error(Log, e, projectFile);
        }

        return !Log.HasLoggedErrors;
    }
}
