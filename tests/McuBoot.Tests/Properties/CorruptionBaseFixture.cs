using System.Text;
using McuBoot.Encryption;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Signing;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Properties;

/// <summary>
/// The signed images the corruption property damages, made once through the tool: protected TLVs, padded with a
/// trailer, big-endian, encrypted for each key exchange (verified with the decryption key), compressed, pure
/// Ed25519 with a full public key, and hash-only images whose hash is recomputed after each mutation.
/// </summary>
public sealed class CorruptionBaseFixture : IDisposable
{
    private readonly CliWorkspace _workspace = new();
    private readonly List<IDisposable> _owned = [];

    public CorruptionBaseFixture()
    {
        var w = _workspace;
        w.Write("small.bin", CliWorkspace.RandomBytes(1500, 77));
        w.Write("compressible.bin", Compressible(6000));
        w.Write("kek.b64", Encoding.ASCII.GetBytes(Convert.ToBase64String(CliWorkspace.RandomBytes(16, 78)) + "\n"));
        string common = "-H 0x200 --pad-header -v 1.2.3+4";

        Add("ed25519-protected", "ed25519.pem", null, $"{common} -S 0x10000 -s 7 -d (1,2.3.4),(2,0.1) --custom-tlv 0xa0 0x01020304 --custom-tlv 0x1a5 vendor --boot-record NSPE --vid example.com --cid board");
        Add("p256-padded-confirm", "ecdsa-p256.pem", null, $"{common} -S 0x4000 --pad --confirm --align 8 -s auto");
        Add("rsa2048-big-endian-padded", "rsa-2048.pem", null, $"{common} -S 0x4000 -e big --test -s 3 -d (0,1.0.0)");
        Add("ed25519-pure-full-key", "ed25519.pem", null, $"{common} -S 0x10000 --pure --public-key-format full");
        Add("p384", "ecdsa-p384.pem", null, $"{common} -S 0x10000 --max-align 16 --pad");
        Add("ed25519-x25519-encrypted", "ed25519.pem", "x25519", $"{common} -S 0x10000 -E {CliWorkspace.ConformanceKey("x25519-pub.pem")} -s 9");
        Add("p256-ecies-p256-aes256", "ecdsa-p256.pem", "enc-ec256", $"{common} -S 0x10000 -E {CliWorkspace.ConformanceKey("enc-ec256-pub.pem")} --encrypt-keylen 256");
        Add("rsa2048-rsa-oaep", "rsa-2048.pem", "enc-rsa2048", $"{common} -S 0x10000 -E {CliWorkspace.ConformanceKey("enc-rsa2048-pub.pem")}");
        Add("ed25519-aes-kw-big-endian", "ed25519.pem", "kek.b64", $"{common} -S 0x10000 -E kek.b64 -e big");
        Add("ed25519-lzma2", "ed25519.pem", null, $"{common} -S 0x10000 --compression lzma2", "compressible.bin");
        Add("x25519-encrypted-lzma2armthumb", "ed25519.pem", "x25519", $"{common} -S 0x10000 -E {CliWorkspace.ConformanceKey("x25519-pub.pem")} --compression lzma2armthumb", "compressible.bin");
        Add("hash-only-rehashed-protected", null, null, $"{common} -S 0x10000 -s 1 -d (1,2.3.4) --custom-tlv 0xa0 0x0102 --boot-record X --sha 384", rehash: true);
        Add("hash-only-rehashed-lzma2", null, null, $"{common} -S 0x10000 --compression lzma2", "compressible.bin", rehash: true);
        Add("hash-only-rehashed-lzma2armthumb-big-endian", null, null, $"{common} -S 0x10000 --compression lzma2armthumb -e big -s 2", "compressible.bin", rehash: true);
    }

    internal List<CorruptionBase> Bases { get; } = [];

    /// <summary>The workspace the bases live in (<c>base-N.bin</c>), for CLI runs.</summary>
    internal CliWorkspace Workspace => _workspace;

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }

        _workspace.Dispose();
    }

    private void Add(string name, string? key, string? decryptKey, string options, string input = "small.bin", bool rehash = false)
    {
        string output = $"base-{Bases.Count}.bin";
        var args = new List<string> { "sign" };
        if (key != null)
        {
            args.AddRange(["-k", CliWorkspace.ConformanceKey(key)]);
        }

        args.AddRange(options.Split(' '));
        args.AddRange([input, output]);
        var result = _workspace.Run(args.ToArray());
        Assert.True(result.ExitCode == 0, $"{name}: {result.Stderr}");

        ISignatureVerifier? verifier = null;
        var verifyOptions = new List<string>();
        if (key != null)
        {
            var loaded = KeyLoader.Load(CliWorkspace.ConformanceKey(key));
            _owned.Add(loaded);
            verifier = SignerFactory.CreateVerifier(loaded);
            verifyOptions.AddRange(["-k", CliWorkspace.ConformanceKey(key)]);
        }

        ImageDecryptor? decryptor = null;
        if (decryptKey != null)
        {
            string path = decryptKey.EndsWith(".b64", StringComparison.Ordinal) ? _workspace.File(decryptKey) : CliWorkspace.ConformanceKey(decryptKey + ".pem");
            decryptor = ImageDecryptor.Load(path);
            _owned.Add(decryptor);
            verifyOptions.AddRange(["--decrypt-key", path]);
        }

        var bytes = _workspace.Read(output);
        var b = new CorruptionBase
        {
            Name = name,
            Bytes = bytes,
            Parsed = ImageReader.Read(bytes, name),
            Verifier = verifier,
            Decryptor = decryptor,
            VerifyOptions = verifyOptions.ToArray(),
            Rehash = rehash,
            Weight = rehash || (decryptKey != null && !decryptKey.EndsWith(".b64", StringComparison.Ordinal)) ? 1 : 2,
        };

        // Every base is valid as made; the signed ones verify their signature.
        var verified = b.Verify(bytes);
        Assert.Equal(key != null, verified.SignatureVerified);
        Bases.Add(b);
    }

    /// <summary>Text-like firmware that LZMA2 shrinks a lot.</summary>
    private static byte[] Compressible(int length)
    {
        var random = new Random(5);
        var words = new[] { "mcuboot ", "image ", "header ", "trailer ", "slot ", "flash ", "0123456789 ", "\n" };
        var sb = new StringBuilder();
        while (sb.Length < length)
        {
            sb.Append(words[random.Next(words.Length)]);
        }

        return Encoding.ASCII.GetBytes(sb.ToString()[..length]);
    }
}
