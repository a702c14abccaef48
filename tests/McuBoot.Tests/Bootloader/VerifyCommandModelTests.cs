using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;
using McuBoot.Tests.Cli;
using static McuBoot.Tests.Bootloader.ImageComposer;

namespace McuBoot.Tests.Bootloader;

/// <summary>
/// <c>verify</c> decides with the bootloader model: the tamperings of issue 9 fail with the rule's code, several
/// bootloader keys are accepted (<c>-k A -k B</c>), the size limit of the given mode applies, and the assumptions are
/// named in a rejection and printed by <c>--explain</c>; imgtool's output lines stay as they were.
/// </summary>
public sealed class VerifyCommandModelTests
{
    private static string Pem(CliWorkspace w, string name, McuBootKey key)
    {
        string path = w.File(name);
        File.WriteAllText(path, key.ExportPrivatePkcs8Pem(string.Empty));
        return path;
    }

    [Fact]
    public void Tamperings_bootutil_rejects_fail_verify_with_the_rules_code()
    {
        using var w = new CliWorkspace();
        string a = Pem(w, "a.pem", KeyA);
        w.Write("good.bin", Signed(KeyA).Build());
        var ok = CliAssert.Succeeded(w.Run("verify", "-k", a, "good.bin"));
        Assert.StartsWith("Image was correctly validated\nImage version: 1.2.3+0\nImage digest: ", ok.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        w.Write("hash2.bin", Signed(KeyA).WrongHash().Build());
        CliAssert.Failed(w.Run("verify", "-k", a, "hash2.bin"), ErrorCodes.HashMismatch);

        w.Write("seccnt.bin", Signed(KeyA).Raw(TlvType.SecurityCounter, [1, 0, 0, 0]).Build());
        string message = CliAssert.Failed(w.Run("verify", "-k", a, "seccnt.bin"), ErrorCodes.BootTlvNotAllowed);
        Assert.Contains("assumed bootloader: Ed25519 with 1 key, SHA256, KEYHASH, allow-list on", message, StringComparison.Ordinal);
        CliAssert.Succeeded(w.Run("verify", "-k", a, "--no-allow-list", "seccnt.bin"));

        w.Write("pair2.bin", Signed(KeyA).KeyHash(KeyA).GarbageSignature().Build());
        CliAssert.Failed(w.Run("verify", "-k", a, "pair2.bin"), ErrorCodes.SignatureInvalid);
    }

    [Fact]
    public void Several_bootloader_keys_are_given_with_repeated_k()
    {
        using var w = new CliWorkspace();
        string a = Pem(w, "a.pem", KeyA);
        string b = Pem(w, "b.pem", KeyB);
        w.Write("by-b.bin", Signed(KeyB).Build());
        CliAssert.Failed(w.Run("verify", "-k", a, "by-b.bin"), ErrorCodes.KeyHashMismatch);
        CliAssert.Succeeded(w.Run("verify", "-k", a, "-k", b, "by-b.bin"));

        // Signed by an unknown key and by B: the unknown pair is skipped (as bootutil does, by design), B's verifies.
        w.Write("multi.bin", new ImageComposer().Hash().KeyHash(KeyC).Signature(KeyC).KeyHash(KeyB).Signature(KeyB).Build());
        var r = CliAssert.Succeeded(w.Run("verify", "-k", a, "-k", b, "multi.bin"));
        Assert.Contains($"Signature 2: KEYHASH ", r.Stdout, StringComparison.Ordinal);

        // A garbage pair for a held key before the good pair: accepted (the last attempted signature decides), with a warning.
        w.Write("garbage-first.bin", new ImageComposer().Hash().KeyHash(KeyA).GarbageSignature().KeyHash(KeyB).Signature(KeyB).Build());
        var g = CliAssert.Succeeded(w.Run("verify", "-k", a, "-k", b, "garbage-first.bin"), allowWarnings: true);
        Assert.Contains($"warning {ErrorCodes.BootFailingSignatureIgnored}:", g.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Slot_size_and_mode_apply_bootutils_size_limit()
    {
        using var w = new CliWorkspace();
        string a = Pem(w, "a.pem", KeyA);
        w.Write("big.bin", new ImageComposer { BodySize = 0x20000 - 0x2000 - 0x200 - 144 + 1 }.Hash().KeyHash(KeyA).Signature(KeyA).Build());
        CliAssert.Failed(w.Run("verify", "-k", a, "--slot-size", "0x20000", "big.bin"), ErrorCodes.BootImageTooLarge);
        CliAssert.Failed(w.Run("verify", "-k", a, "--slot-size", "0x20000", "--mode", "swap-move", "big.bin"), ErrorCodes.BootImageTooLarge);
        CliAssert.Succeeded(w.Run("verify", "-k", a, "--slot-size", "0x20000", "--mode", "swap-scratch", "big.bin"));
        CliAssert.Succeeded(w.Run("verify", "-k", a, "--slot-size", "0x20000", "--overwrite-only", "big.bin"));
        CliAssert.Succeeded(w.Run("verify", "-k", a, "big.bin"));
        CliAssert.Failed(w.Run("verify", "-k", a, "--overwrite-only", "--mode", "swap-move", "big.bin"), ErrorCodes.BootloaderOptionsConflict, ExitCodes.Usage);
        CliAssert.Failed(w.Run("verify", "-k", a, "--mode", "swap-sideways", "big.bin"), ErrorCodes.InvalidOptionValue, ExitCodes.Usage);
    }

    [Fact]
    public void Explain_prints_the_assumed_bootloader()
    {
        using var w = new CliWorkspace();
        string a = Pem(w, "a.pem", KeyA);
        w.Write("good.bin", Signed(KeyA).Build());
        var r = w.Run("verify", "-k", a, "--explain", "good.bin");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("note: bootloader: Ed25519 with 1 key, SHA256, KEYHASH, allow-list on, swap-move, slot size unknown", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("note: assumed upgrade mode swap-move", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("note: assumed TLV allow-list on", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_hash_that_differs_from_the_image_is_rejected()
    {
        using var w = new CliWorkspace();
        string a = Pem(w, "a.pem", KeyA);
        w.Write("sha256.bin", Signed(KeyA).Build());
        CliAssert.Failed(w.Run("verify", "-k", a, "--sha", "512", "sha256.bin"), ErrorCodes.NoHashTlv);
        w.Write("sha512.bin", new ImageComposer().Hash(ImageHashAlgorithm.Sha512).KeyHash(KeyA, ImageHashAlgorithm.Sha512).Signature(KeyA, ImageHashAlgorithm.Sha512).Build());
        CliAssert.Succeeded(w.Run("verify", "-k", a, "sha512.bin"));
        CliAssert.Failed(w.Run("verify", "-k", a, "--sha", "256", "sha512.bin"), ErrorCodes.BootKeyTlvTooLong);
    }
}
