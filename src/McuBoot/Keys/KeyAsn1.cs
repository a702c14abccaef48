using System.Formats.Asn1;

namespace McuBoot.Keys;

/// <summary>
/// DER builders for the key structures imgtool (pyca/cryptography) writes: SubjectPublicKeyInfo (RFC 5280 §4.1,
/// RFC 5480, RFC 8410 §4), PKCS#8 PrivateKeyInfo (RFC 5208), SEC1 ECPrivateKey (RFC 5915).
/// </summary>
internal static class KeyAsn1
{
    internal static byte[] Spki(string algorithmOid, string? curveOid, ReadOnlySpan<byte> publicKey)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            WriteAlgorithm(w, algorithmOid, curveOid);
            w.WriteBitString(publicKey);
        }

        return w.Encode();
    }

    internal static byte[] Pkcs8(string algorithmOid, string? curveOid, ReadOnlySpan<byte> privateKey)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteInteger(0);
            WriteAlgorithm(w, algorithmOid, curveOid);
            w.WriteOctetString(privateKey);
        }

        return w.Encode();
    }

    /// <summary>CurvePrivateKey ::= OCTET STRING (RFC 8410 §7), wrapped in PKCS#8.</summary>
    internal static byte[] CurvePkcs8(string algorithmOid, ReadOnlySpan<byte> privateKey)
    {
        var inner = new AsnWriter(AsnEncodingRules.DER);
        inner.WriteOctetString(privateKey);
        return Pkcs8(algorithmOid, null, inner.Encode());
    }

    /// <summary>SEC1 ECPrivateKey { version 1, privateKey, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }.</summary>
    internal static byte[] EcPrivateKey(ReadOnlySpan<byte> d, string? curveOid, ReadOnlySpan<byte> publicPoint)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteInteger(1);
            w.WriteOctetString(d);
            if (curveOid != null)
            {
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    w.WriteObjectIdentifier(curveOid);
                }
            }

            if (!publicPoint.IsEmpty)
            {
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                {
                    w.WriteBitString(publicPoint);
                }
            }
        }

        return w.Encode();
    }

    private static void WriteAlgorithm(AsnWriter w, string algorithmOid, string? curveOid)
    {
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(algorithmOid);
            if (curveOid != null)
            {
                w.WriteObjectIdentifier(curveOid);
            }
            else if (algorithmOid == KeyOids.Rsa)
            {
                w.WriteNull();
            }
        }
    }
}
