using McuBoot.Diagnostics;
using McuBoot.Tests.Cli;

namespace McuBoot.Tests.Hostile;

/// <summary>
/// Issue 8: <c>sign --layout --pad-header</c> on a HEX linked at the slot start wrote an image starting 0x200 bytes
/// below the slot (inside the bootloader). It is refused (MCUB3205) by the same core rule the MSBuild task uses
/// (<see cref="McuBoot.Build.ImagePlacement"/>; the task's verdict is tested in McuBoot.Build.Tests' SigningJobTests).
/// </summary>
public sealed class ImagePlacementTests
{
    private const string Layout = """
        mcuboot:
          address: 0x0
          size: 0xc000
          region: flash_primary
        mcuboot_pad:
          address: 0xc000
          size: 0x200
          region: flash_primary
        app:
          address: 0xc200
          size: 0x6fe00
          region: flash_primary
        mcuboot_primary:
          address: 0xc000
          size: 0x70000
          span: [mcuboot_pad, app]
          region: flash_primary
        mcuboot_primary_app:
          address: 0xc200
          size: 0x6fe00
          span: [app]
          region: flash_primary
        mcuboot_secondary:
          address: 0x7c000
          size: 0x70000
          region: flash_primary
        """;

    [Fact]
    public void Pad_header_on_a_hex_linked_at_the_slot_start_is_refused_and_nothing_is_written()
    {
        using var ws = new CliWorkspace();
        File.WriteAllText(ws.File("pm_static.yml"), Layout);
        File.WriteAllText(ws.File("app.hex"), HostileInputs.Hex(0xc000));
        string message = CliAssert.Failed(ws.Run("sign", "-v", "1.0.0", "--layout", "pm_static.yml", "--pad-header", "app.hex", "out.hex"), ErrorCodes.ImageBelowSlot);
        Assert.Contains("0xbe00, below the slot mcuboot_primary at 0xc000", message, StringComparison.Ordinal);
        Assert.Contains("drop --pad-header", message, StringComparison.Ordinal);
        Assert.Contains("0xc200", message, StringComparison.Ordinal);
        CliAssert.DirectoryHolds(ws.Path, "app.hex", "pm_static.yml");
    }

    [Fact]
    public void A_hex_linked_at_slot_plus_header_signs_at_the_slot()
    {
        using var ws = new CliWorkspace();
        File.WriteAllText(ws.File("pm_static.yml"), Layout);
        File.WriteAllText(ws.File("app.hex"), HostileInputs.Hex(0xc200));
        CliAssert.Succeeded(ws.Run("sign", "-v", "1.0.0", "--layout", "pm_static.yml", "--pad-header", "app.hex", "out.hex"), allowWarnings: true);
        var image = McuBoot.IO.IntelHexReader.Read(ws.File("out.hex"));
        Assert.Equal(0xc000u, image.MinAddress);
    }

    [Fact]
    public void A_hex_linked_inside_the_slot_at_another_address_warns_like_the_task()
    {
        using var ws = new CliWorkspace();
        File.WriteAllText(ws.File("pm_static.yml"), Layout);
        File.WriteAllText(ws.File("app.hex"), HostileInputs.Hex(0xd000));
        var result = ws.Run("sign", "-v", "1.0.0", "--layout", "pm_static.yml", "--pad-header", "app.hex", "out.hex");
        CliAssert.Succeeded(result, allowWarnings: true);
        Assert.Contains($"warning {ErrorCodes.FirmwareAddressMismatch}:", result.Stderr, StringComparison.Ordinal);
    }
}
