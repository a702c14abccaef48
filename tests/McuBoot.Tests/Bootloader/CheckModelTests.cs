using McuBoot.Bootloader;
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;
using static McuBoot.Tests.Bootloader.ImageComposer;

namespace McuBoot.Tests.Bootloader;

/// <summary>
/// <c>check</c> answers "will it boot" with the bootloader model (boot_validate_slot): the tamperings bootutil rejects
/// fail the check, <c>check -k KEY</c> fails an unsigned image, the size limit follows the mode, a build folder's
/// configuration (<see cref="CheckRequest.Bootloader"/>) decides, and the assumptions are reported.
/// </summary>
public sealed class CheckModelTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Image(string name, byte[] bytes)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Key(McuBootKeyName which)
    {
        string path = _dir.File(which + ".pem");
        File.WriteAllText(path, (which == McuBootKeyName.A ? KeyA : KeyB).ExportPrivatePkcs8Pem(string.Empty));
        return path;
    }

    private static CheckReport Check(string image, string? key = null, Func<CheckRequest, CheckRequest>? edit = null)
    {
        var request = new CheckRequest { ImagePath = image, KeyPath = key, SkipVectorTable = true };
        return ImageChecker.Check(edit is null ? request : edit(request));
    }

    [Fact]
    public void Unsigned_image_fails_check_with_a_key()
    {
        string image = Image("unsigned.bin", new ImageComposer().Hash().Build());
        Assert.True(Check(image).Passed);
        var report = Check(image, Key(McuBootKeyName.A));
        Assert.False(report.Passed);
        Assert.Contains(report.Errors, f => f.Code == ErrorCodes.NoSignatureForKey);
    }

    [Theory]
    [InlineData("hash2")]
    [InlineData("seccnt")]
    [InlineData("vid")]
    [InlineData("pair2")]
    public void Tamperings_fail_check(string kind)
    {
        var composer = kind switch
        {
            "hash2" => Signed(KeyA).WrongHash(),
            "seccnt" => Signed(KeyA).Raw(TlvType.SecurityCounter, [1, 0, 0, 0]),
            "vid" => Signed(KeyA).Raw(TlvType.UuidVid, new byte[16]),
            _ => Signed(KeyA).KeyHash(KeyA).GarbageSignature(),
        };
        string good = Image("good.bin", Signed(KeyA).Build());
        string bad = Image(kind + ".bin", composer.Build());
        string key = Key(McuBootKeyName.A);
        Assert.True(Check(good, key).Passed, string.Join("\n", Check(good, key).Findings));
        var report = Check(bad, key);
        Assert.False(report.Passed);
        string expected = kind switch
        {
            "hash2" => ErrorCodes.HashMismatch, // the per-TLV check reads the first hash TLV only; the model compares each
            "pair2" => ErrorCodes.CheckSignatureInvalid,
            _ => ErrorCodes.BootTlvNotAllowed,
        };
        Assert.Contains(report.Errors, f => f.Code == expected);
    }

    [Fact]
    public void Unknown_key_before_the_known_one_passes_check()
    {
        string image = Image("multi.bin", new ImageComposer().Hash().KeyHash(KeyB).Signature(KeyB).KeyHash(KeyA).Signature(KeyA).Build());
        var report = Check(image, Key(McuBootKeyName.A));
        Assert.True(report.Passed, string.Join("\n", report.Findings));
    }

    [Fact]
    public void Size_limit_follows_the_mode_and_the_slot()
    {
        string image = Image("big.bin", new ImageComposer { BodySize = 0x20000 - 0x2000 - 0x200 - 144 + 1 }.Hash().KeyHash(KeyA).Signature(KeyA).Build());
        string key = Key(McuBootKeyName.A);
        var moved = Check(image, key, r => r with { SlotSize = 0x20000 });
        Assert.Contains(moved.Errors, f => f.Code == ErrorCodes.BootImageTooLarge);
        Assert.Contains(moved.Bootloader!.Assumptions, a => a.Contains("4 KiB sectors", StringComparison.Ordinal));
        Assert.True(Check(image, key, r => r with { SlotSize = 0x20000, Mode = UpgradeMode.SwapScratch }).Passed);
        Assert.True(Check(image, key, r => r with { SlotSize = 0x20000, OverwriteOnly = true }).Passed);
    }

    [Fact]
    public void A_build_folders_configuration_decides_without_assumptions()
    {
        string image = Image("sha256.bin", Signed(KeyA).Build());
        var config = new BootloaderConfig
        {
            SignatureType = BootloaderSignatureType.Ed25519,
            Keys = [BootloaderKey.FromKey(KeyA)],
            HashAlgorithm = ImageHashAlgorithm.Sha512,
        };
        var report = Check(image, null, r => r with { Bootloader = config });
        Assert.False(report.Passed);
        Assert.Contains(report.Errors, f => f.Code == ErrorCodes.BootKeyTlvTooLong || f.Code == ErrorCodes.NoHashTlv);
        Assert.Empty(report.Bootloader!.Assumptions);
        Assert.True(Check(image, null, r => r with { Bootloader = config with { HashAlgorithm = ImageHashAlgorithm.Sha256 } }).Passed);
    }

    [Fact]
    public void Check_json_reports_the_bootloader_and_its_assumptions()
    {
        string image = Image("good.bin", Signed(KeyA).Build());
        using var w = new CliWorkspace();
        var result = ToolRunner.Run(_dir.Path, "check", image, "-k", Key(McuBootKeyName.A), "--skip-vector-table", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"bootloader\": \"Ed25519 with 1 key, SHA256, KEYHASH, allow-list on, swap-move, slot size unknown\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"assumptions\": [", result.Stdout, StringComparison.Ordinal);

        var explained = ToolRunner.Run(_dir.Path, "check", image, "-k", Key(McuBootKeyName.A), "--skip-vector-table", "--explain", "--mode", "swap-offset");
        Assert.Equal(0, explained.ExitCode);
        Assert.Contains("note: bootloader: Ed25519 with 1 key, SHA256, KEYHASH, allow-list on, swap-offset", explained.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Which test key.</summary>
    public enum McuBootKeyName
    {
        A,
        B,
    }
}
