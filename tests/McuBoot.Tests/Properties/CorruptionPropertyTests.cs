using FsCheck;
using FsCheck.Fluent;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Tests.Cli;
using Xunit.Abstractions;
using Microsoft.FSharp.Core;

namespace McuBoot.Tests.Properties;

/// <summary>
/// Issue 2's corruption property, with a fixed FsCheck seed: random damage to signed images (see
/// <see cref="CorruptionGenerator"/>, <see cref="CorruptionBaseFixture"/>) makes <c>verify</c> fail with a coded
/// <see cref="McuBootException"/> — never another exception, never a pass — unless the damage spares every byte up to
/// the end of the TLVs, in which case the image still verifies with the same digest. <c>dumpinfo</c> never throws
/// anything but <see cref="McuBootException"/>. The core is called directly for speed; a few hundred cases also run
/// through the tool, which must print one coded line.
/// </summary>
public sealed class CorruptionPropertyTests(CorruptionBaseFixture fixture, ITestOutputHelper output) : IClassFixture<CorruptionBaseFixture>
{
    private const int CoreCases = 13_500;
    private const int CliCases = 250;

    private static Config Seeded(int cases, ulong seed) => Config.QuickThrowOnFailure
        .WithMaxTest(cases)
        .WithQuietOnSuccess(true)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9e37_79b9_7f4a_7c15UL), FSharpOption<int>.None)));

    [Fact]
    public void Corrupted_images_fail_verify_with_a_coded_error_and_never_throw_anything_else()
    {
        var bases = fixture.Bases;
        var digests = bases.Select(b => b.Verify(b.Bytes).Digest).ToArray();
        int mustFail = 0, harmless = 0, rehashed = 0, rehashedRejected = 0;
        var codes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var perBase = new int[bases.Count];

        var property = Prop.ForAll(CorruptionGenerator.For(bases).ToArbitrary(), c =>
        {
            var b = bases[c.Base];
            var corrupted = c.Apply(b);
            perBase[c.Base]++;
            DumpInfoNeverThrowsAnythingElse(b, c, corrupted);
            if (b.Rehash)
            {
                rehashed++;
                Rehash(corrupted);
                if (VerifyOutcome(b, c, corrupted) is string)
                {
                    rehashedRejected++;
                }

                return;
            }

            bool isHarmless = Corruption.IsHarmless(b, corrupted);
            string? code = VerifyOutcome(b, c, corrupted);
            if (isHarmless)
            {
                harmless++;
                Assert.True(code == null, $"harmless corruption rejected ({code}): {c.Describe(b)}");
                Assert.Equal(digests[c.Base], b.Verify(corrupted).Digest);
            }
            else
            {
                mustFail++;
                Assert.True(code != null, $"corrupted image verified: {c.Describe(b)}");
                codes[code!] = codes.GetValueOrDefault(code!) + 1;
            }
        });
        Check.One(Seeded(CoreCases, 0x4d43_5542_0000_0002UL), property);

        output.WriteLine($"{CoreCases} corruptions: {mustFail} damaging (all rejected), {harmless} harmless (all still valid), {rehashed} rehashed ({rehashedRejected} rejected)");
        output.WriteLine(string.Join(", ", codes.Select(kv => $"{kv.Key}×{kv.Value}")));
        Assert.True(mustFail >= 10_000, $"only {mustFail} damaging corruptions");
        Assert.True(harmless > 0 && rehashed > 0);
        Assert.All(perBase, n => Assert.True(n > 300, $"a base got only {n} corruptions"));

        // The failures are diagnosed, not lumped together: structure, hash, signature, key and decryption errors all occur.
        foreach (var expected in new[] { ErrorCodes.BadImageMagic, ErrorCodes.TruncatedImage, ErrorCodes.BadTlv, ErrorCodes.BadTlvInfo, ErrorCodes.HashMismatch, ErrorCodes.SignatureInvalid, ErrorCodes.ProtectedSizeMismatch })
        {
            Assert.True(codes.ContainsKey(expected), $"no {expected} among {string.Join(", ", codes.Select(kv => $"{kv.Key}×{kv.Value}"))}");
        }

        Assert.True(rehashedRejected > 0 && rehashedRejected < rehashed, $"{rehashedRejected} of {rehashed} rehashed corruptions rejected");
    }

    [Fact]
    public void Corrupted_images_through_the_tool_give_one_coded_line()
    {
        var bases = fixture.Bases.Where(b => !b.Rehash).ToList();
        var w = fixture.Workspace;
        int failed = 0, passed = 0;
        var property = Prop.ForAll(CorruptionGenerator.For(bases).ToArbitrary(), c =>
        {
            var b = bases[c.Base];
            var corrupted = c.Apply(b);
            string name = "corrupt.bin";
            w.Write(name, corrupted);

            var verify = w.Run([.. new[] { "verify" }, .. b.VerifyOptions, name]);
            if (Corruption.IsHarmless(b, corrupted))
            {
                CliAssert.Succeeded(verify);
                passed++;
            }
            else
            {
                Assert.True(verify.ExitCode != 0, $"corrupted image verified through the tool: {c.Describe(b)}");
                CliAssert.FailedWithAnyCode(verify, ExitCodes.Failure);
                failed++;
            }

            var info = w.Run("dumpinfo", "--format", "json", name);
            if (info.ExitCode != 0)
            {
                CliAssert.FailedWithAnyCode(info);
            }
        });
        Check.One(Seeded(CliCases, 0x4d43_5542_0000_0003UL), property);
        Assert.Equal(CliCases, failed + passed);
        Assert.True(failed > CliCases / 2);
    }

    [Fact]
    public void The_seed_exercises_every_kind_of_corruption_on_every_base()
    {
        var bases = fixture.Bases;
        var sample = CorruptionGenerator.For(bases).Sample(2000, new Rnd(42UL), 10);
        Assert.Equal(2000, sample.Length);
        Assert.Equal(Enum.GetValues<CorruptionKind>().Order(), sample.Select(c => c.Kind).Distinct().Order());
        Assert.Equal(Enumerable.Range(0, bases.Count), sample.Select(c => c.Base).Distinct().Order());
        Assert.All(bases, b => Assert.Contains(sample, c => c.Base == bases.IndexOf(b) && !Corruption.IsHarmless(b, c.Apply(b))));
    }

    /// <summary>Runs the core verifier: null when the image verifies, else the error code. Any other exception fails the test.</summary>
    private static string? VerifyOutcome(CorruptionBase b, Corruption c, byte[] corrupted)
    {
        try
        {
            b.Verify(corrupted);
            return null;
        }
        catch (McuBootException e)
        {
            Assert.Matches(@"^MCUB\d{4}$", e.Code);
            Assert.NotEqual("MCUB9999", e.Code);
            Assert.DoesNotContain('\n', e.Message);
            Assert.NotEqual(0, e.ExitCode);
            return e.Code;
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"verify threw {e.GetType().Name}: {e.Message} on {c.Describe(b)}\n{e}");
        }
    }

    private static void DumpInfoNeverThrowsAnythingElse(CorruptionBase b, Corruption c, byte[] corrupted)
    {
        try
        {
            var parsed = ImageReader.Read(corrupted, "corrupt.bin");
            Assert.NotEmpty(ImageInfoFormatter.ToHuman(parsed, "corrupt.bin"));
            Assert.NotEmpty(ImageInfoFormatter.ToJson(parsed, "corrupt.bin"));
            Assert.NotEmpty(ImageInfoFormatter.ToYaml(parsed, "corrupt.bin"));
        }
        catch (McuBootException e)
        {
            Assert.Matches(@"^MCUB\d{4}$", e.Code);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"dumpinfo threw {e.GetType().Name}: {e.Message} on {c.Describe(b)}\n{e}");
        }
    }

    /// <summary>Recomputes the hash TLV of a damaged hash-only image in place, when its structure still allows it.</summary>
    private static void Rehash(byte[] image)
    {
        ParsedImage parsed;
        try
        {
            parsed = ImageReader.Read(image, "rehash");
        }
        catch (McuBootException)
        {
            return;
        }

        var hashTlv = parsed.UnprotectedTlvs.FirstOrDefault(t => TlvType.HashOf(t.Type) != null);
        if (hashTlv != null && TlvType.HashOf(hashTlv.Type) is ImageHashAlgorithm algorithm && hashTlv.Value.Length == algorithm.DigestLength())
        {
            algorithm.Hash(image.AsSpan(0, (int)parsed.HashedRegionEnd)).CopyTo(image.AsSpan((int)hashTlv.Offset));
        }
    }
}
