namespace McuBoot.Keys;

/// <summary>Object identifiers used in key files (RFC 8017, RFC 5480, RFC 8410, RFC 8018).</summary>
internal static class KeyOids
{
    internal const string Rsa = "1.2.840.113549.1.1.1";
    internal const string RsaPss = "1.2.840.113549.1.1.10";
    internal const string EcPublicKey = "1.2.840.10045.2.1";
    internal const string P256 = "1.2.840.10045.3.1.7";
    internal const string P384 = "1.3.132.0.34";
    internal const string P521 = "1.3.132.0.35";
    internal const string X25519 = "1.3.101.110";
    internal const string X448 = "1.3.101.111";
    internal const string Ed25519 = "1.3.101.112";
    internal const string Ed448 = "1.3.101.113";

    internal const string Pbes2 = "1.2.840.113549.1.5.13";
    internal const string Pbkdf2 = "1.2.840.113549.1.5.12";
    internal const string Scrypt = "1.3.6.1.4.1.11591.4.11";
    internal const string HmacSha1 = "1.2.840.113549.2.7";
    internal const string HmacSha224 = "1.2.840.113549.2.8";
    internal const string HmacSha256 = "1.2.840.113549.2.9";
    internal const string HmacSha384 = "1.2.840.113549.2.10";
    internal const string HmacSha512 = "1.2.840.113549.2.11";
    internal const string Aes128Cbc = "2.16.840.1.101.3.4.1.2";
    internal const string Aes192Cbc = "2.16.840.1.101.3.4.1.22";
    internal const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";
    internal const string DesEde3Cbc = "1.2.840.113549.3.7";

    /// <summary>A readable name for an algorithm or curve OID, for error messages.</summary>
    internal static string Describe(string oid) => oid switch
    {
        Rsa => "RSA",
        RsaPss => "RSASSA-PSS (restricted RSA key)",
        EcPublicKey => "EC",
        P256 => "secp256r1",
        P384 => "secp384r1",
        P521 => "secp521r1",
        "1.3.132.0.10" => "secp256k1",
        "1.2.840.10045.3.1.1" => "secp192r1",
        "1.3.132.0.33" => "secp224r1",
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1",
        "1.3.36.3.3.2.8.1.1.11" => "brainpoolP384r1",
        "1.3.36.3.3.2.8.1.1.13" => "brainpoolP512r1",
        X25519 => "X25519",
        X448 => "X448",
        Ed25519 => "Ed25519",
        Ed448 => "Ed448",
        "1.2.840.10040.4.1" => "DSA",
        "1.2.840.10046.2.1" => "DH",
        _ => "OID " + oid,
    };
}
