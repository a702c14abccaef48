using McuBoot.Image;

namespace McuBoot.Build;

/// <summary>What a <see cref="SigningJob"/> made of one image.</summary>
public sealed record SignedImageResult
{
    /// <summary>MCUboot image index.</summary>
    public required int ImageIndex { get; init; }

    /// <summary>Output base name.</summary>
    public required string Name { get; init; }

    /// <summary>Absolute path of the firmware that was signed.</summary>
    public required string FirmwarePath { get; init; }

    /// <summary>The geometry used.</summary>
    public required SigningGeometry Geometry { get; init; }

    /// <summary>The image version.</summary>
    public required ImageVersion Version { get; init; }

    /// <summary>The security counter TLV value, if any.</summary>
    public uint? SecurityCounter { get; init; }

    /// <summary>Image length without trailer: header + body + TLV areas.</summary>
    public required long ImageSize { get; init; }

    /// <summary>Hash algorithm of the hash TLV.</summary>
    public required ImageHashAlgorithm HashAlgorithm { get; init; }

    /// <summary>The hash TLV of <c>NAME.signed.bin</c> (what <c>mcumgr image list</c> shows), lower-case hex.</summary>
    public required string ImageHash { get; init; }

    /// <summary>The KEYHASH TLV (hash of the public key with the image's hash algorithm), lower-case hex; null when unsigned.</summary>
    public string? KeyHash { get; init; }

    /// <summary>Signature TLV name (<c>ECDSASIG</c>, <c>ED25519</c>, <c>RSA2048</c>, ...), or null when unsigned.</summary>
    public string? SignatureType { get; init; }

    /// <summary>The link address used in the manifests (0 when unknown).</summary>
    public required uint LoadAddress { get; init; }

    /// <summary>The direct-XIP slot the image was signed for, or null.</summary>
    public int? Slot { get; init; }

    /// <summary>Board for the NCS manifest.</summary>
    public string Board { get; init; } = string.Empty;

    /// <summary>SoC for the NCS manifest.</summary>
    public string Soc { get; init; } = string.Empty;

    /// <summary>The files written for this image.</summary>
    public required IReadOnlyList<SignedOutputFile> Files { get; init; }

    /// <summary>The file to upload for DFU: the encrypted binary when there is one, else the signed binary.</summary>
    public SignedOutputFile UploadFile =>
        Files.FirstOrDefault(f => f.Kind == SignedOutputKind.EncryptedBinary) ?? Files.First(f => f.Kind == SignedOutputKind.SignedBinary);
}
