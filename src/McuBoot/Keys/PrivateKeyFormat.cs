namespace McuBoot.Keys;

/// <summary>
/// The private-key encodings of <c>imgtool getpriv -f</c> (mcuboot-image-format.md §9.4).
/// </summary>
public enum PrivateKeyFormat
{
    /// <summary>Traditional OpenSSL DER: PKCS#1 <c>RSAPrivateKey</c> for RSA, SEC1 <c>ECPrivateKey</c> for EC.</summary>
    Openssl,

    /// <summary>PKCS#8 <c>PrivateKeyInfo</c> DER.</summary>
    Pkcs8,
}
