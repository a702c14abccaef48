using System.Security.Cryptography;

namespace McuBoot.Image;

/// <summary>The image hash algorithms MCUboot supports (hash TLVs 0x10, 0x11, 0x12).</summary>
public enum ImageHashAlgorithm
{
    Sha256,
    Sha384,
    Sha512,
}

/// <summary>Helpers for <see cref="ImageHashAlgorithm"/>.</summary>
public static class ImageHashAlgorithmExtensions
{
    /// <summary>Digest length in bytes (32, 48 or 64).</summary>
    public static int DigestLength(this ImageHashAlgorithm algorithm) => algorithm switch
    {
        ImageHashAlgorithm.Sha256 => 32,
        ImageHashAlgorithm.Sha384 => 48,
        ImageHashAlgorithm.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>The .NET name of the algorithm.</summary>
    public static HashAlgorithmName ToHashAlgorithmName(this ImageHashAlgorithm algorithm) => algorithm switch
    {
        ImageHashAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        ImageHashAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        ImageHashAlgorithm.Sha512 => HashAlgorithmName.SHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Hashes a buffer in one call.</summary>
    public static byte[] Hash(this ImageHashAlgorithm algorithm, ReadOnlySpan<byte> data) => algorithm switch
    {
        ImageHashAlgorithm.Sha256 => SHA256.HashData(data),
        ImageHashAlgorithm.Sha384 => SHA384.HashData(data),
        ImageHashAlgorithm.Sha512 => SHA512.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>An incremental hash for streaming.</summary>
    public static IncrementalHash CreateIncremental(this ImageHashAlgorithm algorithm)
        => IncrementalHash.CreateHash(algorithm.ToHashAlgorithmName());

    /// <summary>The name imgtool uses ("SHA256", "SHA384", "SHA512").</summary>
    public static string TlvName(this ImageHashAlgorithm algorithm) => algorithm switch
    {
        ImageHashAlgorithm.Sha256 => "SHA256",
        ImageHashAlgorithm.Sha384 => "SHA384",
        ImageHashAlgorithm.Sha512 => "SHA512",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };
}
