using System.Text.Json;
using McuBoot.Diagnostics;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Zephyr;

/// <summary>
/// <c>layout show --build-dir</c> over ten real west build folders: header size, slot size, --align and slot addresses
/// equal what the build really signed with (expected.json, from zephyr-build-geometry.md's rules).
/// </summary>
public sealed class BuildDirectoryLayoutTests
{
    [Theory]
    [MemberData(nameof(ZephyrBuilds.Cases), MemberType = typeof(ZephyrBuilds))]
    public void Layout_show_build_dir_derives_what_the_build_signed_with(string name)
    {
        using var expectedDoc = ZephyrBuilds.Expected();
        var expectedCase = expectedDoc.RootElement.EnumerateArray().Single(c => c.GetProperty("case").GetString() == name);
        var expected = expectedCase.GetProperty("expected");

        var result = ToolRunner.Run(ZephyrBuilds.Data, "layout", "show", "--build-dir", ZephyrBuilds.BuildDir(name), "--format", "json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        var image = root.GetProperty("images").EnumerateArray().Single(i => i.GetProperty("image_index").GetInt32() == 0);
        var args = root.GetProperty("arguments");

        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("header_size")), image.GetProperty("header_size").GetUInt32());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("slot_size")), image.GetProperty("slot_size").GetUInt32());
        Assert.Equal(expected.GetProperty("align").GetInt32(), args.GetProperty("align").GetInt32());
        Assert.Equal(expected.GetProperty("align").GetInt32(), image.GetProperty("write_alignment").GetInt32());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("primary_slot").GetProperty("address")), image.GetProperty("primary_address").GetUInt32());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("primary_slot").GetProperty("size")), image.GetProperty("primary_size").GetUInt32());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("secondary_slot").GetProperty("address")), image.GetProperty("secondary_address").GetUInt32());
        Assert.Equal(ZephyrBuilds.Hex(expected.GetProperty("secondary_slot").GetProperty("size")), image.GetProperty("secondary_size").GetUInt32());
        if (expected.TryGetProperty("overwrite_only", out var ow))
        {
            Assert.Equal(ow.GetBoolean(), args.GetProperty("overwrite_only").GetBoolean());
        }

        bool partitionManager = expectedCase.GetProperty("signing_path").GetString()!.StartsWith("NCS Partition Manager", StringComparison.Ordinal);
        Assert.Equal(partitionManager ? "partitions.yml" : "devicetree", root.GetProperty("geometry_source").GetString());
        Assert.Equal(partitionManager, expected.TryGetProperty("pad_header", out var pad) && pad.GetBoolean());
        Assert.Equal(partitionManager, args.GetProperty("pad_header").GetBoolean());
        if (partitionManager)
        {
            Assert.Equal("ncs-partition-manager", root.GetProperty("signing_path").GetString());
            Assert.EndsWith("partitions.yml", root.GetProperty("file").GetString(), StringComparison.Ordinal);
            var header = root.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "header_size");
            Assert.EndsWith("partitions.yml", header.GetProperty("file").GetString(), StringComparison.Ordinal);
            Assert.True(header.GetProperty("line").GetInt32() > 0);
        }

        if (expected.GetProperty("secondary_slot").TryGetProperty("device", out var device) && device.ValueKind == JsonValueKind.String && device.GetString()!.StartsWith('/'))
        {
            Assert.Equal(device.GetString(), image.GetProperty("secondary_device").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(ZephyrBuilds.Cases), MemberType = typeof(ZephyrBuilds))]
    public void Every_derived_value_names_the_file_and_line_it_came_from(string name)
    {
        var result = ToolRunner.Run(ZephyrBuilds.Data, "layout", "show", "--build-dir", ZephyrBuilds.BuildDir(name), "--format", "json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var sources = json.RootElement.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        foreach (var value in new[] { "header_size", "slot_size", "align", "hex_address" })
        {
            Assert.True(sources.ContainsKey(value), $"{name}: no source for {value}");
            string file = sources[value].GetProperty("file").GetString()!;
            Assert.True(File.Exists(file), $"{name}: {value} names {file}");
            Assert.True(sources[value].GetProperty("line").GetInt32() > 0, $"{name}: {value} has no line");
        }
    }

    [Fact]
    public void Partition_manager_builds_say_the_devicetree_disagrees_with_partitions_yml()
    {
        var result = ToolRunner.Run(ZephyrBuilds.Data, "layout", "show", "--build-dir", ZephyrBuilds.BuildDir("rs-muggino__peripheral-lbs-sysbuild__build_peripheral_lbs"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Partition Manager ran", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"warning {ErrorCodes.BuildPartitionsDisagree}:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("mcuboot_primary 0xc000+0x39000 != devicetree slot0_partition 0xc000+0x37000", result.Stderr, StringComparison.Ordinal);

        // wischmi2 wrote its overlay to match PM: no disagreement.
        var matching = ToolRunner.Run(ZephyrBuilds.Data, "layout", "show", "--build-dir", ZephyrBuilds.BuildDir("wischmi2__pouch-node-ws__build_ble_gatt"));
        Assert.Equal(0, matching.ExitCode);
        Assert.DoesNotContain(ErrorCodes.BuildPartitionsDisagree, matching.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rs-muggino__peripheral-lbs-sysbuild__build_peripheral_lbs")] // sysbuild with Partition Manager
    [InlineData("kambojvipul__zephyr_app__build")] // plain (no sysbuild) build
    public void The_application_folder_with_build_inside_reads_as_its_build_folder(string name)
    {
        // `--build-dir .` from the application's folder, as after `west build` without -d: the build is build/, not an
        // image named "build" of a sysbuild folder (which gave MCUB6220 for build/ although it holds partitions.yml).
        string buildDir = ZephyrBuilds.BuildDir(name);
        var fromBuild = ToolRunner.Run(ZephyrBuilds.Data, "layout", "show", "--build-dir", buildDir, "--format", "json");
        var fromProject = ToolRunner.Run(ZephyrBuilds.Data, "layout", "show", "--build-dir", Path.GetDirectoryName(buildDir)!, "--format", "json");
        Assert.Equal(0, fromBuild.ExitCode);
        Assert.Equal(0, fromProject.ExitCode);
        Assert.Equal(fromBuild.Stdout, fromProject.Stdout);
        Assert.DoesNotContain(ErrorCodes.BuildDirNotFound, fromProject.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_and_empty_keys_are_reported()
    {
        var dev = ToolRunner.Run(ZephyrBuilds.Data, "layout", "show", "--build-dir", ZephyrBuilds.BuildDir("Saket-Titan__ecu-edge-ai-can-anomaly__build_ids_node"));
        Assert.Contains($"warning {ErrorCodes.BuildDevelopmentKey}:", dev.Stderr, StringComparison.Ordinal);
        Assert.Contains("root-rsa-2048.pem", dev.Stderr, StringComparison.Ordinal);

        var empty = ToolRunner.Run(ZephyrBuilds.Data, "layout", "show", "--build-dir", ZephyrBuilds.BuildDir("DiveshDutt__Zephyr_nrf52832_OTA__build"));
        Assert.Contains($"warning {ErrorCodes.BuildDevelopmentKey}:", empty.Stderr, StringComparison.Ordinal);
        Assert.Contains("CONFIG_MCUBOOT_SIGNATURE_KEY_FILE is empty", empty.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_folder_of_a_sysbuild_build_is_accepted_too()
    {
        string appDir = Path.Combine(ZephyrBuilds.BuildDir("Saket-Titan__ecu-edge-ai-can-anomaly__build_ids_node"), "ids_node");
        var result = ToolRunner.Run(ZephyrBuilds.Data, "layout", "show", "--build-dir", appDir, "--format", "json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("overwrite-only", json.RootElement.GetProperty("bootloader_mode").GetString());
    }

    [Fact]
    public void A_folder_that_is_no_build_fails_with_a_coded_error()
    {
        using var dir = new TempDirectory();
        var result = ToolRunner.Run(dir.Path, "layout", "show", "--build-dir", dir.Path);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith($"error {ErrorCodes.BuildDirNotFound}:", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }
}
