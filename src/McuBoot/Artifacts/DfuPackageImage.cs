namespace McuBoot.Artifacts;

/// <summary>One image of a checked DFU package, as the nRF Connect Device Manager readers see it.</summary>
/// <param name="File">The <c>file</c> name in the manifest.</param>
/// <param name="ImageIndex">The image index a reader uses (<c>image_index</c> parsed; 0 when absent).</param>
/// <param name="Slot">The direct-XIP <c>slot</c>, or null (readers then assume the secondary slot).</param>
/// <param name="Size">The entry's size in the zip, or -1 when it is missing.</param>
/// <param name="HashTlv">The image's hash TLV name (<c>SHA256</c>, ...), or null when unreadable.</param>
/// <param name="Hash">The hash TLV value (lower-case hex), or null.</param>
public sealed record DfuPackageImage(string File, int ImageIndex, int? Slot, long Size, string? HashTlv, string? Hash);
