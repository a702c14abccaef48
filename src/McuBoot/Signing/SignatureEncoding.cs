using System.Formats.Asn1;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// Brings signatures from HSMs and signing services into MCUboot's TLV encoding (mcuboot-image-format.md §4.3):
/// ECDSA as DER <c>ECDSA-Sig-Value</c> (RFC 3279 §2.2.3) — PKCS#11 CKM_ECDSA (PKCS#11 v2.40 §2.3.1) and JOSE/Azure
/// return the raw <c>r‖s</c>, which is converted; RSA-PSS as the raw value of the modulus size (left-padded with zeros
/// when a service dropped leading zero bytes); Ed25519 as its 64 bytes.
/// </summary>
public static class SignatureEncoding
{
    /// <summary>The signature in TLV encoding, or null when <paramref name="signature"/> cannot be one for <paramref name="keyType"/>.</summary>
    public static byte[]? Normalize(KeyType keyType, ReadOnlySpan<byte> signature)
    {
        switch (keyType)
        {
            case KeyType.EcdsaP256:
            case KeyType.EcdsaP384:
            {
                int field = keyType == KeyType.EcdsaP256 ? 32 : 48;
                if (TryReadDer(signature, field, out var der))
                {
                    return der;
                }

                return signature.Length == 2 * field ? RawToDer(signature[..field], signature[field..]) : null;
            }

            case KeyType.Rsa2048:
            case KeyType.Rsa3072:
            {
                int size = keyType == KeyType.Rsa2048 ? 256 : 384;
                if (signature.Length == size)
                {
                    return signature.ToArray();
                }

                if (signature.Length < size && signature.Length >= size - 8)
                {
                    var padded = new byte[size];
                    signature.CopyTo(padded.AsSpan(size - signature.Length));
                    return padded;
                }

                return null;
            }

            case KeyType.Ed25519:
                return signature.Length == 64 ? signature.ToArray() : null;
            default:
                return null;
        }
    }

    /// <summary>What a signature of <paramref name="keyType"/> looks like, for messages.</summary>
    public static string Expected(KeyType keyType) => keyType switch
    {
        KeyType.EcdsaP256 => "a DER ECDSA-Sig-Value or 64 raw bytes r||s",
        KeyType.EcdsaP384 => "a DER ECDSA-Sig-Value or 96 raw bytes r||s",
        KeyType.Rsa2048 => "256 bytes",
        KeyType.Rsa3072 => "384 bytes",
        KeyType.Ed25519 => "64 bytes",
        _ => "none: this key type does not sign",
    };

    /// <summary>DER <c>SEQUENCE { r INTEGER, s INTEGER }</c> of the unsigned big-endian <paramref name="r"/> and <paramref name="s"/>.</summary>
    public static byte[] RawToDer(ReadOnlySpan<byte> r, ReadOnlySpan<byte> s)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            // r and s are fixed-width in the raw form; DER wants the minimal encoding (no redundant zero bytes).
            writer.WriteIntegerUnsigned(TrimLeadingZeros(r));
            writer.WriteIntegerUnsigned(TrimLeadingZeros(s));
        }

        return writer.Encode();
    }

    private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        int i = 0;
        while (i < value.Length - 1 && value[i] == 0)
        {
            i++;
        }

        return value[i..];
    }

    private static bool TryReadDer(ReadOnlySpan<byte> signature, int field, out byte[]? der)
    {
        der = null;
        try
        {
            var reader = new AsnReader(signature.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            var r = sequence.ReadIntegerBytes().Span;
            var s = sequence.ReadIntegerBytes().Span;
            if (sequence.HasData || reader.HasData || !Fits(r, field) || !Fits(s, field))
            {
                return false;
            }

            der = signature.ToArray();
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static bool Fits(ReadOnlySpan<byte> integer, int field)
        => integer.Length <= field || (integer.Length == field + 1 && integer[0] == 0);
}
