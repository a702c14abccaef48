using System.Runtime.InteropServices;
using System.Security.Cryptography;
using McuBoot.Bootloader;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Tests.Cli;
using static McuBoot.Tests.Bootloader.ImageComposer;

namespace McuBoot.Tests.Bootloader;

/// <summary>
/// The bootloader model hashes the image in place (issue 11: verify streams the hashed region, never copies the
/// payload): a region inside the file is a view of it, one that runs past the file reads as erased flash exactly as
/// before, and large and tampered images get the same verdicts through the model and through <c>verify</c>.
/// </summary>
public sealed class StreamedHashTests
{
    [Theory]
    [InlineData(0L, 100)]
    [InlineData(10L, 0)]
    [InlineData(4000L, 96)] // the last bytes of the file
    [InlineData(4050L, 100)] // runs past the file, inside the slot: the rest reads as erased
    [InlineData(4096L, 10)] // wholly past the file
    [InlineData(8000L, 192)] // ends at the slot's end
    [InlineData(8000L, 193)] // past the slot
    [InlineData(-1L, 4)]
    public void A_region_reads_as_TryRead_reads_it_and_is_a_view_when_inside_the_file(long offset, int length)
    {
        var file = new byte[4096];
        new Random(5).NextBytes(file);
        foreach (long? slot in new long?[] { 8192, null })
        {
            var area = new FlashArea(file, slot, 0xff);
            bool copied = area.TryRead(offset, length, out var expected);
            bool viewed = area.TryGetRegion(offset, length, out var region);
            Assert.Equal(copied, viewed);
            if (!viewed)
            {
                continue;
            }

            Assert.Equal(expected, region.ToArray());
            if (offset + length <= file.Length && length > 0)
            {
                Assert.True(MemoryMarshal.TryGetArray(region, out var segment));
                Assert.Same(file, segment.Array);
            }
        }
    }

    [Fact]
    public void A_large_image_is_accepted_and_a_change_anywhere_in_the_hashed_region_is_rejected()
    {
        var composer = Signed(KeyA);
        composer.BodySize = 3 * 1024 * 1024 + 5;
        composer.Protected.Add(new TlvEntry(TlvType.SecurityCounter, [7, 0, 0, 0]));
        var image = composer.Build();
        var config = Config(KeyA) with { UseTlvAllowList = false };
        var header = ImageHeader.Read(image, ByteOrder.LittleEndian, out _);
        long hashedEnd = header.TlvOffset + header.ProtectedTlvSize;

        var ok = BootloaderVerifier.Verify(image, config, "large.bin");
        Assert.Equal(SHA256.HashData(image.AsSpan(0, (int)hashedEnd)), ok.Validation.Digest);
        Assert.True(ok.Validation.SignatureVerified);

        foreach (long at in new[] { 0x100L, 0x200L, 0x200L + (composer.BodySize / 2), header.TlvOffset - 1, hashedEnd - 1 })
        {
            var tampered = (byte[])image.Clone();
            tampered[at] ^= 0x40;
            var e = Assert.Throws<McuBootException>(() => BootloaderVerifier.Verify(tampered, config, "tampered.bin"));
            Assert.Equal(ErrorCodes.HashMismatch, e.Code);
        }

        // After the hashed region (the unprotected TLV values) a change is not a hash failure.
        var signature = (byte[])image.Clone();
        signature[^5] ^= 0x40;
        Assert.False(BootImageValidator.ValidateImage(signature, config).Accepted);
        Assert.NotEqual(ErrorCodes.HashMismatch, BootImageValidator.ValidateImage(signature, config).Rejection!.Code);
    }

    [Fact]
    public void A_file_cut_inside_its_hashed_region_is_rejected_with_and_without_a_slot_size()
    {
        var image = Signed(KeyA).Build();
        var cut = image.AsSpan(0, 1000).ToArray();
        Assert.Equal(ErrorCodes.BootReadOutsideSlot, BootImageValidator.ValidateImage(cut, Config(KeyA)).Rejection!.Code);

        // In a known slot the missing bytes read as erased flash: the hash no longer matches.
        var inSlot = BootImageValidator.ValidateImage(cut, Config(KeyA) with { PrimarySlotSize = 0x10000, SecondarySlotSize = 0x10000 });
        Assert.False(inSlot.Accepted);
    }

    [Fact]
    public void Verify_accepts_a_large_image_and_rejects_it_tampered_in_the_middle()
    {
        using var w = new CliWorkspace();
        string key = w.Keygen("ecdsa-p256", "k.pem");
        w.Write("app.bin", CliWorkspace.RandomBytes(2 * 1024 * 1024 + 3, 17));
        CliAssert.Succeeded(w.Run("sign", "-k", key, "-v", "1.2.3", "-H", "0x200", "--pad-header", "-S", "0x300000", "app.bin", "signed.bin"));
        var signed = w.Read("signed.bin");
        var ok = CliAssert.Succeeded(w.Run("verify", "-k", key, "signed.bin"));
        var header = ImageHeader.Read(signed, ByteOrder.LittleEndian, out _);
        string digest = Convert.ToHexStringLower(SHA256.HashData(signed.AsSpan(0, (int)(header.TlvOffset + header.ProtectedTlvSize))));
        Assert.Contains($"Image digest: {digest}", ok.Stdout, StringComparison.Ordinal);

        signed[signed.Length / 2] ^= 0x01;
        w.Write("tampered.bin", signed);
        CliAssert.Failed(w.Run("verify", "-k", key, "tampered.bin"), ErrorCodes.HashMismatch);
    }
}
