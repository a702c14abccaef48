using McuBoot.Diagnostics;

namespace McuBoot.Keys;

/// <summary>Builds the coded key errors (exit code <see cref="ExitCodes.KeyError"/>).</summary>
internal static class KeyErrors
{
    internal const string SupportedKeys = "supported: RSA 2048/3072, ECDSA P-256/P-384 (secp256r1/secp384r1), Ed25519, X25519";

    internal static McuBootException Create(string code, string message, string? file, Exception? inner = null)
        => new(code, message, file, inner) { ExitCode = ExitCodes.KeyError };

    internal static McuBootException PrivateRequired(McuBootKey key, string operation)
        => Create(
            ErrorCodes.PrivateKeyRequired,
            $"{operation} requires the private key, but {key.DisplayName} is a public-only {KeyTypeNames.Name(key.Type)} key; use the private key PEM.",
            key.SourcePath);

    internal static McuBootException Malformed(string displayPath, string what, Exception? inner = null)
        => Create(
            ErrorCodes.KeyDataMalformed,
            $"Key file {displayPath} is a PEM file but its {what} is malformed; re-export the key as PKCS#8 PEM (e.g. openssl pkey -in KEY -out KEY.pem).",
            displayPath,
            inner);
}
