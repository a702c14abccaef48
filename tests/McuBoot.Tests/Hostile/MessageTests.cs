using McuBoot.Diagnostics;
using McuBoot.Tests.Cli;

namespace McuBoot.Tests.Hostile;

/// <summary>Issue 8, messages: nested commands are named in full in usage errors; key types read well.</summary>
public sealed class MessageTests
{
    [Fact]
    public void A_usage_error_of_a_nested_command_names_its_whole_path()
    {
        using var ws = new CliWorkspace();
        var result = ws.Run("layout", "show", "--bogus", "x.yml");
        CliAssert.Failed(result, McuBoot.Tool.McuBootCli.UsageErrorCode);
        Assert.Contains("'dotnet mcuboot layout show --help'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_usage_error_of_a_top_level_command_names_it()
    {
        using var ws = new CliWorkspace();
        var result = ws.Run("dumpinfo", "--bogus", "x.bin");
        CliAssert.Failed(result, McuBoot.Tool.McuBootCli.UsageErrorCode);
        Assert.Contains("'dotnet mcuboot dumpinfo --help'", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(McuBoot.Keys.KeyType.Rsa2048, "an RSA-2048 key")]
    [InlineData(McuBoot.Keys.KeyType.Rsa3072, "an RSA-3072 key")]
    [InlineData(McuBoot.Keys.KeyType.EcdsaP256, "an ECDSA P-256 key")]
    [InlineData(McuBoot.Keys.KeyType.EcdsaP384, "an ECDSA P-384 key")]
    [InlineData(McuBoot.Keys.KeyType.Ed25519, "an Ed25519 key")]
    [InlineData(McuBoot.Keys.KeyType.X25519, "an X25519 key")]
    public void Key_types_read_well(McuBoot.Keys.KeyType type, string expected)
        => Assert.Equal(expected, McuBoot.Keys.KeyTypeNames.WithArticle(type));

    [Fact]
    public void A_wrong_key_type_is_named_with_its_article()
    {
        using var ws = new CliWorkspace();
        ws.Keygen("ecdsa-p256", "p256.pem");
        ws.Write("fw.bin", CliWorkspace.RandomBytes(1024, 3));
        var result = ws.Run("sign", "-k", "p256.pem", "--pure", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x10000", "fw.bin", "out.bin");
        string message = CliAssert.FailedWithAnyCode(result);
        Assert.Contains("is an ECDSA P-256 key", message, StringComparison.Ordinal);
        Assert.DoesNotContain("a ecdsa", message, StringComparison.Ordinal);
    }
}
