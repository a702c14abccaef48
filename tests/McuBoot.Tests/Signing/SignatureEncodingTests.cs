using System.Security.Cryptography;
using McuBoot.Signing;

namespace McuBoot.Tests.Signing;

/// <summary>Raw r||s signatures (PKCS#11, signing commands) become DER ECDSA-Sig-Values, including r or s with leading zero bytes.</summary>
public class SignatureEncodingTests
{
    [Fact]
    public void RawSignaturesWhoseRStartsWithZeroBytesConvertToVerifiableDer()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var hash = new byte[32];
        int found = 0;
        for (int i = 0; i < 100_000 && found < 2; i++)
        {
            BitConverter.TryWriteBytes(hash, i);
            var raw = key.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            // r = 0x00 followed by a byte below 0x80: its minimal DER form drops the zero (once in about 512 signatures).
            if (raw[0] != 0 || raw[1] >= 0x80)
            {
                continue;
            }

            found++;
            var der = SignatureEncoding.RawToDer(raw.AsSpan(0, 32), raw.AsSpan(32));
            Assert.True(key.VerifyHash(hash, der, DSASignatureFormat.Rfc3279DerSequence));
        }

        Assert.Equal(2, found);
    }

    [Fact]
    public void ZeroAndLeadingZeroIntegersAreEncodedMinimally()
    {
        var der = SignatureEncoding.RawToDer(new byte[] { 0, 0, 0, 5 }, new byte[] { 0, 0, 0, 0 });
        Assert.Equal(new byte[] { 0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x00 }, der);
        var high = SignatureEncoding.RawToDer(new byte[] { 0, 0x80 }, new byte[] { 0x7f });
        Assert.Equal(new byte[] { 0x30, 0x07, 0x02, 0x02, 0x00, 0x80, 0x02, 0x01, 0x7f }, high);
    }
}
