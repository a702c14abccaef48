// Spec: mcuboot-image-format.md §6.5 (ECIES-P256 key TLV 0x32, ENCEC256); SEC 1 §2.3.3 (uncompressed point).
using System.Security.Cryptography;
using McuBoot.Diagnostics;

namespace McuBoot.Encryption;

/// <summary>
/// ECIES-P256 wrapping of the image AES key into the ENCEC256 TLV (0x32), exactly as imgtool and bootutil
/// (mcuboot-image-format.md §6.5): ephemeral P-256 key E, Z = raw ECDH x-coordinate, HKDF-SHA256 (no salt,
/// info "MCUBoot_ECIES_v1", L = keylen + 32), C = AES-CTR(K_enc, key), T = HMAC-SHA256(K_mac, C);
/// value = <c>04 ‖ X ‖ Y</c> (65) ‖ T (32) ‖ C (16 or 32) → 113 or 129 bytes.
/// </summary>
public static class EciesP256
{
    /// <summary>Length of the uncompressed ephemeral point.</summary>
    public const int EphemeralPublicKeyLength = 65;

    /// <summary>Length of the HMAC-SHA256 tag.</summary>
    public const int TagLength = 32;

    private const string Scheme = "ECIES-P256 (ENCEC256)";

    /// <summary>The TLV value length for an AES key of <paramref name="aesKeyLength"/> bytes (113 or 129).</summary>
    public static int TlvValueLength(int aesKeyLength) => EphemeralPublicKeyLength + TagLength + aesKeyLength;

    /// <summary>Wraps <paramref name="aesKey"/> (16 or 32 bytes) for the device whose P-256 public key is <paramref name="recipientPublic"/>.</summary>
    /// <exception cref="McuBootException">
    /// <see cref="ErrorCodes.UnsupportedEncryptionKey"/> when the key is not on P-256; <see cref="ErrorCodes.InvalidEncryptionKey"/> for an invalid point;
    /// <see cref="ErrorCodes.InvalidAesKeyLength"/> for a bad AES key length.
    /// </exception>
    public static byte[] Wrap(ECParameters recipientPublic, ReadOnlySpan<byte> aesKey)
    {
        AesCtr.ValidateKey(aesKey);
        CheckCurve(recipientPublic.Curve);
        var publicOnly = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = recipientPublic.Q };
        using var recipient = Import(publicOnly, "recipient public key");
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var z = ephemeral.DeriveRawSecretAgreement(recipient.PublicKey);
        try
        {
            var q = ephemeral.ExportParameters(includePrivateParameters: false).Q;
            Span<byte> point = stackalloc byte[EphemeralPublicKeyLength];
            point[0] = 0x04;
            q.X.AsSpan().CopyTo(point.Slice(1, 32));
            q.Y.AsSpan().CopyTo(point.Slice(33, 32));
            return EciesCore.Seal(z, point, aesKey, HashAlgorithmName.SHA256);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(z);
        }
    }

    /// <summary>Recovers the AES key from an ENCEC256 TLV value with the device's P-256 private key.</summary>
    /// <param name="recipientPrivate">P-256 parameters including <see cref="ECParameters.D"/>.</param>
    /// <param name="tlvValue">The 113- or 129-byte TLV value.</param>
    /// <param name="keyLength">AES key length, 16 or 32 (must match the TLV length).</param>
    /// <exception cref="McuBootException">
    /// <see cref="ErrorCodes.EncryptionTagMismatch"/> when the HMAC tag does not verify (wrong key or corrupted TLV);
    /// <see cref="ErrorCodes.InvalidEncryptionKeyTlv"/> for a wrong length or invalid ephemeral point;
    /// <see cref="ErrorCodes.UnsupportedEncryptionKey"/>/<see cref="ErrorCodes.InvalidEncryptionKey"/> for a bad private key.
    /// </exception>
    public static byte[] Unwrap(ECParameters recipientPrivate, ReadOnlySpan<byte> tlvValue, int keyLength)
    {
        EciesCore.CheckLength(tlvValue, EphemeralPublicKeyLength, keyLength, HashAlgorithmName.SHA256, Scheme);
        CheckCurve(recipientPrivate.Curve);
        if (recipientPrivate.D is null)
        {
            throw new McuBootException(
                ErrorCodes.InvalidEncryptionKey,
                "Decrypting an ENCEC256 key TLV needs the P-256 private key, but only the public key was given.");
        }

        if (tlvValue[0] != 0x04)
        {
            throw new McuBootException(
                ErrorCodes.InvalidEncryptionKeyTlv,
                $"The ENCEC256 key TLV does not start with an uncompressed P-256 point (first byte 0x{tlvValue[0]:x2}, expected 0x04); the TLV is corrupted.");
        }

        var privateParameters = recipientPrivate;
        privateParameters.Curve = ECCurve.NamedCurves.nistP256;
        using var recipient = Import(privateParameters, "recipient private key");
        var peerParameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = tlvValue.Slice(1, 32).ToArray(), Y = tlvValue.Slice(33, 32).ToArray() },
        };

        ECDiffieHellman peer;
        try
        {
            peer = ECDiffieHellman.Create(peerParameters);
        }
        catch (CryptographicException ex)
        {
            throw new McuBootException(
                ErrorCodes.InvalidEncryptionKeyTlv,
                "The ENCEC256 key TLV's ephemeral key is not a valid P-256 point; the TLV is corrupted.",
                inner: ex);
        }

        using (peer)
        {
            var z = recipient.DeriveRawSecretAgreement(peer.PublicKey);
            try
            {
                return EciesCore.Open(z, tlvValue, EphemeralPublicKeyLength, keyLength, HashAlgorithmName.SHA256, Scheme);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(z);
            }
        }
    }

    /// <summary>Recovers the AES key, inferring its length from the TLV length (113 → 16, 129 → 32).</summary>
    public static byte[] Unwrap(ECParameters recipientPrivate, ReadOnlySpan<byte> tlvValue)
    {
        EncryptionKeyTlv.Validate(EncryptionKeyTlv.EncEc256, tlvValue.Length);
        EncryptionKeyTlv.TryGetAesKeyLength(EncryptionKeyTlv.EncEc256, tlvValue.Length, out var keyLength);
        return Unwrap(recipientPrivate, tlvValue, keyLength);
    }

    private static ECDiffieHellman Import(ECParameters parameters, string what)
    {
        try
        {
            return ECDiffieHellman.Create(parameters);
        }
        catch (CryptographicException ex)
        {
            throw new McuBootException(
                ErrorCodes.InvalidEncryptionKey,
                $"The P-256 {what} is not valid ({ex.Message}); use the device's P-256 encryption key.",
                inner: ex);
        }
    }

    private static void CheckCurve(ECCurve curve)
    {
        var oid = curve.IsNamed ? curve.Oid : null;
        var isP256 = oid is not null
            && (oid.Value == "1.2.840.10045.3.1.7"
                || oid.FriendlyName is "nistP256" or "ECDSA_P256" or "ECDH_P256" or "secp256r1" or "prime256v1");
        if (!isP256)
        {
            var name = oid?.FriendlyName ?? oid?.Value ?? (curve.IsExplicit ? "an explicit curve" : "an unknown curve");
            throw new McuBootException(
                ErrorCodes.UnsupportedEncryptionKey,
                $"ECIES encryption for MCUboot needs a NIST P-256 key, but the key is on {name}; use a P-256 (prime256v1) encryption key.");
        }
    }
}
