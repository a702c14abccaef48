using System.Text.Json;
using McuBoot.Diagnostics;
using McuBoot.Tests.Cli;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Bootloader;

/// <summary>
/// Downgrade prevention (MCUBOOT_DOWNGRADE_PREVENTION, loader.c:check_downgrade_prevention with
/// bootutil_loader.c:boot_compare_version) and dependencies (loader.c:boot_verify_slot_dependency) as check options:
/// <c>--current-version</c>, <c>--image-version ID=VERSION</c>, <c>--version-cmp-build-number</c>.
/// </summary>
public sealed class VersionRulesTests
{
    private static string Key => CliWorkspace.ConformanceKey("ed25519.pem");

    private static void Sign(CliWorkspace w, string version, string output, params string[] extra)
    {
        string app = w.Write("app.bin", CliWorkspace.RandomBytes(0x400, 5));
        CliAssert.Succeeded(w.Run(["sign", "-k", Key, "-v", version, "-H", "0x200", "--pad-header", "-S", "0x40000", .. extra, app, output]), allowWarnings: true);
    }

    private static ToolRunner.Result Check(CliWorkspace w, string image, params string[] options)
        => w.Run(["check", "-k", Key, "--skip-vector-table", .. options, image]);

    private static void Passes(ToolRunner.Result r) => Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);

    private static void FailsWith(ToolRunner.Result r, string code)
    {
        Assert.Equal(ExitCodes.Rejected, r.ExitCode);
        Assert.Contains($"error {code}:", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_older_update_is_refused_under_downgrade_prevention_and_an_equal_one_passes()
    {
        using var w = new CliWorkspace();
        Sign(w, "1.2.0+5", "v120.bin");

        Passes(Check(w, "v120.bin"));
        FailsWith(Check(w, "v120.bin", "--current-version", "1.3.0"), ErrorCodes.BootDowngradePrevented);
        FailsWith(Check(w, "v120.bin", "--current-version", "1.2.1"), ErrorCodes.BootDowngradePrevented);
        Passes(Check(w, "v120.bin", "--current-version", "1.2.0"));
        Passes(Check(w, "v120.bin", "--current-version", "1.1.99"));

        // boot_compare_version ignores the build number unless MCUBOOT_VERSION_CMP_USE_BUILD_NUMBER.
        Passes(Check(w, "v120.bin", "--current-version", "1.2.0+9"));
        FailsWith(Check(w, "v120.bin", "--current-version", "1.2.0+9", "--version-cmp-build-number"), ErrorCodes.BootDowngradePrevented);
        Passes(Check(w, "v120.bin", "--current-version", "1.2.0+5", "--version-cmp-build-number"));

        // Overwrite-only refuses it too (boot_validate_slot); direct-XIP and RAM-load pick the newer slot instead.
        FailsWith(Check(w, "v120.bin", "--current-version", "2.0.0", "--overwrite-only"), ErrorCodes.BootDowngradePrevented);
        Passes(Check(w, "v120.bin", "--current-version", "2.0.0", "--mode", "direct-xip"));
    }

    [Fact]
    public void The_json_names_the_downgrade_rule()
    {
        using var w = new CliWorkspace();
        Sign(w, "1.0.0", "v100.bin");
        var r = Check(w, "v100.bin", "--current-version", "1.0.1", "--format", "json");
        Assert.Equal(ExitCodes.Rejected, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var rejection = doc.RootElement.GetProperty("model").GetProperty("rejection");
        Assert.Equal(ErrorCodes.BootDowngradePrevented, rejection.GetProperty("code").GetString());
        Assert.Equal("check_downgrade_prevention", rejection.GetProperty("function").GetString());
        Assert.Equal("loader.c", rejection.GetProperty("file").GetString());
    }

    [Fact]
    public void A_dependency_on_another_images_version_is_checked_against_the_given_version()
    {
        using var w = new CliWorkspace();
        Sign(w, "1.0.0", "dep.bin", "-d", "(1,2.0.0)");

        // Not given: not checked (no warning, as before the option existed).
        Passes(Check(w, "dep.bin"));
        FailsWith(Check(w, "dep.bin", "--image-version", "1=1.9.9"), ErrorCodes.BootDependencyNotMet);
        Passes(Check(w, "dep.bin", "--image-version", "1=2.0.0"));
        Passes(Check(w, "dep.bin", "--image-version", "1=3.0.0"));

        // Versions of other images only: the dependency on image 1 is named as unchecked.
        var other = Check(w, "dep.bin", "--image-version", "2=1.0.0");
        Passes(other);
        Assert.Contains($"warning {ErrorCodes.BootDependencyNotChecked}:", other.Stdout, StringComparison.Ordinal);

        // Two dependencies: each is checked.
        Sign(w, "1.0.0", "deps.bin", "-d", "(1,2.0.0),(2,0.5.0)");
        Passes(Check(w, "deps.bin", "--image-version", "1=2.0.0", "--image-version", "2=0.5.0"));
        FailsWith(Check(w, "deps.bin", "--image-version", "1=2.0.0", "--image-version", "2=0.4.0"), ErrorCodes.BootDependencyNotMet);
        CliAssert.Failed(Check(w, "deps.bin", "--image-version", "x"), ErrorCodes.InvalidOptionValue);
    }
}
