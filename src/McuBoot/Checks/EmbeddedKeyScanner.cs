// Finds MCUboot public keys in a bootloader binary by the fixed DER prefixes of mcuboot-image-format.md §4.5:
// what `imgtool getpub -e lang-c` writes into the bootloader's generated key file (`const unsigned char
// ecdsa_pub_key[] = {...}`) and what bootutil parses (PKCS#1 RSAPublicKey for RSA, SubjectPublicKeyInfo for EC/Ed25519).
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using McuBoot.IO;
using McuBoot.Keys;

namespace McuBoot.Checks;

/// <summary>Scans firmware for embedded MCUboot public keys (RSA-2048/3072 PKCS#1, P-256/P-384/Ed25519 SPKI).</summary>
public static class EmbeddedKeyScanner
{
    /// <summary>The DER form of each key type: prefix, total length, and (RSA) the required suffix.</summary>
    internal static readonly KeyForm[] Forms =
    [
        new(KeyType.Rsa2048, Convert.FromHexString("3082010a0282010100"), 270, Convert.FromHexString("0203010001")),
        new(KeyType.Rsa3072, Convert.FromHexString("3082018a0282018100"), 398, Convert.FromHexString("0203010001")),
        new(KeyType.EcdsaP256, Convert.FromHexString("3059301306072a8648ce3d020106082a8648ce3d03010703420004"), 91, []),
        new(KeyType.EcdsaP384, Convert.FromHexString("3076301006072a8648ce3d020106052b8104002203620004"), 120, []),
        new(KeyType.Ed25519, Convert.FromHexString("302a300506032b6570032100"), 44, []),
    ];

    /// <summary>
    /// Every distinct public key in <paramref name="firmware"/>, in order of first occurrence. EC points are checked to lie
    /// on their curve and RSA keys to end in exponent 65537, so random bytes that happen to share a prefix are skipped.
    /// </summary>
    public static IReadOnlyList<EmbeddedKey> Scan(FirmwareFile firmware)
    {
        ArgumentNullException.ThrowIfNull(firmware);
        // Distinct keys in order of first occurrence, indexed by their bytes: a lookup per hit keeps the scan linear in
        // the firmware size (a list search made a bootloader full of distinct keys quadratic).
        var found = new List<(KeyType Type, byte[] Bytes, List<string> Locations)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var segment in firmware.Segments)
        {
            var data = segment.Data.Span;
            foreach (var form in Forms)
            {
                int from = 0;
                while (from < data.Length)
                {
                    int hit = data[from..].IndexOf(form.Prefix);
                    if (hit < 0)
                    {
                        break;
                    }

                    int at = from + hit;
                    from = at + 1;
                    if (at + form.Length > data.Length)
                    {
                        break;
                    }

                    var candidate = data.Slice(at, form.Length);
                    if (!IsValid(form, candidate))
                    {
                        continue;
                    }

                    string where = firmware.DescribeLocation(segment.Address, at);
                    var bytes = candidate.ToArray();
                    string id = Convert.ToHexString(bytes);
                    if (index.TryGetValue(id, out int existing))
                    {
                        found[existing].Locations.Add(where);
                    }
                    else
                    {
                        index.Add(id, found.Count);
                        found.Add((form.Type, bytes, [where]));
                    }

                    from = at + form.Length;
                }
            }
        }

        return found
            .Select(f => new EmbeddedKey(f.Type, f.Bytes, f.Locations, DevelopmentKeys.Find(f.Bytes)))
            .ToList();
    }

    /// <summary>Where <paramref name="needle"/> first occurs in <paramref name="firmware"/>, described for messages; null when absent.</summary>
    public static string? Locate(FirmwareFile firmware, ReadOnlySpan<byte> needle)
    {
        ArgumentNullException.ThrowIfNull(firmware);
        if (needle.IsEmpty)
        {
            return null;
        }

        foreach (var segment in firmware.Segments)
        {
            int at = segment.Data.Span.IndexOf(needle);
            if (at >= 0)
            {
                return firmware.DescribeLocation(segment.Address, at);
            }
        }

        return null;
    }

    /// <summary>The DER form of a key type, or null for X25519.</summary>
    internal static KeyForm? FormOf(KeyType type) => Forms.FirstOrDefault(f => f.Type == type);

    private static bool IsValid(KeyForm form, ReadOnlySpan<byte> candidate)
    {
        switch (form.Type)
        {
            case KeyType.Rsa2048:
            case KeyType.Rsa3072:
                // PKCS#1: the modulus has its top bit set (hence the 0x00 pad byte) and the exponent is 65537.
                return candidate[form.Prefix.Length] >= 0x80 && candidate.EndsWith(form.Suffix);
            case KeyType.EcdsaP256:
            case KeyType.EcdsaP384:
                return IsOnCurve(candidate);
            default:
                return true;
        }
    }

    private static bool IsOnCurve(ReadOnlySpan<byte> spki)
    {
        // A cheap affine check first (y^2 = x^3 - 3x + b mod p, SEC 1 §3.2.2.1): importing every candidate into a
        // native key object costs ~0.1 ms each, seconds on a bootloader full of key prefixes.
        if (!CurveEquationHolds(spki))
        {
            return false;
        }

        try
        {
            using var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(spki, out int read);
            return read == spki.Length;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static readonly BigInteger P256 = BigInteger.Parse("0ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    private static readonly BigInteger P256B = BigInteger.Parse("05ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    private static readonly BigInteger P384 = BigInteger.Parse("0fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    private static readonly BigInteger P384B = BigInteger.Parse("0b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>Whether the uncompressed point at the end of a P-256/P-384 SPKI satisfies the curve equation (a = -3).</summary>
    private static bool CurveEquationHolds(ReadOnlySpan<byte> spki)
    {
        int size = spki.Length == 91 ? 32 : 48;
        var (p, b) = size == 32 ? (P256, P256B) : (P384, P384B);
        var point = spki[^(2 * size)..];
        var x = new BigInteger(point[..size], isUnsigned: true, isBigEndian: true);
        var y = new BigInteger(point[size..], isUnsigned: true, isBigEndian: true);
        if (x >= p || y >= p)
        {
            return false;
        }

        var rhs = (((x * x % p) * x) - (3 * x) + b) % p;
        if (rhs < 0)
        {
            rhs += p;
        }

        return y * y % p == rhs;
    }

    /// <summary>The DER layout of one key type.</summary>
    internal sealed record KeyForm(KeyType Type, byte[] Prefix, int Length, byte[] Suffix)
    {
        /// <summary>Bytes of the key after the fixed prefix (Ed25519: 32; P-256 point X‖Y: 64; P-384: 96; RSA: modulus + exponent).</summary>
        public int RawLength => Length - Prefix.Length;
    }
}
