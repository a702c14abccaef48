namespace McuBoot.Diagnostics;

// ---- Release signing: keys that live elsewhere (pkcs11:, exec:) and multiple signatures ----
// MCUB22xx keys and signers, MCUB135x options, MCUB730x MSBuild.
public static partial class ErrorCodes
{
    /// <summary>Several signing keys (<c>-k A -k B</c>) are not all of one key type (one signature type per bootloader).</summary>
    public const string SigningKeysMixed = "MCUB2201";

    /// <summary>A signature made outside the tool (HSM or signing command) does not verify with the key's public key; nothing is written.</summary>
    public const string ExternalSignatureInvalid = "MCUB2202";

    /// <summary>The signing command (<c>exec:</c>) cannot be started or exits with a non-zero status.</summary>
    public const string SignCommandFailed = "MCUB2203";

    /// <summary>The signing command (<c>exec:</c>) did not finish within its timeout and was stopped.</summary>
    public const string SignCommandTimedOut = "MCUB2204";

    /// <summary>The signing command's output is not a signature (empty, not base64/binary of the right size, not DER).</summary>
    public const string SignCommandOutputInvalid = "MCUB2205";

    /// <summary>An <c>exec:</c> key specification or signer file is malformed (missing command, unknown field, bad value).</summary>
    public const string SignerFileInvalid = "MCUB2206";

    /// <summary>A <c>pkcs11:</c> URI is malformed (RFC 7512) or lacks what selects the key (object= or id=).</summary>
    public const string Pkcs11UriInvalid = "MCUB2207";

    /// <summary>A <c>pkcs11:</c> URI carries the PIN itself (<c>pin-value=</c>); PINs come from a file, an environment variable or a prompt.</summary>
    public const string Pkcs11PinInUri = "MCUB2208";

    /// <summary>No PKCS#11 module is named (<c>module-path=</c> or MCUBOOT_PKCS11_MODULE), or the file does not exist or cannot be loaded.</summary>
    public const string Pkcs11ModuleNotFound = "MCUB2209";

    /// <summary>The module loads but is not a PKCS#11 library (no <c>C_GetFunctionList</c>) or fails to initialise.</summary>
    public const string Pkcs11ModuleInvalid = "MCUB2210";

    /// <summary>No token with the URI's <c>token=</c> label (or serial/manufacturer/model) is present.</summary>
    public const string Pkcs11TokenNotFound = "MCUB2211";

    /// <summary>The token holds no private key (or no public key/certificate) with the URI's <c>object=</c>/<c>id=</c>, or several match.</summary>
    public const string Pkcs11ObjectNotFound = "MCUB2212";

    /// <summary>The token rejected the PIN (CKR_PIN_INCORRECT) or the PIN is locked.</summary>
    public const string Pkcs11PinIncorrect = "MCUB2213";

    /// <summary>The token needs a PIN and none is available (no pin-source, environment variable, file or terminal).</summary>
    public const string Pkcs11PinRequired = "MCUB2214";

    /// <summary>The token does not offer the signing mechanism MCUboot's signature needs (CKM_ECDSA, CKM_RSA_PKCS_PSS, CKM_EDDSA).</summary>
    public const string Pkcs11MechanismNotSupported = "MCUB2215";

    /// <summary>The token's key is not a type MCUboot signs with (RSA-2048/3072, ECDSA P-256/P-384, Ed25519).</summary>
    public const string Pkcs11KeyTypeUnsupported = "MCUB2216";

    /// <summary>Another PKCS#11 call failed (the message gives the CKR_ code).</summary>
    public const string Pkcs11OperationFailed = "MCUB2217";

    /// <summary>The <c>pin-source=</c> file or environment variable cannot be read.</summary>
    public const string Pkcs11PinSourceUnreadable = "MCUB2218";

    /// <summary>The public key of an <c>exec:</c> signer cannot be obtained (no public-key file and the command's <c>public-key</c> call failed).</summary>
    public const string SignerPublicKeyMissing = "MCUB2219";

    /// <summary>Several signing keys were combined with an option that takes exactly one signature (<c>--fix-sig</c>, <c>--vector-to-sign</c>, <c>--sig-out</c>, <c>--compression</c>).</summary>
    public const string MultipleSignaturesNotAllowed = "MCUB1351";

    /// <summary>The PIN environment variable named by <c>McuBootKeyPinEnvironmentVariable</c> is not set.</summary>
    public const string BuildPinVariableNotSet = "MCUB7301";

    /// <summary>The PIN file named by <c>McuBootKeyPinFile</c> does not exist or cannot be read.</summary>
    public const string BuildPinFileNotFound = "MCUB7302";
}
