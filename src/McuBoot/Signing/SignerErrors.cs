using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>Coded signing errors (exit code <see cref="ExitCodes.KeyError"/>).</summary>
internal static class SignerErrors
{
    internal static McuBootException Create(string code, string message, string? file)
        => new(code, message, file) { ExitCode = ExitCodes.KeyError };

    internal static McuBootException PublicOnly(McuBootKey key)
        => Create(
            ErrorCodes.PublicKeyCannotSign,
            $"Cannot sign with a public-only PEM; signing requires the private key: {key.SourcePath ?? "the in-memory " + key.ShortName + " key"} is public-only; give the private key PEM with -k.",
            key.SourcePath);

    internal static McuBootException NotForSigning(McuBootKey key)
        => Create(
            ErrorCodes.KeyNotForSigning,
            $"X25519 keys are for encryption (-E), not signing: {key.SourcePath ?? "the in-memory key"}; sign with an RSA, ECDSA or Ed25519 key.",
            key.SourcePath);

    internal static McuBootException NotPure(McuBootKey key)
        => Create(
            ErrorCodes.SignatureOperationNotSupported,
            $"Pure signatures (--pure) need an Ed25519 key, but {key.SourcePath ?? "the key"} is {McuBoot.Keys.KeyTypeNames.WithArticle(key.Type)}; drop --pure or use an Ed25519 key.",
            key.SourcePath);

    internal static McuBootException HashNotAllowed(McuBootKey key, ImageHashAlgorithm algorithm, string allowed)
        => Create(
            ErrorCodes.HashNotAllowedForKey,
            $"Key {key.SourcePath ?? "(in memory)"} ({McuBoot.Keys.KeyTypeNames.Name(key.Type)}) cannot sign a {algorithm.TlvName()} digest; allowed: {allowed}.",
            key.SourcePath);

    internal static void CheckDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm)
    {
        if (digest.Length != algorithm.DigestLength())
        {
            throw new ArgumentException($"A {algorithm.TlvName()} digest is {algorithm.DigestLength()} bytes, got {digest.Length}.", nameof(digest));
        }
    }
}
