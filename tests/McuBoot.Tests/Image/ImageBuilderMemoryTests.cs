using System.Runtime.InteropServices;
using McuBoot.Encryption;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Keys;
using McuBoot.Signing;
using McuBoot.Tests.IO;

namespace McuBoot.Tests.Image;

/// <summary>
/// Signing never copies the firmware (issue 11: nothing grows with the slot size): the signed image's body is the input
/// itself, the signed region is assembled only for a signer that needs it, an encrypted body is encrypted in a copy
/// (the input stays as it was), and the pieces are written (binary and HEX) exactly as the whole image would be.
/// </summary>
public sealed class ImageBuilderMemoryTests
{
    private static readonly Lazy<McuBootKey> P256 = new(() => McuBootKey.Generate(KeyType.EcdsaP256));

    private static byte[] Firmware(int length, int seed, int zeroHead = 0)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        data.AsSpan(0, zeroHead).Clear();
        return data;
    }

    private static ImageSignOptions Options(bool padHeader = true, ushort header = 0x200) => new()
    {
        Version = new ImageVersion(1, 2, 3, 0),
        HeaderSize = header,
        PadHeader = padHeader,
        SlotSize = 0x100000,
    };

    [Fact]
    public void The_body_is_the_input_itself_with_and_without_pad_header()
    {
        var padded = Firmware(100_000, 1);
        var image = ImageBuilder.Build(padded, null, Options());
        Assert.True(MemoryMarshal.TryGetArray(image.Body, out var body));
        Assert.Same(padded, body.Array);
        Assert.Equal(0, body.Offset);
        Assert.Equal(0x200, image.HeaderArea.Length);

        var reserved = Firmware(100_000, 2, zeroHead: 0x200);
        var unpadded = ImageBuilder.Build(reserved, null, Options(padHeader: false));
        Assert.True(MemoryMarshal.TryGetArray(unpadded.Body, out var body2));
        Assert.Same(reserved, body2.Array);
        Assert.Equal(0x200, body2.Offset);
        Assert.Equal(reserved.Length - 0x200, body2.Count);

        // The written image is the header followed by the input: the same bytes a copying builder wrote.
        var whole = unpadded.ToArray();
        Assert.Equal(reserved.AsSpan(0x200).ToArray(), whole.AsSpan(0x200, reserved.Length - 0x200).ToArray());
        Assert.Equal(unpadded.Hash, ImageHashAlgorithm.Sha256.Hash(whole.AsSpan(0, reserved.Length)));
    }

    [Fact]
    public void A_digest_signer_gets_no_payload_and_a_payload_signer_gets_the_signed_region()
    {
        var firmware = Firmware(70_000, 3);
        using var digestOnly = new RecordingSigner(P256.Value, signsPayload: false);
        var a = ImageBuilder.Build(firmware, null, Options() with { Signer = digestOnly });
        Assert.Equal(0, digestOnly.PayloadLength);

        using var payload = new RecordingSigner(P256.Value, signsPayload: true);
        var b = ImageBuilder.Build(firmware, null, Options() with { Signer = payload });
        var region = b.ToArray().AsSpan(0, b.HeaderArea.Length + b.Body.Length + b.ProtectedArea.Length).ToArray();
        Assert.Equal(region, payload.Payload);
        Assert.Equal(a.Hash, b.Hash);
        Assert.True(SignerFactory.CreateVerifier(P256.Value).VerifyDigest(b.Hash, ImageHashAlgorithm.Sha256, b.Signature!));
    }

    [Fact]
    public void Encrypting_leaves_the_input_unchanged_and_pads_the_body_copy()
    {
        using var dir = new TempDir();
        using (var x25519 = McuBootKey.Generate(KeyType.X25519))
        {
            File.WriteAllText(dir.File("enc.pem"), x25519.ExportPrivatePkcs8Pem(string.Empty));
        }

        var firmware = Firmware(10_001, 4); // 0x200 + 10001 is not a multiple of 16
        var before = firmware.ToArray();
        var encryptor = EncryptorFactory.Create(dir.File("enc.pem"));
        var image = ImageBuilder.Build(firmware, null, Options() with { Encryptor = encryptor });
        Assert.Equal(before, firmware);
        Assert.Equal(0, (image.HeaderArea.Length + image.Body.Length) % 16);
        Assert.True(MemoryMarshal.TryGetArray(image.Body, out var body));
        Assert.NotSame(firmware, body.Array);
        Assert.NotEqual(before, image.Body.Span[..before.Length].ToArray()); // ciphertext

        var clear = ImageBuilder.Build(firmware, null, Options() with { Encryptor = encryptor, Clear = true });
        Assert.Equal(before, clear.Body.Span[..before.Length].ToArray());
        Assert.True(clear.Body.Span[before.Length..].IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(before, firmware);
    }

    [Theory]
    [InlineData(0x20, 1001, false, false)]
    [InlineData(0x200, 70_000, true, false)]
    [InlineData(0x31, 4097, true, true)]
    public void Written_pieces_are_the_whole_image_in_binary_and_hex(int header, int length, bool pad, bool confirm)
    {
        using var dir = new TempDir();
        var firmware = Firmware(length, header);
        var options = Options(header: (ushort)header) with { Pad = pad, Confirm = confirm, SlotSize = 0x20000 };
        var image = ImageBuilder.Build(firmware, null, options);

        ImageFileWriter.Write(image, dir.File("out.bin"));
        var bin = File.ReadAllBytes(dir.File("out.bin"));
        Assert.Equal(image.ToArray(), bin.AsSpan(0, (int)image.Length).ToArray());
        Assert.Equal(pad ? 0x20000 : image.Length, bin.Length);

        // HEX: the pieces streamed one after the other give the records of the merged (copied) image.
        const uint address = 0x0800_c000;
        ImageFileWriter.Write(image, dir.File("out.hex"), address);
        var merged = MemoryImage.FromSegments(ImageFileWriter.HexSegments(image, address).Select(s => new MemorySegment(s.Address, s.Data.ToArray())));
        Assert.Equal(IntelHexWriter.ToBytes(merged), File.ReadAllBytes(dir.File("out.hex")));
        var read = IntelHexReader.Parse(File.ReadAllBytes(dir.File("out.hex")), "out.hex");
        Assert.Equal(image.ToArray(), read.Segments[0].Data.Span[..(int)image.Length].ToArray());
    }

    /// <summary>A signer that records the payload it is given.</summary>
    private sealed class RecordingSigner(McuBootKey key, bool signsPayload) : IImageSigner
    {
        private readonly IImageSigner _inner = SignerFactory.CreateSigner(key);

        public byte[] Payload { get; private set; } = [];

        public int PayloadLength => Payload.Length;

        public KeyType KeyType => _inner.KeyType;

        public bool SignsPayload => signsPayload;

        public byte[] GetPublicKeyBytes() => _inner.GetPublicKeyBytes();

        public byte[] SignDigest(ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm) => _inner.SignDigest(digest, algorithm);

        public byte[] SignMessage(ReadOnlySpan<byte> message) => _inner.SignMessage(message);

        public byte[] SignImage(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> digest, ImageHashAlgorithm algorithm)
        {
            Payload = payload.ToArray();
            return _inner.SignDigest(digest, algorithm);
        }

        public void Dispose() => _inner.Dispose();
    }
}
