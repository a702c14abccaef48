using McuBoot.Diagnostics;
using McuBoot.IO;
using McuBoot.Tests.Cli;

namespace McuBoot.Tests.Hostile;

/// <summary>
/// Issue 8, no silent wrong output: private keys are 0600 from the first byte (also over an existing 0644 file with
/// --force), a <c>--password-env</c> value that is not a variable name is refused without being echoed, and the
/// temporary-file registry the tool's SIGINT/SIGTERM handler uses removes a partly written output.
/// </summary>
public sealed class SecretsAndInterruptionTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Theory]
    [InlineData("ed25519")]
    [InlineData("ecdsa-p256")]
    [InlineData("rsa-2048")]
    public void Keygen_writes_a_0600_key_and_keeps_it_0600_over_a_world_readable_file(string type)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var ws = new CliWorkspace();
        CliAssert.Succeeded(ws.Run("keygen", "-k", "key.pem", "-t", type));
        Assert.Equal(Private, File.GetUnixFileMode(ws.File("key.pem")));

        File.SetUnixFileMode(ws.File("key.pem"), Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        CliAssert.Succeeded(ws.Run("keygen", "-k", "key.pem", "-t", type, "--force"));
        Assert.Equal(Private, File.GetUnixFileMode(ws.File("key.pem")));
    }

    [Fact]
    public void Getpriv_output_is_0600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var ws = new CliWorkspace();
        ws.Keygen("ecdsa-p256", "key.pem");
        CliAssert.Succeeded(ws.Run("getpriv", "-k", "key.pem", "-o", "priv.c"));
        Assert.Equal(Private, File.GetUnixFileMode(ws.File("priv.c")));
    }

    [Fact]
    public void A_secret_temporary_file_is_0600_while_it_is_written()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var temp = new McuBoot.Tests.Infrastructure.TempDirectory();
        string target = temp.File("secret.pem");
        UnixFileMode? seen = null;
        AtomicFile.Write(target, stream =>
        {
            stream.Write("-----BEGIN"u8);
            stream.Flush();
            string tmp = Assert.Single(TempFiles.Current, f => Path.GetDirectoryName(f) == temp.Path);
            seen = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(tmp);
        }, secret: true);
        Assert.Equal(Private, seen);
        Assert.Equal(Private, File.GetUnixFileMode(target));
    }

    [Theory]
    [InlineData("my secret password!")]
    [InlineData("p@ss=word")]
    [InlineData("1PASSWORD")]
    [InlineData("")]
    public void A_password_env_value_that_is_not_a_variable_name_is_refused_without_echo(string value)
    {
        using var ws = new CliWorkspace();
        ws.Keygen("ed25519", "key.pem");
        var result = ws.Run("getpub", "-k", "key.pem", "--password-env", value, "-o", "pub.pem");
        string message = CliAssert.Failed(result, ErrorCodes.InvalidVariableName);
        if (value.Length > 0)
        {
            Assert.DoesNotContain(value, result.Stderr, StringComparison.Ordinal);
        }

        Assert.Contains("is not shown", message, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(ws.Path, "key.pem");
    }

    [Fact]
    public void An_unset_variable_whose_name_could_be_a_password_is_not_echoed()
    {
        using var ws = new CliWorkspace();
        File.WriteAllText(ws.File("enc.pem"), HostileInputs.Pbkdf2Key(2048));
        var result = ws.Run("getpub", "-k", "enc.pem", "--password-env", "hunter2");
        CliAssert.FailedWithAnyCode(result);
        Assert.DoesNotContain("hunter2", result.Stderr, StringComparison.Ordinal);

        var named = ws.Run("getpub", "-k", "enc.pem", "--password-env", "MCUBOOT_KEY_PASSWORD");
        Assert.Contains("MCUBOOT_KEY_PASSWORD", named.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Stopping_removes_the_partly_written_temporary_file_and_leaves_the_target_unchanged()
    {
        using var temp = new McuBoot.Tests.Infrastructure.TempDirectory();
        string target = temp.File("out.bin");
        File.WriteAllBytes(target, [1, 2, 3]);
        var e = Assert.Throws<McuBootException>(() => AtomicFile.Write(target, stream =>
        {
            stream.Write(new byte[4096]);
            // What the tool's SIGINT/SIGTERM handler does (Program.cs), limited to this test's folder (tests run in parallel).
            Assert.Equal(1, TempFiles.DeleteAll(f => Path.GetDirectoryName(f) == temp.Path));
        }));
        Assert.Equal(ErrorCodes.WriteFailed, e.Code);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(target));
        Assert.Equal(["out.bin"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }
}
