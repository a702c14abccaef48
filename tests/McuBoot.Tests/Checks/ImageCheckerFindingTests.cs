using System.Buffers.Binary;
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Checks;

/// <summary>One test per check: each builds an image (and bootloader/layout) that triggers it and asserts code, severity and message.</summary>
public sealed class ImageCheckerFindingTests : IDisposable
{
    private readonly CheckWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    // ---- the image itself ----

    [Fact]
    public void NotAnImage()
    {
        var report = Check(_ws.Write("random.bin", [.. Enumerable.Range(0, 600).Select(i => (byte)(i * 7))]));
        Expect(report, ErrorCodes.CheckImageUnreadable, CheckSeverity.Error, "MCUB4001", "Invalid image magic");
        Assert.False(report.Passed);
    }

    [Fact]
    public void HashMismatch()
    {
        var image = File.ReadAllBytes(_ws.Sign("app.bin", null));
        image[CheckWorkspace.HeaderSize + 100] ^= 0x01;
        Expect(Check(_ws.Write("tampered.bin", image)), ErrorCodes.CheckImageHashInvalid, CheckSeverity.Error, "invalid hash", "modified after signing");
    }

    [Fact]
    public void NoHashTlv()
    {
        var image = File.ReadAllBytes(_ws.Sign("app.bin", null));
        image = CheckWorkspace.RewriteUnprotected(image, tlvs => tlvs.Select(t => t.Type == TlvType.Sha256 ? ((ushort)0x0a, t.Value) : t));
        Expect(Check(_ws.Write("nohash.bin", image)), ErrorCodes.CheckImageNoHash, CheckSeverity.Error, "no SHA256/SHA384/SHA512 TLV");
    }

    [Fact]
    public void BigEndianImage()
    {
        var report = Check(_ws.Sign("big.bin", null, null, "-e", "big"));
        Expect(report, ErrorCodes.CheckImageBigEndian, CheckSeverity.Error, "big-endian", "without -e big");
    }

    [Fact]
    public void ProtectedSizeMismatch()
    {
        var image = File.ReadAllBytes(_ws.Sign("app.bin", null, null, "-s", "3"));
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(10), (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(10)) + 4));
        Expect(Check(_ws.Write("prot.bin", image)), ErrorCodes.CheckProtectedSizeMismatch, CheckSeverity.Error, "protected TLV area");
    }

    [Fact]
    public void NonBootable()
        => Expect(Check(_ws.Sign("nb.bin", null, null, "--non-bootable")), ErrorCodes.CheckNonBootable, CheckSeverity.Error, "NON_BOOTABLE", "--non-bootable");

    [Fact]
    public void BothAesFlags()
    {
        var image = CheckWorkspace.WithFlags(File.ReadAllBytes(_ws.Sign("app.bin", null)), 0x4 | 0x8);
        Expect(Check(_ws.Write("aes.bin", image)), ErrorCodes.CheckBothAesFlags, CheckSeverity.Error, "ENCRYPTED_AES128 and ENCRYPTED_AES256");
    }

    [Fact]
    public void EncryptedFlagWithoutKeyTlv()
    {
        var image = CheckWorkspace.WithFlags(File.ReadAllBytes(_ws.Sign("app.bin", null)), 0x4);
        Expect(Check(_ws.Write("enc.bin", image)), ErrorCodes.CheckEncryptedWithoutKeyTlv, CheckSeverity.Error, "no encryption-key TLV");
    }

    [Fact]
    public void EncryptionTlvOfTheWrongLengthForTheAesSize()
    {
        string recipient = Path.Combine(TestPaths.Conformance, "keys", "enc-ec256-pub.pem");
        var image = File.ReadAllBytes(_ws.Sign("enc.bin", null, null, "-E", recipient));
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(16));
        Assert.Equal(0x4u, flags & 0xc);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(16), (flags & ~0x4u) | 0x8u);
        var report = Check(_ws.Write("enc256.bin", image));
        Expect(report, ErrorCodes.CheckEncryptionTlvInvalid, CheckSeverity.Error, "ENCEC256 TLV is 113 bytes", "requires 129");
        Assert.DoesNotContain(report.Findings, f => f.Code == ErrorCodes.CheckImageHashInvalid);
    }

    [Fact]
    public void CompressedImageNeedsDecompressionSupport()
    {
        var firmware = new byte[6000];
        CheckWorkspace.Firmware(size: 64).CopyTo(firmware, 0);
        var report = Check(_ws.Sign("lz.bin", null, firmware, "--compression", "lzma2"));
        Expect(report, ErrorCodes.CheckCompression, CheckSeverity.Warning, "MCUBOOT_DECOMPRESS_IMAGES");
        Assert.True(report.Passed, string.Join("\n", report.Findings));
    }

    [Fact]
    public void BothCompressionFlags()
    {
        var image = CheckWorkspace.WithFlags(File.ReadAllBytes(_ws.Sign("app.bin", null)), 0x200 | 0x400);
        Expect(Check(_ws.Write("lz.bin", image)), ErrorCodes.CheckCompression, CheckSeverity.Error, "both the LZMA1 and LZMA2");
    }

    [Fact]
    public void BootRecordLargerThanTheMeasuredBootLimit()
    {
        var report = Check(_ws.Sign("br.bin", null, null, "--boot-record", "app"));
        Expect(report, ErrorCodes.CheckBootRecordTooLarge, CheckSeverity.Warning, "CONFIG_MEASURED_BOOT_MAX_CBOR_SIZE");
        Assert.True(report.Passed);
        Assert.DoesNotContain(Check(_ws.File("br.bin"), r => r with { MaxBootRecordSize = 256 }).Findings, f => f.Code == ErrorCodes.CheckBootRecordTooLarge);
    }

    [Fact]
    public void SecurityCounterOfTheWrongLength()
    {
        var image = ShrinkProtectedTlv(File.ReadAllBytes(_ws.Sign("sc.bin", null, null, "-s", "7")), TlvType.SecurityCounter, 0);
        Expect(Check(_ws.Write("sc-bad.bin", image)), ErrorCodes.CheckSecurityCounterInvalid, CheckSeverity.Warning, "SEC_CNT TLV is 0 bytes, not 4", "MCUBOOT_HW_ROLLBACK_PROT");
    }

    [Fact]
    public void MalformedDependency()
    {
        var image = ShrinkProtectedTlv(File.ReadAllBytes(_ws.Sign("dep.bin", null, null, "-d", "(1,1.0.0)")), TlvType.Dependency, 8);
        Expect(Check(_ws.Write("dep-bad.bin", image)), ErrorCodes.CheckDependencyInvalid, CheckSeverity.Warning, "DEPENDENCY TLV is 8 bytes, not 12", "multi-image");
    }

    [Fact]
    public void DependencyInTheUnprotectedArea()
    {
        var image = CheckWorkspace.RewriteUnprotected(File.ReadAllBytes(_ws.Sign("app.bin", null)), t => t.Append((TlvType.Dependency, new byte[12])));
        var report = Check(_ws.Write("dep-unprot.bin", image));
        Expect(report, ErrorCodes.CheckDependencyInvalid, CheckSeverity.Warning, "unprotected area", "ignores it");
    }

    [Fact]
    public void RamLoadWithoutAddress()
    {
        var image = CheckWorkspace.WithFlags(File.ReadAllBytes(_ws.Sign("app.bin", null)), 0x20);
        Expect(Check(_ws.Write("ram.bin", image)), ErrorCodes.CheckRamLoadAddressMissing, CheckSeverity.Warning, "RAM_LOAD flag but load address 0", "-L");
    }

    [Fact]
    public void SignatureOfTheWrongLength()
    {
        string key = _ws.NewKey("k.pem", KeyType.Ed25519);
        var image = CheckWorkspace.RewriteUnprotected(File.ReadAllBytes(_ws.Sign("app.bin", key)),
            tlvs => tlvs.Select(t => t.Type == TlvType.Ed25519 ? (t.Type, t.Value[..60]) : t));
        Expect(Check(_ws.Write("sig60.bin", image)), ErrorCodes.CheckSignatureLengthInvalid, CheckSeverity.Error, "ED25519 signature TLV is 60 bytes", "64 bytes");
    }

    [Fact]
    public void RsaSignatureWithSha512()
    {
        var image = CheckWorkspace.RewriteUnprotected(File.ReadAllBytes(_ws.Sign("app.bin", null, null, "--sha", "512")),
            tlvs => tlvs.Append((TlvType.KeyHash, new byte[64])).Append((TlvType.Rsa2048, new byte[256])));
        Expect(Check(_ws.Write("rsa512.bin", image)), ErrorCodes.CheckHashNotAllowedForSignature, CheckSeverity.Error, "hashed with SHA512 but signed with RSA2048", "SHA-256");
    }

    [Fact]
    public void PureMarkerWithAnRsaSignature()
    {
        string key = _ws.NewKey("rsa.pem", KeyType.Rsa2048);
        var image = CheckWorkspace.RewriteUnprotected(File.ReadAllBytes(_ws.Sign("app.bin", key)), t => t.Append((TlvType.SigPure, new byte[] { 1 })));
        Expect(Check(_ws.Write("pure.bin", image)), ErrorCodes.CheckPureInvalid, CheckSeverity.Error, "SIG_PURE TLV but a RSA2048 signature");
    }

    [Fact]
    public void GarbageAfterTheTlvs()
    {
        var image = File.ReadAllBytes(_ws.Sign("app.bin", null));
        var report = Check(_ws.Write("tail.bin", [.. image, .. Enumerable.Range(1, 40).Select(i => (byte)i)]));
        Expect(report, ErrorCodes.CheckDataAfterTlvs, CheckSeverity.Warning, "40 bytes after its TLVs");
    }

    // ---- keys ----

    [Fact]
    public void UnsignedImageWithoutBootloaderWarns()
    {
        var report = Check(_ws.Sign("app.bin", null));
        Expect(report, ErrorCodes.CheckImageUnsigned, CheckSeverity.Warning, "not signed", "BOOT_SIGNATURE_TYPE_NONE");
        Assert.True(report.Passed);
    }

    [Fact]
    public void UnsignedImageForABootloaderWithKeysFails()
    {
        string key = _ws.NewKey("k.pem", KeyType.Ed25519);
        var report = Check(_ws.Sign("app.bin", null), r => r with { BootloaderPath = _ws.Bootloader("mcuboot.bin", _ws.GeneratedKeyRodata(key)) });
        Expect(report, ErrorCodes.CheckImageUnsigned, CheckSeverity.Error, "rejects unsigned images", "1 key: Ed25519 key hash");
    }

    [Fact]
    public void SignatureWithoutKeyTlv()
    {
        string key = _ws.NewKey("k.pem", KeyType.Ed25519);
        var image = CheckWorkspace.RewriteUnprotected(File.ReadAllBytes(_ws.Sign("app.bin", key)),
            tlvs => tlvs.Where(t => t.Type != TlvType.KeyHash));
        Expect(Check(_ws.Write("nokey.bin", image)), ErrorCodes.CheckNoKeyTlv, CheckSeverity.Error, "no KEYHASH or PUBKEY TLV");
    }

    [Fact]
    public void KeyTlvAfterTheSignature()
    {
        string key = _ws.NewKey("k.pem", KeyType.Ed25519);
        var image = CheckWorkspace.RewriteUnprotected(File.ReadAllBytes(_ws.Sign("app.bin", key)),
            tlvs => tlvs.Where(t => t.Type != TlvType.KeyHash).Concat(tlvs.Where(t => t.Type == TlvType.KeyHash)));
        var report = Check(_ws.Write("late.bin", image));
        Expect(report, ErrorCodes.CheckNoKeyTlv, CheckSeverity.Error, "has its KEYHASH TLV after the signature");
        Assert.Single(report.Findings);
    }

    [Fact]
    public void MalformedPureMarker()
    {
        string key = _ws.NewKey("k.pem", KeyType.Ed25519);
        var image = CheckWorkspace.RewriteUnprotected(File.ReadAllBytes(_ws.Sign("app.bin", key, null, "--pure")),
            tlvs => tlvs.Select(t => t.Type == TlvType.SigPure ? (t.Type, new byte[] { 2 }) : t));
        var report = Check(_ws.Write("pure2.bin", image));
        Expect(report, ErrorCodes.CheckPureInvalid, CheckSeverity.Error, "SIG_PURE TLV is 02", "single byte 01");
        Assert.Single(report.Findings);
    }

    [Fact]
    public void TruncatedKeyHash()
    {
        string key = _ws.NewKey("k.pem", KeyType.EcdsaP256);
        var image = CheckWorkspace.RewriteUnprotected(File.ReadAllBytes(_ws.Sign("app.bin", key)),
            tlvs => tlvs.Select(t => t.Type == TlvType.KeyHash ? (t.Type, t.Value[..16]) : t));
        var report = Check(_ws.Write("kh16.bin", image), r => r with { BootloaderPath = _ws.Bootloader("mcuboot.bin", _ws.GeneratedKeyRodata(key)) });
        Expect(report, ErrorCodes.CheckKeyHashTruncated, CheckSeverity.Warning, "KEYHASH TLV is 16 bytes", "prefix");
        Assert.True(report.Passed, string.Join("\n", report.Findings));
        Assert.NotNull(report.KeyFoundInBootloader);
    }

    [Fact]
    public void KeyHashLongerThanTheDigest()
    {
        string key = _ws.NewKey("k.pem", KeyType.EcdsaP256);
        var image = CheckWorkspace.RewriteUnprotected(File.ReadAllBytes(_ws.Sign("app.bin", key)),
            tlvs => tlvs.Select(t => t.Type == TlvType.KeyHash ? (t.Type, (byte[])[.. t.Value, .. new byte[8]]) : t));
        Expect(Check(_ws.Write("kh40.bin", image)), ErrorCodes.CheckKeyHashTooLong, CheckSeverity.Error, "KEYHASH TLV is 40 bytes");
    }

    [Fact]
    public void SignedWithAnotherKeyThanGiven()
    {
        string signedWith = _ws.NewKey("a.pem", KeyType.Ed25519);
        string expected = _ws.NewKey("b.pem", KeyType.Ed25519);
        var report = Check(_ws.Sign("app.bin", signedWith), r => r with { KeyPath = expected });
        Expect(report, ErrorCodes.CheckSignedWithOtherKey, CheckSeverity.Error, "signed with another key than", expected);
    }

    [Fact]
    public void SignatureDoesNotVerifyWithTheGivenKey()
    {
        string key = _ws.NewKey("k.pem", KeyType.Ed25519);
        var image = CheckWorkspace.RewriteUnprotected(File.ReadAllBytes(_ws.Sign("app.bin", key)),
            tlvs => tlvs.Select(t => t.Type == TlvType.Ed25519 ? (t.Type, t.Value.Select((b, i) => i == 10 ? (byte)(b ^ 0x40) : b).ToArray()) : t));
        Expect(Check(_ws.Write("badsig.bin", image), r => r with { KeyPath = key }), ErrorCodes.CheckSignatureInvalid, CheckSeverity.Error, "does not verify with");
    }

    [Fact]
    public void MatchingGivenKeyPasses()
    {
        string key = _ws.NewKey("k.pem", KeyType.EcdsaP256);
        var report = Check(_ws.Sign("app.bin", key), r => r with { KeyPath = key });
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void SignatureTypeTheBootloaderWasNotBuiltFor()
    {
        string imageKey = _ws.NewKey("ed.pem", KeyType.Ed25519);
        string bootKey = _ws.NewKey("ec.pem", KeyType.EcdsaP256);
        var report = Check(_ws.Sign("app.bin", imageKey), r => r with { BootloaderPath = _ws.Bootloader("mcuboot.elf", _ws.GeneratedKeyRodata(bootKey)) });
        Expect(report, ErrorCodes.CheckSignatureTypeNotInBootloader, CheckSeverity.Error, "signed with ED25519", "only holds ECDSA P-256 keys");
        Expect(report, ErrorCodes.CheckBootloaderKeyMissing, CheckSeverity.Error);
    }

    [Fact]
    public void FullPublicKeyImageForABuiltInKeyBootloader()
    {
        string key = _ws.NewKey("k.pem", KeyType.Ed25519);
        var report = Check(_ws.Sign("app.bin", key, null, "--public-key-format", "full"), r => r with { BootloaderPath = _ws.Bootloader("mcuboot.bin", _ws.GeneratedKeyRodata(key)) });
        Expect(report, ErrorCodes.CheckPublicKeyTlvOnBuiltInKeyBootloader, CheckSeverity.Error, "PUBKEY TLV", "--public-key-format hash");
    }

    [Fact]
    public void FullPublicKeyImageForAHardwareKeyBootloaderPasses()
    {
        string key = _ws.NewKey("k.pem", KeyType.Ed25519);
        using var loaded = KeyLoader.Load(key);
        var hash = System.Security.Cryptography.SHA256.HashData(loaded.GetPublicKeyBytes());
        var report = Check(_ws.Sign("app.bin", key, null, "--public-key-format", "full"), r => r with { BootloaderPath = _ws.Bootloader("mcuboot.bin", hash) });
        Assert.True(report.Passed, string.Join("\n", report.Findings));
        Assert.Empty(report.Findings);
        Assert.Contains("key hash", report.KeyFoundInBootloader);
    }

    [Fact]
    public void DevelopmentKeyInImageAndBootloader()
    {
        string dev = _ws.RootEd25519();
        var report = Check(_ws.Sign("app.bin", dev), r => r with { BootloaderPath = _ws.Bootloader("mcuboot.hex", _ws.GeneratedKeyRodata(dev)) });
        Assert.True(report.Passed, string.Join("\n", report.Findings));
        Expect(report, ErrorCodes.DevelopmentKeyInImage, CheckSeverity.Warning, "root-ed25519.pem", "published development keys");
        Expect(report, ErrorCodes.DevelopmentKeyInBootloader, CheckSeverity.Warning, "root-ed25519.pem", "address 0x");
        Assert.Equal("c1907fa4eac7fae3840a78902b6f0710b037e9968e5c6274a12a28790c7d4e3c", report.ImageKeyHash);
    }

    [Fact]
    public void DevelopmentKeyImageForAProductionBootloader()
    {
        string dev = _ws.RootEd25519();
        string own = _ws.NewKey("own.pem", KeyType.Ed25519);
        var report = Check(_ws.Sign("app.bin", dev), r => r with { BootloaderPath = _ws.Bootloader("mcuboot.bin", _ws.GeneratedKeyRodata(own)) });
        var missing = Expect(report, ErrorCodes.CheckBootloaderKeyMissing, CheckSeverity.Error, "c1907fa4eac7fae3840a78902b6f0710b037e9968e5c6274a12a28790c7d4e3c");
        Assert.Contains("the published development key root-ed25519.pem", missing.Message);
        Expect(report, ErrorCodes.DevelopmentKeyInImage, CheckSeverity.Warning);
    }

    // ---- geometry ----

    [Fact]
    public void HeaderSizeDisagreesWithThePad()
    {
        var report = Check(_ws.Sign("app.bin", null), r => r with { LayoutPath = _ws.Layout(pad: 0x400) });
        Expect(report, ErrorCodes.CheckHeaderSizeMismatch, CheckSeverity.Error, "0x200-byte header", "reserves 0x400", "-H 0x400");
    }

    [Fact]
    public void ImagePlusTrailerExceedsThePrimarySlot()
    {
        // 0x39d00 bytes of firmware + 0x200 header + TLVs fits below the slot, but not with the trailer (--align 4 assumed with a
        // layout that does not say: N × 3 × 4 + 4 × 8 + 16 = 0x630 bytes).
        var report = Check(_ws.Sign("big.bin", null, CheckWorkspace.Firmware(size: 0x39d00), "-S", "0"), r => r with { LayoutPath = _ws.Layout() });
        var f = Expect(report, ErrorCodes.CheckTooLargeForPrimary, CheckSeverity.Error, "0x630-byte trailer (--align 4, -M 128, max-align 8)", "more than the 0x3a000-byte primary slot (mcuboot_primary)");
        long end = 0x200 + 0x39d00 + 4 + 36;
        Assert.Contains($"{end + 0x630 - 0x3a000} bytes more", f.Message);
        Assert.Contains("0x1b0-byte trailer (--align 1", Check(_ws.File("big.bin"), r => r with { LayoutPath = _ws.Layout(), Align = 1 }).Findings.Single(x => x.Code == ErrorCodes.CheckTooLargeForPrimary).Message);
    }

    [Fact]
    public void ImageLargerThanThePrimarySlot()
    {
        var report = Check(_ws.Sign("huge.bin", null, CheckWorkspace.Firmware(size: 0x3a000), "-S", "0"), r => r with { LayoutPath = _ws.Layout() });
        Expect(report, ErrorCodes.CheckTooLargeForPrimary, CheckSeverity.Error, "is not below the 0x3a000-byte primary slot",
            $"at least {0x200 + 0x3a000 + 4 + 36 + 0x630 - 0x3a000} bytes smaller");
    }

    [Fact]
    public void ImageDoesNotFitTheSmallerSecondarySlot()
    {
        var report = Check(_ws.Sign("mid.bin", null, CheckWorkspace.Firmware(size: 0x30000)), r => r with { LayoutPath = _ws.Layout(secondarySize: 0x20000) });
        Expect(report, ErrorCodes.CheckTooLargeForSecondary, CheckSeverity.Error, "0x20000-byte secondary slot (mcuboot_secondary)");
        Assert.DoesNotContain(report.Findings, f => f.Code == ErrorCodes.CheckTooLargeForPrimary);
    }

    [Fact]
    public void HexAtAnotherAddressThanTheSlot()
    {
        var report = Check(_ws.Sign("app.hex", null, null, "-x", "0xd000"), r => r with { LayoutPath = _ws.Layout() });
        Expect(report, ErrorCodes.CheckHexBaseMismatch, CheckSeverity.Error, "starts at 0x0000d000", "0x0000c000", "0x00046000", "-x/--hex-addr 0x0000c000");
    }

    [Fact]
    public void HexAtTheSecondarySlotIsFine()
    {
        var report = Check(_ws.Sign("update.hex", null, null, "-x", "0x46000"), r => r with { LayoutPath = _ws.Layout() });
        Assert.DoesNotContain(report.Findings, f => f.IsError);
    }

    [Fact]
    public void PaddedForAnotherSlotSize()
    {
        var report = Check(_ws.Sign("pad.bin", null, null, "-S", "0x20000", "--pad"), r => r with { LayoutPath = _ws.Layout() });
        Expect(report, ErrorCodes.CheckPaddedSizeMismatch, CheckSeverity.Error, "0x20000 bytes long", "-S 0x3a000");
    }

    [Fact]
    public void RomFixedForAnAddressThatIsNoSlot()
    {
        var report = Check(_ws.Sign("xip.bin", null, null, "-F", "0x20000"), r => r with { LayoutPath = _ws.Layout() });
        Expect(report, ErrorCodes.CheckRomFixedAddressMismatch, CheckSeverity.Warning, "ROM_FIXED for 0x00020000", "direct-XIP", "-F");
    }

    [Fact]
    public void LayoutWithoutTheRequestedImage()
    {
        var report = Check(_ws.Sign("app.bin", null), r => r with { LayoutPath = _ws.Layout(), ImageIndex = 2 });
        Expect(report, ErrorCodes.CheckLayoutUnusable, CheckSeverity.Error, "no MCUboot image 2", "images: 0");
    }

    [Fact]
    public void EncryptedImageAtThePrimarySlot()
    {
        string recipient = Path.Combine(TestPaths.Conformance, "keys", "enc-ec256-pub.pem");
        var report = Check(_ws.Sign("enc.hex", null, null, "-E", recipient), r => r with { LayoutPath = _ws.Layout() });
        Expect(report, ErrorCodes.CheckEncryptedAtPrimary, CheckSeverity.Error, "encrypted but placed at the primary slot", "0x00046000");
    }

    // ---- vector table ----

    [Fact]
    public void FirmwareThatAlreadyHadTheHeaderArea()
    {
        // A Zephyr binary linked with CONFIG_ROM_START_OFFSET starts with 0x200 zero bytes; --pad-header adds another header.
        byte[] firmware = [.. new byte[0x200], .. CheckWorkspace.Firmware()];
        var report = Check(_ws.Sign("shifted.bin", null, firmware));
        Expect(report, ErrorCodes.CheckStackPointerImplausible, CheckSeverity.Error, "0x00000000", "without --pad-header");
    }

    [Fact]
    public void StackPointerOutsideTheLayoutsRam()
    {
        // In the SRAM region but outside the layout's RAM: at most a warning (issue 13), never an error.
        var report = Check(_ws.Sign("sp.bin", null, CheckWorkspace.Firmware(stackPointer: 0x2008_0000)), r => r with { LayoutPath = _ws.Layout() });
        Expect(report, ErrorCodes.CheckStackPointerOutsideKnownRam, CheckSeverity.Warning, "0x20080000", "sram_primary");
        Assert.True(report.Passed);
        Assert.DoesNotContain(Check(_ws.File("sp.bin")).Findings, f => f.IsError);

        // Outside every Cortex-M RAM region: an error that names the layout's RAM too.
        var peripheral = Check(_ws.Sign("sp2.bin", null, CheckWorkspace.Firmware(stackPointer: 0x5000_0000)), r => r with { LayoutPath = _ws.Layout() });
        Expect(peripheral, ErrorCodes.CheckStackPointerImplausible, CheckSeverity.Error, "0x50000000", "sram_primary", "CONFIG_ROM_START_OFFSET");
    }

    [Fact]
    public void ResetVectorNotThumb()
    {
        var firmware = CheckWorkspace.Firmware();
        BinaryPrimitives.WriteUInt32LittleEndian(firmware.AsSpan(4), CheckWorkspace.PrimaryAddress + 0x400);
        Expect(Check(_ws.Sign("arm.bin", null, firmware)), ErrorCodes.CheckResetVectorImplausible, CheckSeverity.Error, "not a Thumb address");
    }

    [Fact]
    public void ApplicationLinkedForTheSecondarySlot()
    {
        var firmware = CheckWorkspace.Firmware(linkAddress: CheckWorkspace.SecondaryAddress + 0x200);
        var report = Check(_ws.Sign("app.hex", null, firmware), r => r with { LayoutPath = _ws.Layout() });
        Expect(report, ErrorCodes.CheckResetVectorImplausible, CheckSeverity.Error, "points outside the code 0x0000c200..0x00045fff", "link it for 0x0000c200");
    }

    [Fact]
    public void VectorTableCheckCanBeSkipped()
    {
        var firmware = CheckWorkspace.Firmware(stackPointer: 0x1234);
        Assert.Contains(Check(_ws.Sign("riscv.bin", null, firmware)).Findings, f => f.Code == ErrorCodes.CheckStackPointerImplausible);
        Assert.DoesNotContain(Check(_ws.File("riscv.bin"), r => r with { SkipVectorTable = true }).Findings, f => f.Code == ErrorCodes.CheckStackPointerImplausible);
    }

    // ---- trailer ----

    [Fact]
    public void TestImageForAnOverwriteOnlyBootloader()
    {
        var report = Check(_ws.Sign("test.bin", null, null, "--pad"), r => r with { OverwriteOnly = true, LayoutPath = _ws.Layout() });
        Expect(report, ErrorCodes.CheckUnconfirmedOverwriteOnly, CheckSeverity.Warning, "overwrite-only", "no revert");
        Assert.DoesNotContain(Check(_ws.Sign("confirmed.bin", null, null, "--confirm"), r => r with { OverwriteOnly = true }).Findings,
            f => f.Code == ErrorCodes.CheckUnconfirmedOverwriteOnly);
    }

    [Fact]
    public void TrailerMagicForAnotherMaxAlign()
    {
        var report = Check(_ws.Sign("test.bin", null, null, "--pad"), r => r with { MaxAlign = 16 });
        Expect(report, ErrorCodes.CheckTrailerMaxAlignMismatch, CheckSeverity.Error, "BOOT_MAX_ALIGN 8 but the bootloader uses 16", "--max-align 16");
    }

    // ---- inputs ----

    [Fact]
    public void SignedImageAsElf()
    {
        var image = File.ReadAllBytes(_ws.Sign("app.bin", null));
        string elf = _ws.Write("app.elf", TestElfWriter.Write(false, [new(".text", TestElfWriter.ProgBits, TestElfWriter.Alloc | TestElfWriter.Exec, 0xd000, image)]));
        var report = Check(elf, r => r with { LayoutPath = _ws.Layout() });
        Expect(report, ErrorCodes.CheckHexBaseMismatch, CheckSeverity.Error, "starts at 0x0000d000");
    }

    [Fact]
    public void TruncatedElfIsACodedError()
    {
        var elf = TestElfWriter.Write(false, [new(".text", TestElfWriter.ProgBits, TestElfWriter.Alloc, 0, new byte[64])]);
        string path = _ws.Write("cut.elf", elf[..(elf.Length - 30)]);
        var e = Assert.Throws<McuBootException>(() => Check(path));
        Assert.Equal(ErrorCodes.ElfInvalid, e.Code);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void BigEndianElfIsACodedError()
    {
        var elf = TestElfWriter.Write(false, [new(".text", TestElfWriter.ProgBits, TestElfWriter.Alloc, 0, new byte[64])]);
        elf[5] = 2;
        var e = Assert.Throws<McuBootException>(() => Check(_ws.Write("be.elf", elf)));
        Assert.Equal(ErrorCodes.ElfUnsupported, e.Code);
        Assert.Contains("big-endian", e.Message);
    }

    [Fact]
    public void EmptyBootloaderIsACodedError()
    {
        var e = Assert.Throws<McuBootException>(() => Check(_ws.Sign("app.bin", null), r => r with { BootloaderPath = _ws.Write("empty.bin", []) }));
        Assert.Equal(ErrorCodes.FirmwareFileEmpty, e.Code);
        Assert.Contains("bootloader", e.Message);
    }

    [Fact]
    public void GoodImageWithEverythingPasses()
    {
        string key = _ws.NewKey("k.pem", KeyType.EcdsaP256);
        var report = Check(_ws.Sign("app.hex", key, null, "--confirm"), r => r with
        {
            LayoutPath = _ws.Layout(),
            BootloaderPath = _ws.Bootloader("mcuboot.elf", _ws.GeneratedKeyRodata(key)),
            KeyPath = key,
            MaxAlign = 8,
        });
        Assert.True(report.Passed);
        Assert.Empty(report.Findings);
    }

    private CheckReport Check(string image, Func<CheckRequest, CheckRequest>? edit = null)
    {
        var request = new CheckRequest { ImagePath = image };
        return ImageChecker.Check(edit is null ? request : edit(request));
    }

    private static CheckFinding Expect(CheckReport report, string code, CheckSeverity severity, params string[] fragments)
    {
        var finding = report.Findings.FirstOrDefault(f => f.Code == code);
        Assert.True(finding is not null, $"expected {code}; got:\n{string.Join("\n", report.Findings)}");
        Assert.Equal(severity, finding.Severity);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, finding.Message);
        }

        Assert.DoesNotContain('\n', finding.Message);
        if (severity == CheckSeverity.Error)
        {
            Assert.False(report.Passed);
        }

        return finding;
    }

    /// <summary>Shortens a protected TLV and keeps the area size by adding an empty custom TLV (the hash then breaks, which is fine here).</summary>
    private static byte[] ShrinkProtectedTlv(byte[] image, ushort type, int newLength)
    {
        var copy = (byte[])image.Clone();
        int hdr = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(8));
        int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(12));
        int at = hdr + size;
        Assert.Equal(0x6908, BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(at)));
        int end = at + BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(at + 2));
        for (at += 4; at < end;)
        {
            ushort t = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(at));
            int len = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(at + 2));
            if (t == type)
            {
                Assert.True(len - newLength >= 4);
                BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(at + 2), (ushort)newLength);
                int filler = at + 4 + newLength;
                BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(filler), 0xa0);
                BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(filler + 2), (ushort)(len - newLength - 4));
                return copy;
            }

            at += 4 + len;
        }

        throw new InvalidOperationException($"no TLV 0x{type:x} in the protected area");
    }
}
