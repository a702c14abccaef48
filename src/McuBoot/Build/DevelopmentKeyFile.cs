using McuBoot.Diagnostics;
using McuBoot.IO;
using McuBoot.Keys;

namespace McuBoot.Build;

/// <summary>
/// Creates the development signing key of a new firmware project (<c>dotnet new mcuboot-firmware --keygen</c>,
/// MSBuild <c>McuBootGenerateDevelopmentKey</c>): an unencrypted PKCS#8 PEM, owner read/write only, never over an
/// existing file.
/// </summary>
public static class DevelopmentKeyFile
{
    /// <summary>The key types a development key can have (imgtool's names).</summary>
    public static readonly IReadOnlyList<string> TypeNames = ["ecdsa-p256", "ecdsa-p384", "ed25519", "rsa-2048", "rsa-3072"];

    /// <summary>Creates <paramref name="path"/> unless it exists.</summary>
    /// <param name="path">The key file.</param>
    /// <param name="typeName">imgtool's key type name (default <c>ecdsa-p256</c>).</param>
    /// <returns>True when a key was created, false when the file already existed.</returns>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.InvalidBuildSetting"/> for an unknown key type.</exception>
    public static bool CreateIfMissing(string path, string? typeName)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return false;
        }

        var type = (string.IsNullOrWhiteSpace(typeName) ? "ecdsa-p256" : typeName.Trim().ToLowerInvariant()) switch
        {
            "ecdsa-p256" => KeyType.EcdsaP256,
            "ecdsa-p384" => KeyType.EcdsaP384,
            "ed25519" => KeyType.Ed25519,
            "rsa-2048" => KeyType.Rsa2048,
            "rsa-3072" => KeyType.Rsa3072,
            _ => throw new McuBootException(ErrorCodes.InvalidBuildSetting,
                $"McuBootDevelopmentKeyType is '{typeName}', but it must be one of {string.Join(", ", TypeNames)}.")
            { ExitCode = ExitCodes.Usage },
        };

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var key = McuBootKey.Generate(type);
        AtomicFile.WriteAllBytes(full, System.Text.Encoding.ASCII.GetBytes(key.ExportPrivatePkcs8Pem(string.Empty)));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return true;
    }
}
