using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace McuBoot.Signing;

/// <summary>
/// Signs with a private key on a PKCS#11 token; the key never leaves it. Mechanisms (PKCS#11 v2.40 §2.3.1, §2.1.14,
/// v3.0 §2.3.6): CKM_ECDSA over the digest (the token's raw r‖s is DER-encoded), CKM_RSA_PKCS_PSS with
/// SHA-256 / MGF1-SHA256 / salt 32 over the digest (as bootutil's RSA verifier expects, image_rsa.c), CKM_EDDSA
/// (0x1057) over the digest bytes or, for <c>--pure</c>, the whole region (RFC 8032 PureEdDSA).
/// </summary>
public sealed class Pkcs11Signer : ExternalSigner
{
    /// <summary>CKM_EDDSA (PKCS#11 v3.0 §2.3.6); not in Pkcs11Interop 5.3.0's CKM enum.</summary>
    public const ulong CkmEddsa = 0x1057;

    private readonly Pkcs11Session _session;
    private readonly IObjectHandle _privateKey;
    private readonly ulong _mechanism;
    private readonly Pkcs11Uri _uri;

    private Pkcs11Signer(Pkcs11Session session, IObjectHandle privateKey, McuBootKey publicKey, Pkcs11Uri uri, ulong mechanism)
        : base(publicKey, uri.Text)
    {
        _session = session;
        _privateKey = privateKey;
        _uri = uri;
        _mechanism = mechanism;
    }

    /// <summary>Opens the session, logs in, finds the key pair and checks the token has the mechanism.</summary>
    internal static Pkcs11Signer Open(Pkcs11Session session, Pkcs11Uri uri, string? pin)
    {
        try
        {
            if (pin != null)
            {
                session.Login(pin);
            }
            else if (session.LoginRequired)
            {
                throw SignerErrors.Create(
                    ErrorCodes.Pkcs11PinRequired,
                    $"The token of {uri.Text} needs a PIN and none was given; add pin-source=file:PATH or pin-source=env:NAME to the URI, set MCUBOOT_PKCS11_PIN, use --password-env/--password-file (McuBootKeyPinEnvironmentVariable/McuBootKeyPinFile in a build), or run in a terminal to be asked.",
                    null);
            }

            var privateKey = session.FindPrivateKey();
            var publicKey = session.FindPublicKey() ?? throw SignerErrors.Create(
                ErrorCodes.Pkcs11ObjectNotFound,
                $"The token of {uri.Text} holds the private key but no public key or certificate with the same label/id, so the key hash cannot be made; import the public key too (pkcs11-tool --write-object pub.der --type pubkey with the same --id and --label).",
                null);
            try
            {
                var mechanism = publicKey.Type switch
                {
                    KeyType.EcdsaP256 or KeyType.EcdsaP384 => (ulong)CKM.CKM_ECDSA,
                    KeyType.Rsa2048 or KeyType.Rsa3072 => (ulong)CKM.CKM_RSA_PKCS_PSS,
                    KeyType.Ed25519 => CkmEddsa,
                    _ => throw SignerErrors.Create(ErrorCodes.Pkcs11KeyTypeUnsupported, $"{uri.Text} is {McuBoot.Keys.KeyTypeNames.WithArticle(publicKey.Type)}; MCUboot signs with RSA-2048/3072, ECDSA P-256/P-384 or Ed25519.", null),
                };
                var offered = Pkcs11Session.Call(uri, session.Slot.GetMechanismList);
                if (!offered.Contains((CKM)mechanism))
                {
                    throw SignerErrors.Create(
                        ErrorCodes.Pkcs11MechanismNotSupported,
                        $"The token of {uri.Text} does not offer {MechanismName(mechanism)}, which a {publicKey.Type} MCUboot signature needs; use a token (or firmware) with that mechanism, or a key type it supports.",
                        null);
                }

                return new Pkcs11Signer(session, privateKey, publicKey, uri, mechanism);
            }
            catch
            {
                publicKey.Dispose();
                throw;
            }
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    protected override byte[] SignImageCore(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm)
        => Sign(digest);

    /// <inheritdoc />
    protected override byte[] SignMessageCore(ReadOnlySpan<byte> message) => Sign(message);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _session.Dispose();
        }

        base.Dispose(disposing);
    }

    private static string MechanismName(ulong mechanism) => mechanism switch
    {
        (ulong)CKM.CKM_ECDSA => "CKM_ECDSA",
        (ulong)CKM.CKM_RSA_PKCS_PSS => "CKM_RSA_PKCS_PSS",
        CkmEddsa => "CKM_EDDSA (0x1057)",
        _ => $"mechanism 0x{mechanism:x}",
    };

    private byte[] Sign(ReadOnlySpan<byte> data)
    {
        var factories = Pkcs11Module.Factories;
        IMechanism mechanism = _mechanism == (ulong)CKM.CKM_RSA_PKCS_PSS
            ? factories.MechanismFactory.Create(
                CKM.CKM_RSA_PKCS_PSS,
                factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams((ulong)CKM.CKM_SHA256, (ulong)CKG.CKG_MGF1_SHA256, 32))
            : factories.MechanismFactory.Create(_mechanism);
        try
        {
            return _session.Session.Sign(mechanism, _privateKey, data.ToArray());
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_MECHANISM_INVALID or CKR.CKR_MECHANISM_PARAM_INVALID or CKR.CKR_KEY_TYPE_INCONSISTENT or CKR.CKR_KEY_FUNCTION_NOT_PERMITTED)
        {
            throw SignerErrors.Create(
                ErrorCodes.Pkcs11MechanismNotSupported,
                $"The token of {_uri.Text} refused {MechanismName(_mechanism)} with this key ({e.RV}); check that the key may sign (CKA_SIGN) and that the token supports the mechanism with these parameters.",
                null);
        }
        catch (Pkcs11Exception e)
        {
            throw Pkcs11Session.Failed(_uri, "C_Sign", e);
        }
    }
}
