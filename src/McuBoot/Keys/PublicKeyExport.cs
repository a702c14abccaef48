using System.Globalization;
using System.Text.RegularExpressions;
using McuBoot.Diagnostics;
using McuBoot.Image;

namespace McuBoot.Keys;

/// <summary>
/// The outputs of <c>imgtool getpub</c> (lang-c, lang-rust, pem, raw; mcuboot-image-format.md §9.2) and
/// <c>imgtool getpubhash</c> (lang-c, raw; §9.3), byte-identical to imgtool 2.4.0.
/// </summary>
public static partial class PublicKeyExport
{
    /// <summary><c>getpub -e lang-c</c>: <c>const unsigned char &lt;short&gt;_pub_key&lt;SFX&gt;[]</c> plus a <c>_len</c> line.</summary>
    public static string ToC(McuBootKey key, string nameSuffix = "")
    {
        ArgumentNullException.ThrowIfNull(key);
        ValidateNameSuffix(nameSuffix);
        var name = $"{key.ShortName}_pub_key{nameSuffix}";
        var bytes = key.GetPublicKeyBytes();
        return CArrayFormatter.Format(
            $"const unsigned char {name}[] = {{",
            "};",
            bytes,
            string.Create(CultureInfo.InvariantCulture, $"const unsigned int {name}_len = {bytes.Length};"));
    }

    /// <summary><c>getpub -e lang-rust</c>: <c>static &lt;SHORT&gt;_PUB_KEY&lt;SFX&gt;: &amp;[u8] = &amp;[ ... ];</c> (no length line).</summary>
    public static string ToRust(McuBootKey key, string nameSuffix = "")
    {
        ArgumentNullException.ThrowIfNull(key);
        ValidateNameSuffix(nameSuffix);
        var name = $"{key.ShortName}_pub_key{nameSuffix}".ToUpperInvariant();
        return CArrayFormatter.Format($"static {name}: &[u8] = &[", "];", key.GetPublicKeyBytes(), null);
    }

    /// <summary><c>getpub -e raw</c>: the §4.5 public-key bytes.</summary>
    public static byte[] ToRaw(McuBootKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.GetPublicKeyBytes();
    }

    /// <summary><c>getpub -e pem</c>: SPKI PEM (for RSA this is SPKI, not the PKCS#1 of the other forms).</summary>
    public static string ToPem(McuBootKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ExportPublicPem();
    }

    /// <summary>
    /// Hash of the §4.5 public-key bytes. SHA-256 is <c>getpubhash</c>; pass the image hash algorithm to get the
    /// KEYHASH TLV value of images hashed with SHA-384/SHA-512 (§4.5, §11 item 13).
    /// </summary>
    public static byte[] PublicKeyHash(McuBootKey key, ImageHashAlgorithm alg = ImageHashAlgorithm.Sha256)
    {
        ArgumentNullException.ThrowIfNull(key);
        return alg.Hash(key.GetPublicKeyBytes());
    }

    /// <summary><c>getpubhash -e lang-c</c>: <c>&lt;short&gt;_pub_key_hash&lt;SFX&gt;[]</c> plus a <c>_len</c> line.</summary>
    public static string HashToC(McuBootKey key, string nameSuffix = "", ImageHashAlgorithm alg = ImageHashAlgorithm.Sha256)
    {
        ArgumentNullException.ThrowIfNull(key);
        ValidateNameSuffix(nameSuffix);
        var name = $"{key.ShortName}_pub_key_hash{nameSuffix}";
        var hash = PublicKeyHash(key, alg);
        return CArrayFormatter.Format(
            $"const unsigned char {name}[] = {{",
            "};",
            hash,
            string.Create(CultureInfo.InvariantCulture, $"const unsigned int {name}_len = {hash.Length};"));
    }

    /// <summary>True when <paramref name="nameSuffix"/> matches <c>^[A-Za-z0-9_]*$</c>.</summary>
    public static bool IsValidNameSuffix(string nameSuffix) => nameSuffix != null && NameSuffixRegex().IsMatch(nameSuffix);

    /// <summary>Checks a <c>--name-suffix</c> value (<c>^[A-Za-z0-9_]*$</c>, §9.2).</summary>
    /// <exception cref="McuBootException">Invalid suffix (<see cref="ErrorCodes.InvalidNameSuffix"/>).</exception>
    public static void ValidateNameSuffix(string nameSuffix)
    {
        if (!IsValidNameSuffix(nameSuffix))
        {
            throw new McuBootException(
                ErrorCodes.InvalidNameSuffix,
                $"--name-suffix '{nameSuffix}' must contain only [A-Za-z0-9_]; it is appended directly to a C/Rust identifier.")
            {
                ExitCode = ExitCodes.Usage,
            };
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex NameSuffixRegex();
}
