using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// Ed25519 (RFC 8032 §5.1, PureEdDSA; never Ed25519ph) as MCUboot uses it (mcuboot-image-format.md §4.3): non-pure
/// signatures take the image digest bytes as the message; <c>--pure</c> signs the whole region. 64 bytes, TLV 0x24.
/// </summary>
public sealed class Ed25519Signer(Ed25519Key key, bool ownsKey = false) : KeySigner<Ed25519Key>(key, ownsKey)
{
    /// <summary>Pure Ed25519 (RFC 8032 §5.1.6) over the whole message, for <c>--pure</c>.</summary>
    public override byte[] SignMessage(ReadOnlySpan<byte> message)
    {
        RequirePrivateKey();
        return Key.Sign(message);
    }

    /// <inheritdoc />
    public override bool VerifyDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm, ReadOnlySpan<byte> signature)
        => digest.Length == algorithm.DigestLength() && Key.Verify(digest, signature);

    /// <inheritdoc />
    public override bool VerifyMessage(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => Key.Verify(message, signature);

    /// <summary>Ed25519 with the digest bytes as the message (PureEdDSA, not Ed25519ph; mcuboot-image-format.md §4.3).</summary>
    protected override byte[] SignDigestCore(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm) => Key.Sign(digest);
}
