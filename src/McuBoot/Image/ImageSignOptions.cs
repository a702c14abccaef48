using McuBoot.Signing;

namespace McuBoot.Image;

/// <summary>Everything <c>sign</c> needs besides the input bytes: the typed form of imgtool's options (§9.8).</summary>
public sealed record ImageSignOptions
{
    /// <summary><c>-v</c>: the image version (required).</summary>
    public required ImageVersion Version { get; init; }

    /// <summary><c>-H</c>: total header size including padding (32..65535).</summary>
    public required int HeaderSize { get; init; }

    /// <summary><c>--pad-header</c>: prepend the header area instead of requiring zeros at the start of the input.</summary>
    public bool PadHeader { get; init; }

    /// <summary><c>-S</c>: slot size in bytes; 0 disables the size check (as imgtool).</summary>
    public required long SlotSize { get; init; }

    /// <summary><c>-s N</c>: explicit security counter.</summary>
    public uint? SecurityCounter { get; init; }

    /// <summary><c>-s auto</c>: derive the security counter from the version.</summary>
    public bool SecurityCounterAuto { get; init; }

    /// <summary><c>-d</c>: dependencies, in command-line order.</summary>
    public IReadOnlyList<ImageDependency> Dependencies { get; init; } = [];

    /// <summary><c>--boot-record</c>: software type for the measured-boot record.</summary>
    public string? BootRecordType { get; init; }

    /// <summary><c>--custom-tlv</c> entries followed by <c>--custom-tlv-file</c> entries (imgtool's order).</summary>
    public IReadOnlyList<Tlv> CustomTlvs { get; init; } = [];

    /// <summary><c>--vid</c>: 16-byte vendor UUID.</summary>
    public byte[]? VendorUuid { get; init; }

    /// <summary><c>--cid</c>: 16-byte image-class UUID.</summary>
    public byte[]? ClassUuid { get; init; }

    /// <summary><c>-L</c>: RAM load address (flag RAM_LOAD when non-zero).</summary>
    public uint? LoadAddress { get; init; }

    /// <summary><c>-F</c>: ROM-fixed address (flag ROM_FIXED when non-zero).</summary>
    public uint? RomFixed { get; init; }

    /// <summary><c>--non-bootable</c>.</summary>
    public bool NonBootable { get; init; }

    /// <summary><c>-e</c>.</summary>
    public ByteOrder ByteOrder { get; init; } = ByteOrder.LittleEndian;

    /// <summary><c>-R</c>: erased flash value, 0xff or 0x00.</summary>
    public byte ErasedValue { get; init; } = 0xff;

    /// <summary><c>--pad</c> (also implied by <see cref="Confirm"/> and <see cref="Test"/>).</summary>
    public bool Pad { get; init; }

    /// <summary><c>--confirm</c>: image_ok = 1 in the trailer.</summary>
    public bool Confirm { get; init; }

    /// <summary><c>--test</c>: trailer with image_ok left erased.</summary>
    public bool Test { get; init; }

    /// <summary>Trailer geometry: <c>--align</c>, <c>--max-align</c>, <c>-M</c>, <c>--overwrite-only</c>, <c>--save-enctlv</c>.</summary>
    public TrailerOptions Trailer { get; init; } = new();

    /// <summary><c>--sha</c>: null means auto.</summary>
    public ImageHashAlgorithm? Hash { get; init; }

    /// <summary><c>--pure</c>: Ed25519 over the whole region.</summary>
    public bool Pure { get; init; }

    /// <summary><c>--public-key-format</c>.</summary>
    public PublicKeyFormat PublicKeyFormat { get; init; } = PublicKeyFormat.Hash;

    /// <summary><c>--pad-sig</c>: pad ECDSA DER signatures to a fixed length (MCUboot &lt; 1.5 compatibility).</summary>
    public bool PadSignature { get; init; }

    /// <summary><c>-k</c>: the signer; null for an unsigned (hash-only) image.</summary>
    public IImageSigner? Signer { get; init; }

    /// <summary>
    /// Further signers after <see cref="Signer"/> (<c>sign -k A -k B</c>, key rotation): each adds its own KEYHASH (or
    /// PUBKEY) + signature pair after the first, in order, as bootutil reads them (each pair whose key the bootloader
    /// knows is verified). All must be of <see cref="Signer"/>'s key type.
    /// </summary>
    public IReadOnlyList<IImageSigner> AdditionalSigners { get; init; } = [];

    /// <summary><c>--fix-sig</c>: an externally made signature (raw TLV value bytes).</summary>
    public byte[]? FixedSignature { get; init; }

    /// <summary><c>--fix-sig-pubkey</c>: the key of the fixed signature; the signature is checked with it.</summary>
    public ISignatureVerifier? FixedSignatureKey { get; init; }

    /// <summary><c>--vector-to-sign</c>.</summary>
    public VectorToSign VectorToSign { get; init; }

    /// <summary><c>-E</c>: the key exchange for the AES image key; null for a plaintext image.</summary>
    public IImageEncryptor? Encryptor { get; init; }

    /// <summary><c>--encrypt-keylen</c>: 16 or 32 bytes.</summary>
    public int EncryptKeyLength { get; init; } = 16;

    /// <summary><c>--clear</c>: all encryption metadata, body left in plaintext.</summary>
    public bool Clear { get; init; }

    /// <summary><c>--compression</c>.</summary>
    public CompressionKind Compression { get; init; }

    /// <summary>The imgtool fork's <c>--compression-lzma-*</c> encoder settings (default imgtool's fixed ones).</summary>
    public McuBoot.Compression.LzmaSettings Lzma { get; init; } = McuBoot.Compression.LzmaSettings.Default;

    /// <summary>
    /// The imgtool fork's <c>--pad-value</c> (0x00 or 0xff): fills the header padding and the slot padding with this
    /// value, also without <see cref="PadHeader"/> (the input's reserved header area is overwritten), and is the erased
    /// value of the trailer. Null: imgtool 2.4.0's behaviour.
    /// </summary>
    public byte? PadValue { get; init; }

    /// <summary>The imgtool fork's <c>--manifest</c>: written as the protected MANIFEST TLV (0x76).</summary>
    public ImageManifest? Manifest { get; init; }

    /// <summary>Whether a trailer is written (<c>--pad</c>, <c>--confirm</c> or <c>--test</c>).</summary>
    public bool WritesTrailer => Pad || Confirm || Test;
}
