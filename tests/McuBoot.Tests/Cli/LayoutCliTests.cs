using System.Text.Json;
using McuBoot.Diagnostics;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Cli;

/// <summary><c>sign --layout</c> and <c>layout show</c>: geometry from a partition layout instead of typed-in numbers.</summary>
public sealed class LayoutCliTests
{
    private static string Sample(string path) => Path.Combine(TestPaths.RepoRoot ?? throw new InvalidOperationException("run from the repository"), "samples", "nrf52840-app", path);

    [Fact]
    public void Sign_with_layout_equals_sign_with_the_numbers_ncs_would_pass()
    {
        using var w = new CliWorkspace();
        string key = CliWorkspace.ConformanceKey("ed25519.pem");
        CliAssert.Succeeded(w.Run("sign", "--layout", Sample("pm_static.yml"), "-k", key, "-v", "1.2.3", Sample("firmware/app.hex"), "layout.hex"));

        // NCS: --header-size = size(mcuboot_pad), --slot-size = size(mcuboot_primary), --align 4, --pad-header, hex at the slot.
        CliAssert.Succeeded(w.Run("sign", "-H", "0x200", "-S", "0x76000", "--align", "4", "--pad-header", "-k", key, "-v", "1.2.3", Sample("firmware/app.hex"), "explicit.hex"));
        Assert.Equal(w.Read("explicit.hex"), w.Read("layout.hex"));
        Assert.StartsWith(":10C000003DB8F396", File.ReadLines(w.File("layout.hex")).First(l => l.StartsWith(":10", StringComparison.Ordinal)), StringComparison.Ordinal);

        // A binary input gets the slot address from the layout for its .hex output.
        CliAssert.Succeeded(w.Run("sign", "--layout", Sample("pm_static.yml"), "--pad-header", "-k", key, "-v", "1.2.3", Sample("firmware/app.bin"), "from-bin.hex"));
        Assert.Equal(w.Read("explicit.hex"), w.Read("from-bin.hex"));
    }

    [Fact]
    public void Explicit_options_win_over_the_layout()
    {
        using var w = new CliWorkspace();
        string key = CliWorkspace.ConformanceKey("ed25519.pem");
        CliAssert.Succeeded(w.Run("sign", "--layout", Sample("pm_static.yml"), "-S", "0x10000", "--confirm", "-k", key, "-v", "1.2.3", Sample("firmware/app.bin"), "--pad-header", "small-slot.bin"));
        Assert.Equal(0x10000, new FileInfo(w.File("small-slot.bin")).Length);

        var tooSmall = w.Run("sign", "--layout", Sample("pm_static.yml"), "-S", "0x1000", "-k", key, "-v", "1.2.3", "--pad-header", Sample("firmware/app.bin"), "x.bin");
        CliAssert.Failed(tooSmall, ErrorCodes.ImageTooLarge, ExitCodes.TooLarge);
    }

    [Fact]
    public void Sign_with_a_file_that_is_not_a_layout_fails_with_the_layout_error_and_writes_nothing()
    {
        using var w = new CliWorkspace();
        string notLayout = Path.Combine(TestPaths.Layouts, "zjt-code__nordic_ncs_proj__pm_static.yml");
        var result = w.Run("sign", "--layout", notLayout, "-k", CliWorkspace.ConformanceKey("ed25519.pem"), "-v", "1.2.3", Sample("firmware/app.hex"), "out.hex");
        string message = CliAssert.FailedWithAnyCode(result, ExitCodes.Usage);
        Assert.StartsWith("error MCUB60", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(notLayout, message, StringComparison.Ordinal);
        Assert.False(File.Exists(w.File("out.hex")));
    }

    [Fact]
    public void Layout_show_json_reports_the_derived_geometry_of_every_image()
    {
        string file = Path.Combine(TestPaths.Layouts, "nrfconnect__sdk-nrf__samples_nrf5340_extxip_smp_svr_pm_static.yml");
        var result = ToolRunner.Run(TestPaths.Layouts, "layout", "show", "--format", "json", "--xip-base", "0x10000000", file);
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var images = json.RootElement.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], images.Select(i => i.GetProperty("image_index").GetInt32()));
        Assert.Equal(0x200, images[0].GetProperty("header_size").GetInt32());
        Assert.Equal(0xd4000, images[0].GetProperty("slot_size").GetInt64());
        Assert.Equal(0x10000, images[0].GetProperty("hex_base_address").GetInt64());
        Assert.Equal(0x10000000, images[0].GetProperty("secondary_hex_address").GetInt64());
        Assert.True(images[1].GetProperty("network_core").GetBoolean());
        Assert.Equal(0x40000, images[1].GetProperty("slot_size").GetInt64());
    }

    [Fact]
    public void Layout_show_reports_errors_with_codes_and_lines_and_fails()
    {
        string file = Path.Combine(TestPaths.Layouts, "zjt-code__nordic_ncs_proj__pm_static.yml");
        var result = ToolRunner.Run(TestPaths.Layouts, "layout", "show", file);
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("not a usable layout", result.Stdout, StringComparison.Ordinal);
        var errors = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Matches(@"^error MCUB60\d\d: .*pm_static\.yml:\d+: ", e));
    }
}
