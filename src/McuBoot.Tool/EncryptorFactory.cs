using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Tool;

/// <summary>Chooses the key exchange for <c>-E</c> (filled in by the encryption work).</summary>
internal static class EncryptorFactory
{
    public static IImageEncryptor Create(string path, KeyType? signingKeyType, string hmacSha, IPasswordProvider passwords)
        => throw new McuBootException(ErrorCodes.NotYetSupported,
            $"Encryption (-E {path}) is not supported by this version yet; sign without -E.") { ExitCode = ExitCodes.Usage };

    public static void EnsureCompressionAvailable()
        => throw new McuBootException(ErrorCodes.NotYetSupported,
            "--compression is not supported by this version yet; sign without --compression.") { ExitCode = ExitCodes.Usage };
}
