namespace McuBoot.Layouts;

/// <summary>Devicetree node labels the overlay attaches partitions to (the board's flash nodes).</summary>
public sealed record DtsOverlayOptions
{
    /// <summary>The defaults of sdk-nrf's <c>pm_to_dts.py</c>: <c>flash0</c>, <c>mx25r64</c>, network core <c>flash1</c>.</summary>
    public static DtsOverlayOptions Default { get; } = new();

    /// <summary>
    /// The internal flash node: <c>flash0</c> (nRF52/53/91), <c>cpuapp_rram</c> (nRF54L, whose non-volatile memory is RRAM);
    /// null: <c>cpuapp_rram</c> when the layout has the nRF54L 0x800-byte <c>mcuboot_pad</c> and an <c>otp</c> at 0xffd500, else <c>flash0</c>.
    /// </summary>
    public string? FlashNode { get; init; }

    /// <summary>The external flash node (pm_to_dts.py writes <c>mx25r64</c>, the nRF52840/nRF5340 DK's QSPI NOR).</summary>
    public string ExternalFlashNode { get; init; } = "mx25r64";

    /// <summary>
    /// The layout is the nRF5340 network core's (<c>partitions_CPUNET.yml</c>): partitions go to <c>flash1</c> at offsets
    /// from its base 0x01000000; null: decided from the file name (<c>CPUNET</c>).
    /// </summary>
    public bool? NetworkCore { get; init; }
}
