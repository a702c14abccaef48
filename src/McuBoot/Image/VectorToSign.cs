namespace McuBoot.Image;

/// <summary>External signing: what <c>--vector-to-sign</c> exports instead of an image (§4.6).</summary>
public enum VectorToSign
{
    None,
    /// <summary>The exact signed region <c>[0, hdr + img + protected TLVs)</c>.</summary>
    Payload,
    /// <summary>The image hash the signature is made over.</summary>
    Digest,
}
