using System.Formats.Asn1;
using System.Security.Cryptography;
using McuBoot.Encryption;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Encryption;

/// <summary>
/// Decrypts imgtool 2.4.0's real encrypted images (conformance/expected/enc-*.bin) with the private keys named in
/// cases.json and checks that SHA-256 over header + decrypted body + protected area equals the image's SHA256 TLV —
/// i.e. the key unwrap and AES-CTR decryption are exactly the bootloader's.
/// </summary>
public class ImgtoolDecryptionTests
{
    private const ushort Sha256Tlv = 0x10;
    private const uint FlagAes128 = 0x4;
    private const uint FlagAes256 = 0x8;

    private static string Key(string name) => Path.Combine(TestPaths.Conformance, "keys", name);

    private static byte[] Input => File.ReadAllBytes(Path.Combine(TestPaths.Conformance, "inputs", "app-medium.bin"));

    private static MinimalImage Image(string name) => MinimalImage.Load(Path.Combine(TestPaths.Conformance, "expected", name + ".bin"));

    private static int KeyLength(MinimalImage image)
    {
        var flags = image.Flags & (FlagAes128 | FlagAes256);
        Assert.True(flags is FlagAes128 or FlagAes256, $"unexpected encryption flags 0x{image.Flags:x}");
        return flags == FlagAes128 ? 16 : 32;
    }

    private static ECParameters EcPrivate(string file)
    {
        using var ec = ECDiffieHellman.Create();
        ec.ImportFromPem(File.ReadAllText(Key(file)));
        return ec.ExportParameters(includePrivateParameters: true);
    }

    /// <summary>Parses an X25519 PKCS#8 PEM (RFC 8410: OID 1.3.101.110, inner OCTET STRING of 32 bytes).</summary>
    private static byte[] X25519Private(string file)
    {
        var pem = PemEncoding.Find(File.ReadAllText(Key(file)));
        var der = Convert.FromBase64String(File.ReadAllText(Key(file))[pem.Base64Data]);
        var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal(0, (int)sequence.ReadInteger());
        var algorithm = sequence.ReadSequence();
        Assert.Equal("1.3.101.110", algorithm.ReadObjectIdentifier());
        var inner = new AsnReader(sequence.ReadOctetString(), AsnEncodingRules.DER).ReadOctetString();
        Assert.Equal(32, inner.Length);
        return inner;
    }

    /// <summary>Decrypts the body with <paramref name="aesKey"/> and checks the SHA256 TLV and the plaintext.</summary>
    private static void AssertDecryptsToInput(MinimalImage image, byte[] aesKey, bool bodyIsEncrypted = true)
    {
        Assert.Equal(KeyLength(image), aesKey.Length);
        var hashed = image.HashedRegion;
        var body = hashed.AsSpan(image.HeaderSize, image.ImageSize);
        if (bodyIsEncrypted)
        {
            AesCtr.Transform(aesKey, body, body, 0);
        }

        Assert.Equal(image.Unprotected(Sha256Tlv), SHA256.HashData(hashed));

        var input = Input;
        Assert.Equal(input, body[..input.Length].ToArray());
        Assert.True(body[input.Length..].IndexOfAnyExcept((byte)0) < 0, "AES padding must be zeros (§6.2)");
    }

    [Theory]
    [InlineData("enc-ec256-aes128")]
    [InlineData("enc-ec256-aes256")]
    public void DecryptsImgtoolEciesP256Images(string name)
    {
        var image = Image(name);
        var tlv = image.Unprotected(EncryptionKeyTlv.EncEc256);
        EncryptionKeyTlv.Validate(EncryptionKeyTlv.EncEc256, tlv.Length, KeyLength(image));
        var aesKey = EciesP256.Unwrap(EcPrivate("enc-ec256.pem"), tlv, KeyLength(image));
        AssertDecryptsToInput(image, aesKey);
    }

    [Fact]
    public void ClearImageKeyTlvUnwrapsAndBodyIsPlaintext()
    {
        var image = Image("enc-ec256-clear");
        var aesKey = EciesP256.Unwrap(EcPrivate("enc-ec256.pem"), image.Unprotected(EncryptionKeyTlv.EncEc256));
        AssertDecryptsToInput(image, aesKey, bodyIsEncrypted: false);
    }

    [Fact]
    public void DecryptsImgtoolEciesX25519Image()
    {
        var image = Image("enc-x25519-aes128");
        var tlv = image.Unprotected(EncryptionKeyTlv.EncX25519);
        EncryptionKeyTlv.Validate(EncryptionKeyTlv.EncX25519, tlv.Length, KeyLength(image));
        var aesKey = EciesX25519.Unwrap(X25519Private("x25519.pem"), tlv, KeyLength(image), hmacSha512: false);
        AssertDecryptsToInput(image, aesKey);
    }

    [Fact]
    public void X25519PublicKeyMatchesImgtoolGetpub()
    {
        var raw = File.ReadAllBytes(Path.Combine(TestPaths.Conformance, "expected", "getpub-x25519.raw"));
        var computed = EciesX25519.GetPublicKey(X25519Private("x25519.pem"));
        Assert.Equal(computed, raw.AsSpan(raw.Length - 32).ToArray());
    }

    [Fact]
    public void DecryptsImgtoolRsaOaepImage()
    {
        var image = Image("enc-rsa2048-aes128");
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Key("enc-rsa2048.pem")));
        var aesKey = RsaOaepKeyWrap.Unwrap(rsa, image.Unprotected(EncryptionKeyTlv.EncRsa2048));
        AssertDecryptsToInput(image, aesKey);
    }

    [Fact]
    public void WrongKeyOnImgtoolImageFailsWithCode()
    {
        var image = Image("enc-ec256-aes128");
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var ex = Assert.Throws<McuBoot.Diagnostics.McuBootException>(
            () => EciesP256.Unwrap(other.ExportParameters(true), image.Unprotected(EncryptionKeyTlv.EncEc256), 16));
        Assert.Equal(McuBoot.Diagnostics.ErrorCodes.EncryptionTagMismatch, ex.Code);
    }

    [Fact]
    public void ReEncryptingWithOwnWrapRoundTripsThroughImgtoolKeys()
    {
        // Our Wrap for the same public keys imgtool used, unwrapped by the matching private keys.
        var aesKey = RandomNumberGenerator.GetBytes(16);
        using var ecPublic = ECDiffieHellman.Create();
        ecPublic.ImportFromPem(File.ReadAllText(Key("enc-ec256-pub.pem")));
        Assert.Equal(aesKey, EciesP256.Unwrap(EcPrivate("enc-ec256.pem"), EciesP256.Wrap(ecPublic.ExportParameters(false), aesKey), 16));

        using var rsaPublic = RSA.Create();
        rsaPublic.ImportFromPem(File.ReadAllText(Key("enc-rsa2048-pub.pem")));
        using var rsaPrivate = RSA.Create();
        rsaPrivate.ImportFromPem(File.ReadAllText(Key("enc-rsa2048.pem")));
        Assert.Equal(aesKey, RsaOaepKeyWrap.Unwrap(rsaPrivate, RsaOaepKeyWrap.Wrap(rsaPublic, aesKey)));
    }
}
