using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.Keys;
using McuBoot.Layouts;
using McuBoot.Tests.Hostile;
using Microsoft.FSharp.Core;

namespace McuBoot.Tests.Properties;

/// <summary>
/// Issue 8's hostile classes as properties (fixed FsCheck seeds): ELF headers whose fields take edge values (negative as
/// int, past the file, wrapping), YAML with random nesting and alias chains, and key-derivation parameters anywhere in
/// the BigInteger range end in a <see cref="McuBootException"/> or a result, never another exception.
/// </summary>
public sealed class HostilePropertyTests
{
    private static Config Seeded(int cases, ulong seed) => Config.QuickThrowOnFailure
        .WithMaxTest(cases)
        .WithQuietOnSuccess(true)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9e37_79b9_7f4a_7c15UL), FSharpOption<int>.None)));

    private static readonly Gen<uint> EdgeWord = Gen.Frequency(
        (3, Gen.Elements(0u, 1u, 2u, 3u, 8u, 0x34u, 0x7fffffffu, 0x80000000u, 0xfffffff0u, 0xffffffffu, 0xffffu, 0x10000u)),
        (2, Gen.Choose(0, 0x400).Select(v => (uint)v)),
        (1, Gen.Choose(0, 0xffff).SelectMany(hi => Gen.Choose(0, 0xffff).Select(lo => ((uint)hi << 16) | (uint)lo))));

    [Fact]
    public void Elf_headers_with_edge_values_parse_or_fail_coded()
    {
        var header = from count in Gen.Choose(1, 6) from words in Gen.ArrayOf(EdgeWord, 10) select words;
        var program = Gen.ArrayOf(EdgeWord, 8);
        var elf = from sections in Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(header, n))
                  from programs in Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(program, n))
                  from shstrndx in Gen.Elements((ushort)0, (ushort)1, (ushort)2, (ushort)5, (ushort)0xffff)
                  from tail in Gen.Choose(0, 512)
                  select (sections, programs, shstrndx, tail);
        int parsed = 0, refused = 0;
        var property = Prop.ForAll(elf.ToArbitrary(), c =>
        {
            var bytes = HostileInputs.Elf32(c.sections, c.programs, c.shstrndx);
            Array.Resize(ref bytes, bytes.Length + c.tail);
            try
            {
                ElfReader.Parse(bytes, "edge.elf");
                parsed++;
            }
            catch (McuBootException e) when (e.Code is ErrorCodes.ElfInvalid or ErrorCodes.ElfUnsupported)
            {
                refused++;
            }
        });
        Check.One(Seeded(3_000, 0x4d43_5542_0000_0801UL), property);
        Assert.True(parsed > 0 && refused > 0, $"parsed {parsed}, refused {refused}");
    }

    [Fact]
    public void Yaml_with_random_nesting_and_aliases_is_read_or_refused_with_a_layout_diagnostic()
    {
        // Random depth (up to 3x the limit) of flow lists/mappings, and chains of anchors fanning out 1..12 times.
        var nested = from depth in Gen.Choose(1, LayoutReader.MaxDepth * 3)
                     from mapping in Gen.Elements(true, false)
                     select mapping
                         ? "a: " + string.Concat(Enumerable.Repeat("{k: ", depth)) + "1" + new string('}', depth) + "\n"
                         : HostileInputs.DeepFlowYaml(depth);
        var aliases = from levels in Gen.Choose(1, 12)
                      from fan in Gen.Choose(1, 12)
                      from asKey in Gen.Elements(false, false, true)
                      select "l0: &l0 [x]\n" + string.Concat(Enumerable.Range(1, levels).Select(i => asKey
                          ? $"l{i}: &l{i} {{*l{i - 1} : 1}}\n"
                          : $"l{i}: &l{i} [" + string.Join(", ", Enumerable.Repeat($"*l{i - 1}", fan)) + "]\n"));
        var property = Prop.ForAll(Gen.OneOf(nested, aliases).ToArbitrary(), yaml =>
        {
            var result = LayoutReader.Parse(yaml, "random.yml");
            Assert.Null(result.Layout);
            Assert.NotEmpty(result.Diagnostics);
            Assert.All(result.Diagnostics, d => Assert.Matches("^MCUB6[0-9]{3}$", d.Code));
        });
        Check.One(Seeded(400, 0x4d43_5542_0000_0802UL), property);
    }

    [Fact]
    public void Key_derivation_parameters_anywhere_in_range_are_accepted_within_the_limits_or_refused_coded()
    {
        var big = Gen.Frequency(
            (3, Gen.Choose(-4, 40).Select(e => e < 0 ? -BigInteger.Pow(2, -e) : BigInteger.Pow(2, e))),
            (2, Gen.Choose(-100, 3_000_000).Select(v => (BigInteger)v)),
            (1, Gen.Choose(0, 200).Select(e => BigInteger.Pow(3, e))));
        var property = Prop.ForAll(Gen.ArrayOf(big, 4).ToArbitrary(), v =>
        {
            try
            {
                int iterations = KeyDerivationLimits.CheckPbkdf2(v[0], "k.pem");
                Assert.InRange(iterations, 1, KeyDerivationLimits.MaxPbkdf2Iterations);
            }
            catch (McuBootException e)
            {
                Assert.Equal(ErrorCodes.KeyDerivationLimit, e.Code);
            }

            try
            {
                var (n, r, p) = KeyDerivationLimits.CheckScrypt(v[1], v[2], v[3], "k.pem");
                Assert.True(BitOperations.IsPow2(n) && n >= 2 && r >= 1 && p >= 1);
                Assert.True(128L * n * r <= KeyDerivationLimits.MaxScryptMemory);
                Assert.True(128L * n * r * p <= KeyDerivationLimits.MaxScryptWork);
            }
            catch (McuBootException e)
            {
                Assert.Equal(ErrorCodes.KeyDerivationLimit, e.Code);
            }
        });
        Check.One(Seeded(5_000, 0x4d43_5542_0000_0803UL), property);
    }
}
