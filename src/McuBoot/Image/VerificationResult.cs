namespace McuBoot.Image;

/// <summary>What <see cref="ImageVerifier"/> established about an image.</summary>
public sealed record VerificationResult
{
    public required ParsedImage Image { get; init; }

    public required ImageVersion Version { get; init; }

    public required ImageHashAlgorithm HashAlgorithm { get; init; }

    /// <summary>The recomputed (and matching) image digest.</summary>
    public required byte[] Digest { get; init; }

    /// <summary>Whether a signature was checked with the given key.</summary>
    public bool SignatureVerified { get; init; }

    /// <summary>The verified signature (for pure images imgtool prints it).</summary>
    public byte[]? Signature { get; init; }

    /// <summary>Whether the image is a pure-Ed25519 image (SIG_PURE present).</summary>
    public bool Pure { get; init; }

    /// <summary>For a compressed image: the verification of the decompressed image it stands for.</summary>
    public VerificationResult? Decompressed { get; init; }

    /// <summary>Every KEYHASH/PUBKEY + signature pair, in image order, with which given key (if any) checked it.</summary>
    public IReadOnlyList<SignaturePair> Signatures { get; init; } = [];

    /// <summary>The key hash or full key TLV found in the image, if any.</summary>
    public byte[]? KeyTlvValue { get; init; }
}
