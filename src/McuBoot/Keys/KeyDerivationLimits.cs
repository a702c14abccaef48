using System.Numerics;
using McuBoot.Diagnostics;

namespace McuBoot.Keys;

/// <summary>
/// Limits on the password-based key-derivation parameters of an encrypted key file, checked before any work is done
/// (a hostile PEM can otherwise ask for minutes of PBKDF2 or gigabytes of scrypt memory). The limits are far above
/// what OpenSSL, Python's cryptography and this tool write (PBKDF2 2 048..600 000 iterations; scrypt N = 2^14, r = 8,
/// p = 1, 16 MiB).
/// </summary>
public static class KeyDerivationLimits
{
    /// <summary>Most PBKDF2 iterations accepted (RFC 8018 §5.2): 2 000 000 (3x what this tool writes), about a second of work.</summary>
    public const int MaxPbkdf2Iterations = 2_000_000;

    /// <summary>Most memory scrypt may use, 128·N·r bytes (RFC 7914 §2): 128 MiB (OpenSSL's default limit is 32 MiB).</summary>
    public const long MaxScryptMemory = 128L * 1024 * 1024;

    /// <summary>Most scrypt work, 128·N·r·p bytes of mixing: 256 MiB (p = 2 at the memory limit).</summary>
    public const long MaxScryptWork = 256L * 1024 * 1024;

    /// <summary>Checks PBKDF2's iteration count; returns it as an int.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.KeyDerivationLimit"/>.</exception>
    public static int CheckPbkdf2(BigInteger iterations, string displayPath)
    {
        if (iterations < 1 || iterations > MaxPbkdf2Iterations)
        {
            throw Limit(displayPath, $"PBKDF2 iteration count {Clip(iterations)} is {(iterations < 1 ? "below 1" : $"above the limit of {MaxPbkdf2Iterations}")}");
        }

        return (int)iterations;
    }

    /// <summary>Checks scrypt's N (cost, a power of two above 1), r (block size) and p (parallelism) and their memory and work.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.KeyDerivationLimit"/>.</exception>
    public static (int N, int R, int P) CheckScrypt(BigInteger n, BigInteger r, BigInteger p, string displayPath)
    {
        if (n < 2 || !n.IsPowerOfTwo || n > int.MaxValue)
        {
            throw Limit(displayPath, $"scrypt cost N = {Clip(n)} is not a power of two between 2 and 2^30");
        }

        if (r < 1 || r > int.MaxValue || p < 1 || p > int.MaxValue)
        {
            throw Limit(displayPath, $"scrypt block size r = {Clip(r)} and parallelism p = {Clip(p)} must both be at least 1");
        }

        BigInteger memory = 128 * n * r;
        if (memory > MaxScryptMemory)
        {
            throw Limit(displayPath, $"scrypt N = {n}, r = {r} needs {memory / (1024 * 1024)} MiB, above the limit of {MaxScryptMemory / (1024 * 1024)} MiB (128·N·r)");
        }

        if (memory * p > MaxScryptWork)
        {
            throw Limit(displayPath, $"scrypt N = {n}, r = {r}, p = {p} asks for {memory * p / (1024 * 1024)} MiB of mixing, above the limit of {MaxScryptWork / (1024 * 1024)} MiB (128·N·r·p)");
        }

        return ((int)n, (int)r, (int)p);
    }

    private static string Clip(BigInteger value)
    {
        var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return text.Length <= 24 ? text : text[..24] + "...";
    }

    private static McuBootException Limit(string displayPath, string what)
        => KeyErrors.Create(ErrorCodes.KeyDerivationLimit,
            $"Encrypted key {displayPath} was not decrypted: its {what}; re-encrypt it with standard parameters (e.g. openssl pkcs8 -topk8 -v2 aes-256-cbc -in KEY -out KEY.pem).",
            displayPath);
}
