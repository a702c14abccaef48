using System.Text;
using System.Text.Json;
using McuBoot.Keys;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Keys;

/// <summary>Every <c>key_outputs</c> entry of conformance/cases.json, reproduced byte for byte.</summary>
public class KeyOutputConformanceTests
{
    public static TheoryData<string> KeyOutputs()
    {
        var data = new TheoryData<string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Conformance, "cases.json")));
        foreach (var entry in doc.RootElement.GetProperty("key_outputs").EnumerateArray())
        {
            data.Add(entry.GetProperty("output").GetString()!);
        }

        return data;
    }

    [Fact]
    public void There_are_key_outputs()
    {
        Assert.Equal(30, KeyOutputs().Count);
    }

    [Theory]
    [MemberData(nameof(KeyOutputs))]
    public void Reproduces_key_output(string output)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Conformance, "cases.json")));
        var entry = doc.RootElement.GetProperty("key_outputs").EnumerateArray().Single(e => e.GetProperty("output").GetString() == output);
        var args = entry.GetProperty("imgtool_args").EnumerateArray().Select(a => a.GetString()!).ToArray();
        var command = args[0];
        var keyPath = Path.Combine(TestPaths.Conformance, Arg(args, "-k")!);
        var encoding = Arg(args, "-e") ?? "lang-c";
        var suffix = Arg(args, "--name-suffix") ?? "";
        Assert.Equal(output, Arg(args, "-o"));

        using var key = KeyLoader.Load(keyPath);
        var actual = (command, encoding) switch
        {
            ("getpub", "lang-c") => Encoding.UTF8.GetBytes(PublicKeyExport.ToC(key, suffix)),
            ("getpub", "lang-rust") => Encoding.UTF8.GetBytes(PublicKeyExport.ToRust(key, suffix)),
            ("getpub", "pem") => Encoding.UTF8.GetBytes(PublicKeyExport.ToPem(key)),
            ("getpub", "raw") => PublicKeyExport.ToRaw(key),
            ("getpubhash", "lang-c") => Encoding.UTF8.GetBytes(PublicKeyExport.HashToC(key, suffix)),
            ("getpubhash", "raw") => PublicKeyExport.PublicKeyHash(key),
            _ => throw new InvalidOperationException($"Unexpected key output {command} {encoding}"),
        };

        Assert.Equal(File.ReadAllBytes(Path.Combine(TestPaths.Conformance, output)), actual);
    }

    [Fact]
    public void Public_only_pem_gives_the_same_getpub_output()
    {
        using var pub = KeyLoader.Load(ConformanceKeys.PathOf("x25519-pub"));
        Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.Conformance, "expected", "getpub-x25519.c")), PublicKeyExport.ToC(pub));
        Assert.Equal(File.ReadAllBytes(Path.Combine(TestPaths.Conformance, "expected", "getpubhash-x25519.raw")), PublicKeyExport.PublicKeyHash(pub));
    }

    [Fact]
    public void Name_suffix_is_appended_to_identifiers()
    {
        using var key = KeyLoader.Load(ConformanceKeys.PathOf("ed25519"));
        var c = PublicKeyExport.ToC(key, "_1");
        Assert.Contains("const unsigned char ed25519_pub_key_1[] = {\n", c, StringComparison.Ordinal);
        Assert.EndsWith("const unsigned int ed25519_pub_key_1_len = 44;\n", c, StringComparison.Ordinal);
        Assert.Contains("static ED25519_PUB_KEY_AB: &[u8] = &[\n", PublicKeyExport.ToRust(key, "_ab"), StringComparison.Ordinal);
        Assert.EndsWith("const unsigned int ed25519_pub_key_hash_x_len = 32;\n", PublicKeyExport.HashToC(key, "_x"), StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_with_image_algorithm_has_its_length()
    {
        using var key = KeyLoader.Load(ConformanceKeys.PathOf("ecdsa-p384"));
        Assert.Equal(48, PublicKeyExport.PublicKeyHash(key, McuBoot.Image.ImageHashAlgorithm.Sha384).Length);
        Assert.EndsWith("_len = 64;\n", PublicKeyExport.HashToC(key, "", McuBoot.Image.ImageHashAlgorithm.Sha512), StringComparison.Ordinal);
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 ? args[i + 1] : null;
    }
}
