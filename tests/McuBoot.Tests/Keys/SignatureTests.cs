using System.Formats.Asn1;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Signing;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Keys;

/// <summary>Signatures over imgtool's real images and our own (mcuboot-image-format.md §4.3, §4.5).</summary>
public class SignatureTests
{
    public static TheoryData<string, string, ushort, bool> SignedImages => new()
    {
        { "ed25519.bin", "ed25519", 0x24, false },
        { "rsa-2048.bin", "rsa-2048", 0x20, false },
        { "rsa-3072.bin", "rsa-3072", 0x23, false },
        { "ecdsa-p256.bin", "ecdsa-p256", 0x22, false },
        { "ecdsa-p384.bin", "ecdsa-p384", 0x22, false },
        { "ed25519-pure.bin", "ed25519", 0x24, true },
        { "ecdsa-p256-pad-sig.bin", "ecdsa-p256", 0x22, false },
    };

    [Theory]
    [MemberData(nameof(SignedImages))]
    public void Verifies_imgtool_signature(string image, string keyName, ushort sigTlv, bool pure)
    {
        var img = TestImage.Read(Path.Combine(TestPaths.Conformance, "expected", image));
        using var privateKey = KeyLoader.Load(ConformanceKeys.PathOf(keyName));
        using var key = KeyLoader.LoadPem(privateKey.ExportPublicPem(), "/mem/pub.pem");
        Assert.False(key.HasPrivateKey);
        var verifier = SignerFactory.CreateVerifier(key);
        Assert.Equal(sigTlv, SignatureAlgorithms.SignatureTlvType(verifier.KeyType));

        var (alg, digest) = img.Hash();
        Assert.Equal(alg.Hash(img.SignedRegion), digest);
        Assert.Equal(pure ? ImageHashAlgorithm.Sha512 : SignatureAlgorithms.DefaultHash(key.Type), alg);
        Assert.Equal(PublicKeyExport.PublicKeyHash(key, alg), img.Tlv(0x01));

        var signature = img.Tlv(sigTlv);
        if (pure)
        {
            Assert.Equal([0x01], img.Tlv(0x25));
            Assert.True(verifier.VerifyMessage(img.SignedRegion, signature));
            Assert.False(verifier.VerifyDigest(digest, alg, signature));
            var region = img.SignedRegion.ToArray();
            region[^1] ^= 1;
            Assert.False(verifier.VerifyMessage(region, signature));
        }
        else
        {
            Assert.True(verifier.VerifyDigest(digest, alg, signature));
            var flippedDigest = (byte[])digest.Clone();
            flippedDigest[0] ^= 0x80;
            Assert.False(verifier.VerifyDigest(flippedDigest, alg, signature));
        }

        var flipped = (byte[])signature.Clone();
        flipped[flipped.Length / 2] ^= 0x01;
        Assert.False(pure ? verifier.VerifyMessage(img.SignedRegion, flipped) : verifier.VerifyDigest(digest, alg, flipped));
    }

    [Theory]
    [InlineData("ed25519.bin", false)]
    [InlineData("ed25519-sha512.bin", false)]
    [InlineData("ed25519-pure.bin", true)]
    public void Ed25519_signatures_reproduce_imgtool_byte_for_byte(string image, bool pure)
    {
        var img = TestImage.Read(Path.Combine(TestPaths.Conformance, "expected", image));
        using var signer = SignerFactory.CreateSigner(ConformanceKeys.PathOf("ed25519"), null);
        var (alg, digest) = img.Hash();
        var signature = pure ? signer.SignMessage(img.SignedRegion) : signer.SignDigest(digest, alg);
        Assert.Equal(img.Tlv(0x24), signature);
    }

    [Theory]
    [InlineData(KeyType.Rsa2048, ImageHashAlgorithm.Sha256, 256)]
    [InlineData(KeyType.Rsa3072, ImageHashAlgorithm.Sha256, 384)]
    [InlineData(KeyType.EcdsaP256, ImageHashAlgorithm.Sha256, 0)]
    [InlineData(KeyType.EcdsaP384, ImageHashAlgorithm.Sha384, 0)]
    [InlineData(KeyType.Ed25519, ImageHashAlgorithm.Sha256, 64)]
    [InlineData(KeyType.Ed25519, ImageHashAlgorithm.Sha512, 64)]
    public void Sign_then_verify_round_trip(KeyType type, ImageHashAlgorithm alg, int signatureLength)
    {
        using var key = McuBootKey.Generate(type);
        Assert.Equal(type, key.Type);
        using var signer = SignerFactory.CreateSigner(key);
        var verifier = SignerFactory.CreateVerifier(key);
        Assert.Equal(key.GetPublicKeyBytes(), signer.GetPublicKeyBytes());
        var digest = alg.Hash("some image"u8);
        var signature = signer.SignDigest(digest, alg);
        if (signatureLength > 0)
        {
            Assert.Equal(signatureLength, signature.Length);
        }
        else
        {
            // DER SEQUENCE { r, s } and nothing else.
            var seq = new AsnReader(signature, AsnEncodingRules.DER).ReadSequence();
            seq.ReadInteger();
            seq.ReadInteger();
            Assert.False(seq.HasData);
        }

        Assert.True(verifier.VerifyDigest(digest, alg, signature));
        digest[5] ^= 0x10;
        Assert.False(verifier.VerifyDigest(digest, alg, signature));
        digest[5] ^= 0x10;
        signature[^1] ^= 0x01;
        Assert.False(verifier.VerifyDigest(digest, alg, signature));

        // The signer (which keeps the caller's key) can be disposed without disposing the key.
        signer.Dispose();
        Assert.NotEmpty(key.GetPublicKeyBytes());
    }

    [Fact]
    public void Pure_ed25519_round_trip()
    {
        using var key = McuBootKey.Generate(KeyType.Ed25519);
        using var signer = SignerFactory.CreateSigner(key);
        var message = new byte[1000];
        Random.Shared.NextBytes(message);
        var signature = signer.SignMessage(message);
        var verifier = SignerFactory.CreateVerifier(key);
        Assert.True(verifier.VerifyMessage(message, signature));
        message[999] ^= 1;
        Assert.False(verifier.VerifyMessage(message, signature));
    }

    [Fact]
    public void Signature_algorithm_table_follows_section_4_2()
    {
        Assert.Equal(0x20, SignatureAlgorithms.SignatureTlvType(KeyType.Rsa2048));
        Assert.Equal(0x23, SignatureAlgorithms.SignatureTlvType(KeyType.Rsa3072));
        Assert.Equal(0x22, SignatureAlgorithms.SignatureTlvType(KeyType.EcdsaP256));
        Assert.Equal(0x22, SignatureAlgorithms.SignatureTlvType(KeyType.EcdsaP384));
        Assert.Equal(0x24, SignatureAlgorithms.SignatureTlvType(KeyType.Ed25519));

        Assert.Equal(ImageHashAlgorithm.Sha256, SignatureAlgorithms.DefaultHash(null));
        Assert.Equal(ImageHashAlgorithm.Sha384, SignatureAlgorithms.DefaultHash(KeyType.EcdsaP384));
        Assert.Equal(ImageHashAlgorithm.Sha256, SignatureAlgorithms.DefaultHash(KeyType.Ed25519));
        Assert.Equal(ImageHashAlgorithm.Sha512, SignatureAlgorithms.DefaultHash(KeyType.Ed25519, pure: true));

        var s256 = ImageHashAlgorithm.Sha256;
        var s384 = ImageHashAlgorithm.Sha384;
        var s512 = ImageHashAlgorithm.Sha512;
        Assert.Equal([s256, s384, s512], SignatureAlgorithms.AllowedHashes(null, false));
        Assert.Equal([s256], SignatureAlgorithms.AllowedHashes(KeyType.Rsa3072, true));
        Assert.Equal([s256], SignatureAlgorithms.AllowedHashes(KeyType.EcdsaP256, false));
        Assert.Equal([s256, s512], SignatureAlgorithms.AllowedHashes(KeyType.EcdsaP256, true));
        Assert.Equal([s384], SignatureAlgorithms.AllowedHashes(KeyType.EcdsaP384, false));
        Assert.Equal([s256, s512], SignatureAlgorithms.AllowedHashes(KeyType.Ed25519, false));
        Assert.Equal([s256, s512], SignatureAlgorithms.AllowedHashes(KeyType.X25519, false));
    }

    [Fact]
    public void Key_spec_resolution()
    {
        Assert.Null(SignerFactory.GetScheme(@"C:\keys\k.pem"));
        Assert.Null(SignerFactory.GetScheme("c:/keys/k.pem"));
        Assert.Null(SignerFactory.GetScheme("keys/k.pem"));
        Assert.Equal("pkcs11", SignerFactory.GetScheme("pkcs11:token=a;object=b"));

        using var relative = SignerFactory.CreateSigner("keys/ed25519.pem", null, TestPaths.Conformance);
        Assert.Equal(KeyType.Ed25519, relative.KeyType);
        using var withFile = SignerFactory.CreateSigner("file:keys/ecdsa-p256.pem", null, TestPaths.Conformance);
        Assert.Equal(KeyType.EcdsaP256, withFile.KeyType);
    }

    [Fact]
    public void Registered_scheme_is_used()
    {
        SignerFactory.RegisterScheme(new TestResolver());
        using var signer = SignerFactory.CreateSigner("keystest:ed25519", null);
        Assert.Equal(KeyType.Ed25519, signer.KeyType);
    }

    private sealed class TestResolver : IKeySpecResolver
    {
        public string Scheme => "keystest";

        public IImageSigner CreateSigner(string keySpec, IPasswordProvider? passwords, string? baseDirectory)
            => SignerFactory.CreateSigner(ConformanceKeys.PathOf(keySpec["keystest:".Length..]), passwords);
    }
}
