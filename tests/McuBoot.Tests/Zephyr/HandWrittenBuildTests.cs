using System.Text.Json;
using McuBoot.Diagnostics;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Zephyr;

/// <summary>
/// <c>layout show --build-dir</c> over the hand-written build folders (tests/data/zephyr-builds/hand-written): mapped
/// partitions, nRF54L SHA-512 and pure, direct-XIP, RAM load, swap-offset, external-flash secondary, multi-image.
/// </summary>
public sealed class HandWrittenBuildTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ZephyrBuilds.Fixtures, "expected.json")));
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            data.Add(c.GetProperty("case").GetString()!, c.TryGetProperty("build_image", out var b) ? b.GetString()! : string.Empty);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Layout_show_build_dir_derives_the_expected_arguments(string name, string buildImage)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ZephyrBuilds.Fixtures, "expected.json")));
        var expected = doc.RootElement.EnumerateArray()
            .Single(c => c.GetProperty("case").GetString() == name && (c.TryGetProperty("build_image", out var b) ? b.GetString() : string.Empty) == buildImage)
            .GetProperty("expected");
        var args = new List<string> { "layout", "show", "--build-dir", Path.Combine(ZephyrBuilds.Fixtures, name, "build"), "--format", "json" };
        if (buildImage.Length > 0)
        {
            args.AddRange(["--build-image", buildImage]);
        }

        var result = ToolRunner.Run(ZephyrBuilds.Fixtures, [.. args]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        var a = root.GetProperty("arguments");
        int index = expected.GetProperty("image_index").GetInt32();
        Assert.Equal(index, a.GetProperty("image_index").GetInt32());
        var image = root.GetProperty("images").EnumerateArray().Single(i => i.GetProperty("image_index").GetInt32() == index);

        Assert.Equal(expected.GetProperty("signing_path").GetString(), root.GetProperty("signing_path").GetString());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("header_size")), a.GetProperty("header_size").GetUInt32());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("header_size")), image.GetProperty("header_size").GetUInt32());
        Assert.Equal(expected.GetProperty("pad_header").GetBoolean(), a.GetProperty("pad_header").GetBoolean());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("slot_size")), a.GetProperty("slot_size").GetUInt32());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("slot_size")), image.GetProperty("slot_size").GetUInt32());
        Assert.Equal(expected.GetProperty("align").GetInt32(), a.GetProperty("align").GetInt32());
        Assert.Equal(expected.GetProperty("overwrite_only").GetBoolean(), a.GetProperty("overwrite_only").GetBoolean());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("primary_slot").GetProperty("address")), image.GetProperty("primary_address").GetUInt32());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("primary_slot").GetProperty("size")), image.GetProperty("primary_size").GetUInt32());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("secondary_slot").GetProperty("address")), image.GetProperty("secondary_address").GetUInt32());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("secondary_slot").GetProperty("size")), image.GetProperty("secondary_size").GetUInt32());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("hex_address")), a.GetProperty("hex_address").GetUInt32());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("update_hex_address")), a.GetProperty("update_hex_address").GetUInt32());
        Assert.Equal(expected.TryGetProperty("sha", out var sha) ? sha.GetInt32() : (int?)null, a.GetProperty("sha").ValueKind == JsonValueKind.Null ? null : a.GetProperty("sha").GetInt32());
        Assert.Equal(expected.TryGetProperty("pure", out var pure) && pure.GetBoolean(), a.GetProperty("pure").GetBoolean());
        Assert.Equal(expected.TryGetProperty("load_address", out var load) ? ZephyrBuilds.Hex(load) : (uint?)null, a.GetProperty("load_address").ValueKind == JsonValueKind.Null ? null : a.GetProperty("load_address").GetUInt32());
        Assert.Equal(expected.TryGetProperty("rom_fixed", out var rom) ? ZephyrBuilds.Hex(rom) : (uint?)null, a.GetProperty("rom_fixed").ValueKind == JsonValueKind.Null ? null : a.GetProperty("rom_fixed").GetUInt32());
        if (expected.GetProperty("secondary_slot").TryGetProperty("device", out var device))
        {
            Assert.Equal(device.GetString(), image.GetProperty("secondary_device").GetString());
            Assert.Equal("external_flash", image.GetProperty("secondary_region").GetString());
        }
    }

    [Fact]
    public void A_build_that_contradicts_itself_gets_every_warning()
    {
        var result = ToolRunner.Run(ZephyrBuilds.Fixtures, "layout", "show", "--build-dir", Path.Combine(ZephyrBuilds.Fixtures, "contradictions", "build"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"warning {ErrorCodes.BuildModeMismatch}:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("assumes MCUboot mode swap-move (CONFIG_MCUBOOT_BOOTLOADER_MODE_SWAP_WITHOUT_SCRATCH) but the bootloader is built for overwrite-only", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"warning {ErrorCodes.BuildDevelopmentKey}:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"warning {ErrorCodes.BuildKeyMismatch}:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("mode                 overwrite-only", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_keys_resolve_against_the_application_config_dir_then_west_topdir()
    {
        using var dir = new TempDirectory();
        string build = Path.Combine(dir.Path, "build");
        CopyTree(Path.Combine(ZephyrBuilds.Fixtures, "ram-load", "build"), build);
        string appDir = Path.Combine(dir.Path, "app");
        string west = Path.Combine(dir.Path, "west");
        Directory.CreateDirectory(Path.Combine(west, "keys"));
        File.WriteAllText(Path.Combine(west, "keys", "ram-load-rsa.pem"), "west key");
        File.WriteAllText(Path.Combine(build, "CMakeCache.txt"), $"APPLICATION_CONFIG_DIR:INTERNAL={appDir}\nWEST_TOPDIR:INTERNAL={west}\n");

        // ${APPLICATION_CONFIG_DIR}/keys/ram-load-rsa.pem is expanded first: it does not exist, and an expanded absolute path is not searched further.
        var json = Show(build);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("arguments").GetProperty("key_file").ValueKind);

        Directory.CreateDirectory(Path.Combine(appDir, "keys"));
        File.WriteAllText(Path.Combine(appDir, "keys", "ram-load-rsa.pem"), "app key");
        Assert.Equal(Path.Combine(appDir, "keys", "ram-load-rsa.pem"), Show(build).RootElement.GetProperty("arguments").GetProperty("key_file").GetString());

        // A relative path: the application config dir when the file is there, else the west top dir.
        string config = Path.Combine(build, "zephyr", ".config");
        File.WriteAllText(config, File.ReadAllText(config).Replace("${APPLICATION_CONFIG_DIR}/keys/ram-load-rsa.pem", "keys/ram-load-rsa.pem;keys/second.pem", StringComparison.Ordinal));
        Assert.Equal(Path.Combine(appDir, "keys", "ram-load-rsa.pem"), Show(build).RootElement.GetProperty("arguments").GetProperty("key_file").GetString());
        File.Delete(Path.Combine(appDir, "keys", "ram-load-rsa.pem"));
        Assert.Equal(Path.Combine(west, "keys", "ram-load-rsa.pem"), Show(build).RootElement.GetProperty("arguments").GetProperty("key_file").GetString());
    }

    private static JsonDocument Show(string build)
    {
        var result = ToolRunner.Run(build, "layout", "show", "--build-dir", build, "--format", "json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout);
    }

    internal static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
