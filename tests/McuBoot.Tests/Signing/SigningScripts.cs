using McuBoot.Tests.Cli;

namespace McuBoot.Tests.Signing;

/// <summary>Writes stand-in signing commands (bash + openssl) into a workspace.</summary>
internal static class SigningScripts
{
    public static readonly string[] Sign = ["sign", "-v", "1.2.3", "-H", "0x200", "--pad-header", "-S", "0x40000"];

    /// <summary>Writes an executable script <paramref name="name"/> with <paramref name="body"/> (after the bash shebang).</summary>
    public static string Write(CliWorkspace w, string name, string body)
    {
        var path = w.File(name);
        File.WriteAllText(path, "#!/usr/bin/env bash\nset -euo pipefail\n" + body.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The stand-in signers are bash scripts.");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return path;
    }

    /// <summary>
    /// A stand-in for a KMS: signs MCUBOOT_SIGN_INPUT with the PEM <paramref name="key"/> using openssl, as MCUboot's
    /// algorithm for the key type requires, and prints base64 (ECDSA DER, RSA-PSS salt 32, Ed25519 over the input).
    /// With MCUBOOT_SIGN_OPERATION=public-key it prints the public key PEM.
    /// </summary>
    public static string OpenSslSigner(CliWorkspace w, string name, string key) => Write(w, name, $$"""
        key='{{w.File(key)}}'
        if [ "${MCUBOOT_SIGN_OPERATION:-}" = public-key ]; then openssl pkey -in "$key" -pubout; exit 0; fi
        case "$MCUBOOT_SIGN_ALGORITHM" in
          rsa-pss-sha256) openssl pkeyutl -sign -inkey "$key" -in "$MCUBOOT_SIGN_INPUT" -pkeyopt digest:sha256 -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32 | base64 -w0 ;;
          ed25519|ed25519-pure) openssl pkeyutl -sign -rawin -inkey "$key" -in "$MCUBOOT_SIGN_INPUT" | base64 -w0 ;;
          *) openssl pkeyutl -sign -inkey "$key" -in "$MCUBOOT_SIGN_INPUT" | base64 -w0 ;;
        esac
        """);

    /// <summary>Writes a signer file naming <paramref name="command"/>, with optional extra YAML lines.</summary>
    public static string SignerFile(CliWorkspace w, string name, string command, string? publicKey, params string[] extra)
    {
        var lines = new List<string> { $"command: {command}" };
        if (publicKey != null)
        {
            lines.Add($"publicKey: {publicKey}");
        }

        lines.AddRange(extra);
        File.WriteAllText(w.File(name), string.Join("\n", lines) + "\n");
        return name;
    }

    /// <summary>Fails unless <paramref name="tool"/> is on PATH (the stand-ins need openssl and bash).</summary>
    public static void Require(string tool)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, tool)));
        Assert.True(found, $"{tool} is not installed; .ci/run installs it (apt-get install -y {tool}).");
    }
}
