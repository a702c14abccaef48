using McuBoot.Encryption;
using McuBoot.Image;
using McuBoot.Signing;

namespace McuBoot.Tests.Properties;

/// <summary>
/// A signed image that the corruption property mutates, with what verifies it: the signing key (or none), the
/// decryption key for an encrypted image, and the tool arguments that do the same through the CLI.
/// </summary>
internal sealed class CorruptionBase
{
    public required string Name { get; init; }

    public required byte[] Bytes { get; init; }

    public required ParsedImage Parsed { get; init; }

    public ISignatureVerifier? Verifier { get; init; }

    public ImageDecryptor? Decryptor { get; init; }

    /// <summary>Options given to <c>verify</c> before the image path (key, decryption key).</summary>
    public required string[] VerifyOptions { get; init; }

    /// <summary>A hash-only image whose mutations get their hash TLV recomputed, to reach the parsing behind the hash check.</summary>
    public bool Rehash { get; init; }

    /// <summary>Relative share of the corruptions (the slow public-key decryptions and the rehashed images get less).</summary>
    public int Weight { get; init; } = 2;

    /// <summary>End of the TLVs: every byte before it is covered by the hash, the signature or the bootloader's checks.</summary>
    public long TlvEnd => Parsed.TlvEnd;

    /// <summary>Offsets of every TLV header (type, length) and of both info headers, for targeted edits.</summary>
    public IReadOnlyList<int> TlvHeaderOffsets =>
    [
        .. Parsed.ProtectedAreaOffset >= 0 ? new[] { (int)Parsed.ProtectedAreaOffset } : [],
        (int)Parsed.UnprotectedAreaOffset,
        .. Parsed.AllTlvs.Select(t => (int)t.Offset - 4),
    ];

    /// <summary>The verification result the unmodified image gives.</summary>
    public VerificationResult Verify(byte[] image) => ImageVerifier.Verify(image, Verifier, Name, Decryptor);

    public override string ToString() => Name;
}
