namespace McuBoot.Encryption;

/// <summary><c>--hmac-sha</c>: the HKDF/HMAC hash of ECIES-X25519 (§6.6).</summary>
public enum HmacSha
{
    Auto,
    Sha256,
    Sha512,
}
