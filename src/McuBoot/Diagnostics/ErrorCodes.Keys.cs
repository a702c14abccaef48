namespace McuBoot.Diagnostics;

// ---- MCUB2xxx: keys and passwords (McuBoot.Keys, McuBoot.Signing) ----
public static partial class ErrorCodes
{
    /// <summary>The key file does not exist (or is a directory).</summary>
    public const string KeyFileNotFound = "MCUB2001";

    /// <summary>The key file is not a PEM file, or cannot be read.</summary>
    public const string KeyNotPem = "MCUB2002";

    /// <summary>The PEM holds a key type, RSA size or EC curve MCUboot does not support.</summary>
    public const string UnsupportedKeyType = "MCUB2003";

    /// <summary>The key is password-protected and no password was supplied.</summary>
    public const string KeyPasswordRequired = "MCUB2004";

    /// <summary>The password does not decrypt the key.</summary>
    public const string KeyWrongPassword = "MCUB2005";

    /// <summary>A public-only key was given where signing needs the private key.</summary>
    public const string PublicKeyCannotSign = "MCUB2006";

    /// <summary>The key type cannot sign images (X25519 is an encryption key).</summary>
    public const string KeyNotForSigning = "MCUB2007";

    /// <summary>The private-key export format (getpriv -f) is not supported for this key type.</summary>
    public const string PrivateKeyFormatNotSupported = "MCUB2008";

    /// <summary>The operation needs the private key, but the key is public-only.</summary>
    public const string PrivateKeyRequired = "MCUB2009";

    /// <summary>The password file (--password-file) does not exist or cannot be read.</summary>
    public const string PasswordFileNotFound = "MCUB2010";

    /// <summary>The password environment variable (--password-env) is not set.</summary>
    public const string PasswordVariableNotSet = "MCUB2011";

    /// <summary>A key specification uses a scheme (e.g. <c>pkcs11:</c>) that is not supported.</summary>
    public const string UnknownKeyScheme = "MCUB2012";

    /// <summary>The PEM's key data is malformed (bad DER, bad encryption parameters).</summary>
    public const string KeyDataMalformed = "MCUB2013";

    /// <summary>The hash algorithm cannot be used with this key type.</summary>
    public const string HashNotAllowedForKey = "MCUB2014";

    /// <summary>The signature operation is not available for this key type (e.g. pure signing with RSA).</summary>
    public const string SignatureOperationNotSupported = "MCUB2015";

    /// <summary>A password-encrypted key's derivation parameters (PBKDF2 iterations, scrypt N/r/p or memory) are invalid or above the limit; the message names the limit.</summary>
    public const string KeyDerivationLimit = "MCUB2101";

    /// <summary>An RSA private key's RSAPrivateKey version is not 0 (two-prime); multi-prime (version 1) and unknown versions are refused.</summary>
    public const string RsaKeyVersionUnsupported = "MCUB2102";
}
