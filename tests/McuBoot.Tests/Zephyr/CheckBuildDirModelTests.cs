using System.Text.Json;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;
using McuBoot.Zephyr;

namespace McuBoot.Tests.Zephyr;

/// <summary>
/// <c>check --build-dir</c> decides with one bootloader model (the build's configuration through
/// <see cref="McuBoot.Checks.CheckRequest.Bootloader"/>), knows the devicetree's RAM, and reports the model's verdict,
/// rejection and per-signature results in its JSON.
/// </summary>
public sealed class CheckBuildDirModelTests
{
    private static readonly string CarHeater = ZephyrBuilds.BuildDir("olofjohnsson__car-heater__build_car-heater");
    private static readonly string Sha512Build = Path.Combine(ZephyrBuilds.Fixtures, "nrf54l15-sha512", "build");

    private static string P256 => CliWorkspace.ConformanceKey("ecdsa-p256.pem");

    private static string Ed25519 => CliWorkspace.ConformanceKey("ed25519.pem");

    /// <summary>A firmware HEX for <paramref name="build"/> whose initial stack pointer is <paramref name="stackPointer"/>.</summary>
    private static string Firmware(CliWorkspace w, ZephyrBuildGeometry build, uint stackPointer, string name = "zephyr.hex")
    {
        var a = build.Arguments;
        uint slot = a.HexAddress!.Value;
        uint load = slot + (uint)a.HeaderSize;
        var body = new byte[0x3000];
        new Random(7).NextBytes(body);
        BitConverter.GetBytes(stackPointer).CopyTo(body, 0);
        BitConverter.GetBytes(load + 0x101u).CopyTo(body, 4);
        byte[] data = a.PadHeader ? body : [.. new byte[a.HeaderSize], .. body];
        using var ms = new MemoryStream();
        IntelHexWriter.Write(ms, a.PadHeader ? load : slot, data);
        return w.Write(name, ms.ToArray());
    }

    private static JsonElement Json(ToolRunner.Result result)
    {
        using var doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.Clone();
    }

    private static int Count(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    [Fact]
    public void One_model_decides_and_names_the_rejection_once()
    {
        using var w = new CliWorkspace();
        var build = ZephyrBuildReader.Read(Sha512Build);
        string firmware = Firmware(w, build, 0x20008000);
        CliAssert.Succeeded(w.Run("sign", "--build-dir", Sha512Build, "-k", Ed25519, "--sha", "256", firmware, "sha256.hex"), allowWarnings: true);

        var check = w.Run("check", "--build-dir", Sha512Build, "-k", Ed25519, "sha256.hex");
        Assert.Equal(ExitCodes.Rejected, check.ExitCode);

        // Before the unification the build folder's model printed its rejection and check's own model (with assumed
        // defaults) ran beside it; now the build's configuration is the one the checker decides with.
        Assert.Equal(1, Count(check.Stdout, $"error {ErrorCodes.NoHashTlv}:"));
        Assert.Contains("bootloader (build folder):", check.Stdout, StringComparison.Ordinal);
        Assert.Contains("SHA512", check.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("assumed bootloader", check.Stdout, StringComparison.Ordinal);
        Assert.Contains("check failed: 1 error", check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_has_the_models_rejection_with_code_rule_and_function_on_the_build_dir_path()
    {
        using var w = new CliWorkspace();
        var build = ZephyrBuildReader.Read(Sha512Build);
        string firmware = Firmware(w, build, 0x20008000);
        CliAssert.Succeeded(w.Run("sign", "--build-dir", Sha512Build, "-k", Ed25519, "--sha", "256", firmware, "sha256.hex"), allowWarnings: true);

        var result = w.Run("check", "--build-dir", Sha512Build, "-k", Ed25519, "--format", "json", "sha256.hex");
        Assert.Equal(ExitCodes.Rejected, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr.Trim());
        var json = Json(result);
        Assert.False(json.GetProperty("passed").GetBoolean());
        var model = json.GetProperty("model");
        Assert.False(model.GetProperty("accepted").GetBoolean());
        var rejection = model.GetProperty("rejection");
        Assert.Equal(ErrorCodes.NoHashTlv, rejection.GetProperty("code").GetString());
        Assert.Equal("image_validate.c", rejection.GetProperty("file").GetString());
        Assert.Equal("bootutil_img_validate", rejection.GetProperty("function").GetString());
        Assert.Contains("SHA512", rejection.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("SHA512", json.GetProperty("bootloader").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, json.GetProperty("findings").EnumerateArray().Count(f => f.GetProperty("code").GetString() == ErrorCodes.NoHashTlv));
    }

    [Fact]
    public void Json_of_an_accepted_image_names_the_verified_signature_and_its_key()
    {
        using var w = new CliWorkspace();
        var build = ZephyrBuildReader.Read(Sha512Build);
        string firmware = Firmware(w, build, 0x20008000);
        CliAssert.Succeeded(w.Run("sign", "--build-dir", Sha512Build, "-k", Ed25519, firmware, "signed.hex"), allowWarnings: true);

        var result = w.Run("check", "--build-dir", Sha512Build, "-k", Ed25519, "--format", "json", "signed.hex");
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var json = Json(result);
        var model = json.GetProperty("model");
        Assert.True(model.GetProperty("accepted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, model.GetProperty("rejection").ValueKind);
        Assert.True(model.GetProperty("signatureVerified").GetBoolean());
        Assert.Equal(0, model.GetProperty("keyIndex").GetInt32());
        var signature = Assert.Single(model.GetProperty("signatures").EnumerateArray());
        Assert.Equal("ED25519", signature.GetProperty("signatureTlv").GetString());
        Assert.Equal(TlvType.Ed25519, signature.GetProperty("signatureTlvType").GetInt32());
        Assert.Equal("KEYHASH", signature.GetProperty("keyTlv").GetString());
        Assert.Equal(0, signature.GetProperty("keyIndex").GetInt32());
        Assert.Equal("verified", signature.GetProperty("status").GetString());
        Assert.True(signature.GetProperty("verified").GetBoolean());
        Assert.True(signature.GetProperty("decided").GetBoolean());

        // The key hash is the SHA-512 hash of the bootloader's key (the build's hash algorithm).
        var image = ImageReader.Read(ImageFileReader.ReadInput(w.File("signed.hex")).Data);
        var keyHash = image.UnprotectedTlvs.Single(t => t.Type == TlvType.KeyHash).Value;
        Assert.Equal(64, keyHash.Length);
        Assert.Equal(Convert.ToHexStringLower(keyHash), signature.GetProperty("keyHash").GetString());
    }

    [Fact]
    public void Json_lists_each_signature_of_a_multi_signature_image_and_which_one_decided()
    {
        using var w = new CliWorkspace();
        var build = ZephyrBuildReader.Read(CarHeater);
        string firmware = Firmware(w, build, 0x20008000);
        string other = w.File(w.Keygen("ecdsa-p256", "other.pem"));
        CliAssert.Succeeded(w.Run("sign", "--build-dir", CarHeater, "--no-build-check", "-k", other, "-k", P256, firmware, "two.hex"), allowWarnings: true);

        // The bootloader holds only the second key: the first pair is skipped, the second verifies and decides.
        var result = w.Run("check", "--build-dir", CarHeater, "-k", P256, "--format", "json", "two.hex");
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var signatures = Json(result).GetProperty("model").GetProperty("signatures").EnumerateArray().ToList();
        Assert.Equal(2, signatures.Count);
        Assert.Equal("skipped-unknown-key", signatures[0].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, signatures[0].GetProperty("keyIndex").ValueKind);
        Assert.False(signatures[0].GetProperty("decided").GetBoolean());
        Assert.Equal("ECDSASIG", signatures[1].GetProperty("signatureTlv").GetString());
        Assert.Equal("verified", signatures[1].GetProperty("status").GetString());
        Assert.True(signatures[1].GetProperty("decided").GetBoolean());
        Assert.NotEqual(signatures[0].GetProperty("keyHash").GetString(), signatures[1].GetProperty("keyHash").GetString());

        // The bootloader holds only the first key: the second pair is skipped (unknown key), so the first, the last
        // attempted one, decides.
        var firstOnly = w.Run("check", "--build-dir", CarHeater, "-k", other, "--format", "json", "two.hex");
        Assert.True(firstOnly.ExitCode == 0, firstOnly.Stdout + firstOnly.Stderr);
        var s2 = Json(firstOnly).GetProperty("model").GetProperty("signatures").EnumerateArray().ToList();
        Assert.True(s2[0].GetProperty("decided").GetBoolean());
        Assert.Equal("skipped-unknown-key", s2[1].GetProperty("status").GetString());
    }

    [Fact]
    public void A_bootloader_binary_gives_the_keys_when_the_builds_key_file_is_not_here()
    {
        using var w = new CliWorkspace();
        string sample = Path.Combine(TestPaths.RepoRoot!, "samples", "check-walkthrough");
        string key = Path.Combine(sample, "keys", "signing-key.pem");
        string bootloader = Path.Combine(sample, "bootloader", "mcuboot.bin");
        var build = ZephyrBuildReader.Read(Sha512Build);
        string firmware = Firmware(w, build, 0x20008000);
        CliAssert.Succeeded(w.Run("sign", "--build-dir", Sha512Build, "-k", key, firmware, "signed.hex"), allowWarnings: true);

        // The build's CONFIG_BOOT_SIGNATURE_KEY_FILE (/opt/keys/...) is not here: without a key it cannot decide.
        CliAssert.Failed(w.Run("check", "--build-dir", Sha512Build, "signed.hex"), ErrorCodes.BuildDirKeyNotFound);

        // The bootloader binary embeds the key: the build's configuration (SHA-512) with the binary's key decides.
        var result = w.Run("check", "--build-dir", Sha512Build, "--bootloader", bootloader, "--format", "json", "signed.hex");
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var model = Json(result).GetProperty("model");
        Assert.True(model.GetProperty("signatureVerified").GetBoolean());
        Assert.Contains("SHA512", Json(result).GetProperty("bootloader").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_build_dir_with_a_bootloader_checks_with_the_builds_configuration()
    {
        using var w = new CliWorkspace();
        string sample = Path.Combine(TestPaths.RepoRoot!, "samples", "check-walkthrough");
        string key = Path.Combine(sample, "keys", "signing-key.pem");
        string bootloader = Path.Combine(sample, "bootloader", "mcuboot.bin");
        var build = ZephyrBuildReader.Read(Sha512Build);
        string firmware = Firmware(w, build, 0x20008000);

        CliAssert.Succeeded(w.Run("sign", "--build-dir", Sha512Build, "-k", key, "--bootloader", bootloader, firmware, "ok.hex"), allowWarnings: true);

        // The binary holds the key, but the build's bootloader hashes with SHA-512: a SHA-256 image is rejected by the
        // post-signing check (without the build folder the check would follow the image's hash) and nothing is left.
        var sha256 = w.Run("sign", "--build-dir", Sha512Build, "-k", key, "--sha", "256", "--bootloader", bootloader, firmware, "sha256.hex");
        Assert.Equal(ExitCodes.Rejected, sha256.ExitCode);
        Assert.Contains($"error {ErrorCodes.NoHashTlv}:", sha256.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(w.File("sha256.hex")));
    }

    [Fact]
    public void The_devicetree_ram_is_known_ram_for_the_stack_pointer_check()
    {
        using var w = new CliWorkspace();
        var build = ZephyrBuildReader.Read(CarHeater);
        var ram = McuBoot.Checks.DevicetreeRam.From(build.Folder.ApplicationDevicetree!);
        Assert.NotEmpty(ram);

        // In the Cortex-M SRAM region but beyond every RAM of the devicetree: only the build folder can tell.
        uint outside = 0x2F000000;
        Assert.DoesNotContain(ram, r => r.HoldsStackPointer(outside));
        string firmware = Firmware(w, build, outside);
        CliAssert.Succeeded(w.Run("sign", "--build-dir", CarHeater, "--no-build-check", "-k", P256, firmware, "signed.hex"), allowWarnings: true);

        var withBuild = w.Run("check", "--build-dir", CarHeater, "-k", P256, "signed.hex");
        Assert.Contains($"warning {ErrorCodes.CheckStackPointerOutsideKnownRam}:", withBuild.Stdout, StringComparison.Ordinal);
        Assert.Contains("zephyr,sram", withBuild.Stdout, StringComparison.Ordinal);

        var without = w.Run("check", "-k", P256, "signed.hex");
        Assert.DoesNotContain(ErrorCodes.CheckStackPointerOutsideKnownRam, without.Stdout, StringComparison.Ordinal);

        string inside = Firmware(w, build, (uint)(ram[0].Start + 0x1000), "inside.hex");
        CliAssert.Succeeded(w.Run("sign", "--build-dir", CarHeater, "--no-build-check", "-k", P256, inside, "inside.signed.hex"), allowWarnings: true);
        var ok = w.Run("check", "--build-dir", CarHeater, "-k", P256, "inside.signed.hex");
        Assert.True(ok.ExitCode == 0, ok.Stdout + ok.Stderr);
        Assert.DoesNotContain(ErrorCodes.CheckStackPointerOutsideKnownRam, ok.Stdout, StringComparison.Ordinal);
    }
}
