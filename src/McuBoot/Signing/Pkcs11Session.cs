using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using McuBoot.Diagnostics;
using McuBoot.Keys;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace McuBoot.Signing;

/// <summary>
/// An open session on the token a <see cref="Pkcs11Uri"/> names: finds the token (<c>token=</c>, <c>serial=</c>,
/// <c>manufacturer=</c>, <c>model=</c>), logs in with the PIN, finds the key objects (<c>object=</c> = CKA_LABEL,
/// <c>id=</c> = CKA_ID) and builds the public key from CKO_PUBLIC_KEY (CKA_MODULUS/CKA_PUBLIC_EXPONENT,
/// CKA_EC_PARAMS/CKA_EC_POINT) or from a CKO_CERTIFICATE.
/// </summary>
internal sealed class Pkcs11Session : IDisposable
{
    /// <summary>CKK_EC_EDWARDS (PKCS#11 v3.0 §2.3.5); not in Pkcs11Interop 5.3.0's CKK enum.</summary>
    public const ulong CkkEcEdwards = 0x40;

    private readonly Pkcs11Module _module;
    private readonly Pkcs11Uri _uri;
    private bool _loggedIn;

    private Pkcs11Session(Pkcs11Module module, Pkcs11Uri uri, ISlot slot, ISession session)
    {
        _module = module;
        _uri = uri;
        Slot = slot;
        Session = session;
    }

    public ISlot Slot { get; }

    public ISession Session { get; }

    /// <summary>Opens a read-only session on the URI's token in <paramref name="module"/> (which it releases on dispose).</summary>
    public static Pkcs11Session Open(Pkcs11Module module, Pkcs11Uri uri)
    {
        try
        {
            var slots = Call(uri, () => module.Library.GetSlotList(SlotsType.WithTokenPresent));
            var matching = new List<ISlot>();
            var seen = new List<string>();
            foreach (var slot in slots)
            {
                var info = Call(uri, slot.GetTokenInfo);
                seen.Add($"'{info.Label.Trim()}'");
                if (Matches(uri.Token, info.Label) && Matches(uri.PathText("serial"), info.SerialNumber)
                    && Matches(uri.PathText("manufacturer"), info.ManufacturerId) && Matches(uri.PathText("model"), info.Model))
                {
                    matching.Add(slot);
                }
            }

            if (matching.Count == 0)
            {
                throw SignerErrors.Create(
                    ErrorCodes.Pkcs11TokenNotFound,
                    $"No token matching {uri.Text} is present in {module.Path} (tokens: {(seen.Count == 0 ? "none" : string.Join(", ", seen))}); check token= (the token label) and that the token is plugged in and initialised.",
                    null);
            }

            if (matching.Count > 1)
            {
                throw SignerErrors.Create(
                    ErrorCodes.Pkcs11TokenNotFound,
                    $"{matching.Count} tokens match {uri.Text} in {module.Path} ({string.Join(", ", seen)}); add token= or serial= to choose one.",
                    null);
            }

            var session = Call(uri, () => matching[0].OpenSession(SessionType.ReadOnly));
            return new Pkcs11Session(module, uri, matching[0], session);
        }
        catch
        {
            module.Release();
            throw;
        }
    }

    /// <summary>Whether the token needs a login before private keys can be used.</summary>
    public bool LoginRequired => Call(_uri, Slot.GetTokenInfo).TokenFlags.LoginRequired;

    /// <summary>Logs in as the user.</summary>
    public void Login(string pin)
    {
        try
        {
            Session.Login(CKU.CKU_USER, pin);
            _loggedIn = true;
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            _loggedIn = true;
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_LOCKED or CKR.CKR_PIN_LEN_RANGE or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_EXPIRED)
        {
            throw SignerErrors.Create(
                ErrorCodes.Pkcs11PinIncorrect,
                $"The token of {_uri.Text} rejected the PIN ({e.RV}); check the PIN file or variable (a locked PIN must be reset by the security officer).",
                null);
        }
        catch (Pkcs11Exception e)
        {
            throw Failed(_uri, "C_Login", e);
        }
    }

    /// <summary>The one private key the URI names.</summary>
    public IObjectHandle FindPrivateKey()
    {
        var found = Find(CKO.CKO_PRIVATE_KEY);
        if (found.Count == 1)
        {
            return found[0];
        }

        throw SignerErrors.Create(
            ErrorCodes.Pkcs11ObjectNotFound,
            found.Count == 0
                ? $"The token of {_uri.Text} holds no private key with {Selector()}{(_loggedIn ? string.Empty : " (not logged in: give the PIN)")}; list the objects with pkcs11-tool --module MODULE -O --login and fix object= / id=."
                : $"{found.Count} private keys on the token match {_uri.Text}; add id= (or a more specific object=) so one key is chosen.",
            null);
    }

    /// <summary>The key's public key from its CKO_PUBLIC_KEY object, else its certificate; null when neither is found.</summary>
    public McuBootKey? FindPublicKey()
    {
        var keys = Find(CKO.CKO_PUBLIC_KEY);
        if (keys.Count > 1)
        {
            throw SignerErrors.Create(ErrorCodes.Pkcs11ObjectNotFound, $"{keys.Count} public keys on the token match {_uri.Text}; add id= so one key is chosen.", null);
        }

        if (keys.Count == 1)
        {
            return KeyLoader.LoadPem(PemText.Write("PUBLIC KEY", PublicKeySpki(keys[0])), _uri.Text);
        }

        var certificates = Find(CKO.CKO_CERTIFICATE);
        if (certificates.Count >= 1)
        {
            var value = Call(_uri, () => Session.GetAttributeValue(certificates[0], [CKA.CKA_VALUE]))[0].GetValueAsByteArray();
            using var certificate = X509CertificateLoader.LoadCertificate(value);
            return KeyLoader.LoadPem(PemText.Write("PUBLIC KEY", certificate.PublicKey.ExportSubjectPublicKeyInfo()), _uri.Text);
        }

        return null;
    }

    public void Dispose()
    {
        try
        {
            if (_loggedIn)
            {
                Session.Logout();
            }
        }
        catch (Pkcs11Exception)
        {
            // Closing anyway.
        }

        Session.Dispose();
        _module.Release();
    }

    /// <summary>Runs a PKCS#11 call, turning a failure into a coded error.</summary>
    public static T Call<T>(Pkcs11Uri uri, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Pkcs11Exception e)
        {
            throw Failed(uri, e.Method, e);
        }
    }

    public static McuBootException Failed(Pkcs11Uri uri, string what, Pkcs11Exception e)
        => SignerErrors.Create(
            ErrorCodes.Pkcs11OperationFailed,
            $"The PKCS#11 call {what} failed with {e.RV} for {uri.Text}; check the token and the key (pkcs11-tool --module MODULE -O --login lists the objects).",
            null);

    private List<IObjectHandle> Find(CKO objectClass)
    {
        var f = Pkcs11Module.Factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute> { f.Create(CKA.CKA_CLASS, objectClass) };
        if (_uri.Object is { } label)
        {
            template.Add(f.Create(CKA.CKA_LABEL, label));
        }

        if (_uri.Id is { } id)
        {
            template.Add(f.Create(CKA.CKA_ID, id));
        }

        return Call(_uri, () => Session.FindAllObjects(template));
    }

    private string Selector()
        => string.Join(" and ", new[] { _uri.Object is { } o ? $"label '{o}'" : null, _uri.Id is { } i ? $"id {Convert.ToHexStringLower(i)}" : null }.Where(s => s != null));

    private byte[] PublicKeySpki(IObjectHandle handle)
    {
        ulong keyType = Call(_uri, () => Session.GetAttributeValue(handle, [CKA.CKA_KEY_TYPE]))[0].GetValueAsUlong();
        if (keyType == (ulong)CKK.CKK_RSA)
        {
            var attrs = Call(_uri, () => Session.GetAttributeValue(handle, [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]));
            using var rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters { Modulus = TrimZero(attrs[0].GetValueAsByteArray()), Exponent = TrimZero(attrs[1].GetValueAsByteArray()) });
            return rsa.ExportSubjectPublicKeyInfo();
        }

        if (keyType is (ulong)CKK.CKK_EC or CkkEcEdwards)
        {
            var attrs = Call(_uri, () => Session.GetAttributeValue(handle, [CKA.CKA_EC_PARAMS, CKA.CKA_EC_POINT]));
            var parameters = attrs[0].GetValueAsByteArray();
            var point = UnwrapOctetString(attrs[1].GetValueAsByteArray());
            string? curveOid = ReadOid(parameters);
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    if (keyType == CkkEcEdwards)
                    {
                        // RFC 8410 §3: id-Ed25519, parameters absent. PKCS#11 3.0 allows the OID or the printable string "edwards25519".
                        if (point.Length != 32 || (curveOid != null && curveOid != "1.3.101.112"))
                        {
                            throw Unsupported("an Edwards key that is not Ed25519");
                        }

                        writer.WriteObjectIdentifier("1.3.101.112");
                    }
                    else
                    {
                        writer.WriteObjectIdentifier("1.2.840.10045.2.1");
                        writer.WriteObjectIdentifier(curveOid ?? throw Unsupported("an EC key with explicit curve parameters"));
                    }
                }

                writer.WriteBitString(point);
            }

            return writer.Encode();
        }

        throw Unsupported($"a key of CKK type 0x{keyType:x}");
    }

    private McuBootException Unsupported(string what)
        => SignerErrors.Create(
            ErrorCodes.Pkcs11KeyTypeUnsupported,
            $"{_uri.Text} is {what}; MCUboot signs with RSA-2048/3072, ECDSA P-256/P-384 or Ed25519 keys.",
            null);

    private static string? ReadOid(byte[] der)
    {
        try
        {
            return new AsnReader(der, AsnEncodingRules.DER).ReadObjectIdentifier();
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    /// <summary>CKA_EC_POINT is a DER OCTET STRING (PKCS#11 v2.40); some tokens (SoftHSM2 for Edwards keys) give the bare point.</summary>
    private static byte[] UnwrapOctetString(byte[] value)
    {
        if (value.Length > 2 && value[0] == 0x04)
        {
            try
            {
                var reader = new AsnReader(value, AsnEncodingRules.DER);
                var inner = reader.ReadOctetString();
                if (!reader.HasData)
                {
                    return inner;
                }
            }
            catch (AsnContentException)
            {
                // A bare uncompressed EC point also starts with 0x04.
            }
        }

        return value;
    }

    private static byte[] TrimZero(byte[] value)
    {
        int i = 0;
        while (i < value.Length - 1 && value[i] == 0)
        {
            i++;
        }

        return value[i..];
    }

    private static bool Matches(string? wanted, string actual) => wanted == null || wanted == actual.TrimEnd();
}
