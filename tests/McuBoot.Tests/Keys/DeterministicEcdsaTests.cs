using System.Formats.Asn1;
using System.Security.Cryptography;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Signing;
using McuBoot.Tests.Cli;

namespace McuBoot.Tests.Keys;

/// <summary>RFC 6979 deterministic ECDSA: the RFC's own vectors, and reproducible signed images through the tool.</summary>
public sealed class DeterministicEcdsaTests
{
    [Theory]
    // RFC 6979 A.2.5 (P-256) and A.2.6 (P-384), message "sample", SHA-256 / SHA-384.
    [InlineData("1.2.840.10045.3.1.7", "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", ImageHashAlgorithm.Sha256,
        "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716", "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8")]
    [InlineData("1.3.132.0.34", "6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D896D5724E4C70A825F872C9EA60D2EDF5", ImageHashAlgorithm.Sha384,
        "94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C81A648152E44ACF96E36DD1E80FABE46", "99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94FA329C145786E679E7B82C71A38628AC8")]
    public void Rfc6979_vectors(string curveOid, string privateKeyHex, ImageHashAlgorithm algorithm, string expectedR, string expectedS)
    {
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.CreateFromValue(curveOid), D = Convert.FromHexString(privateKeyHex) });
        var parameters = ecdsa.ExportParameters(includePrivateParameters: true);
        var digest = algorithm.Hash("sample"u8);

        var der = DeterministicEcdsa.SignDigest(parameters, digest, algorithm);

        var reader = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal(expectedR, Convert.ToHexString(reader.ReadIntegerBytes().ToArray()).TrimStart('0').PadLeft(expectedR.Length, '0'));
        Assert.Equal(expectedS, Convert.ToHexString(reader.ReadIntegerBytes().ToArray()).TrimStart('0').PadLeft(expectedS.Length, '0'));
        Assert.True(ecdsa.VerifyHash(digest, der, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Theory]
    [InlineData("ecdsa-p256.pem")]
    [InlineData("ecdsa-p384.pem")]
    public void Deterministic_signing_reproduces_the_image_and_it_verifies(string key)
    {
        using var w = new CliWorkspace();
        string[] args = ["sign", "--deterministic", "-k", CliWorkspace.ConformanceKey(key), "-v", "1.2.3", "-H", "0x200", "--pad-header", "-S", "0x40000", CliWorkspace.ConformanceInput("app-small.bin")];
        CliAssert.Succeeded(w.Run([.. args, "a.bin"]));
        CliAssert.Succeeded(w.Run([.. args, "b.bin"]));
        Assert.Equal(w.Read("a.bin"), w.Read("b.bin"));
        Assert.Contains("Image was correctly validated", CliAssert.Succeeded(w.Run("verify", "-k", CliWorkspace.ConformanceKey(key), "a.bin")).Stdout, StringComparison.Ordinal);

        // Without the option ECDSA stays randomised, as imgtool.
        CliAssert.Succeeded(w.Run([.. args[..1], .. args[2..], "c.bin"]));
        CliAssert.Succeeded(w.Run([.. args[..1], .. args[2..], "d.bin"]));
        Assert.NotEqual(w.Read("c.bin"), w.Read("d.bin"));
    }

    [Fact]
    public void Deterministic_rsa_is_refused()
    {
        using var w = new CliWorkspace();
        var result = w.Run("sign", "--deterministic", "-k", CliWorkspace.ConformanceKey("rsa-2048.pem"), "-v", "1.2.3", "-H", "0x200", "--pad-header", "-S", "0x40000", CliWorkspace.ConformanceInput("app-small.bin"), "r.bin");
        CliAssert.Failed(result, ErrorCodes.SignatureOperationNotSupported);
        Assert.False(File.Exists(w.File("r.bin")));
    }
}
