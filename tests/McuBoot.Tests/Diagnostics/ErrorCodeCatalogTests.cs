using System.Reflection;
using System.Text.RegularExpressions;
using McuBoot.Diagnostics;
using McuBoot.Tests.Infrastructure;
using McuBoot.Tool;

namespace McuBoot.Tests.Diagnostics;

/// <summary>The diagnostic codes are unique, well-formed, banded, and every one is documented in docs/diagnostics.md.</summary>
public sealed partial class ErrorCodeCatalogTests
{
    private static IReadOnlyList<(string Name, string Code)> AllCodes()
    {
        var fields = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (f.Name, Code: (string)f.GetRawConstantValue()!))
            .ToList();
        fields.Add((nameof(McuBootCli.UsageErrorCode), McuBootCli.UsageErrorCode));
        fields.Add((nameof(McuBootCli.InternalErrorCode), McuBootCli.InternalErrorCode));
        return fields;
    }

    [Fact]
    public void Codes_are_unique_and_well_formed()
    {
        var codes = AllCodes();
        Assert.True(codes.Count > 100, $"only {codes.Count} codes found");
        Assert.All(codes, c => Assert.Matches(CodePattern(), c.Code));
        var duplicates = codes.GroupBy(c => c.Code).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Name))}").ToList();
        Assert.True(duplicates.Count == 0, "duplicate codes: " + string.Join("; ", duplicates));
    }

    [Fact]
    public void Every_code_is_documented_with_its_name()
    {
        string repo = TestPaths.RepoRoot ?? throw new InvalidOperationException("run from the repository");
        string doc = File.ReadAllText(Path.Combine(repo, "docs", "diagnostics.md"));
        var missing = AllCodes().Where(c => !doc.Contains($"| {c.Code} | {c.Name} |", StringComparison.Ordinal)).Select(c => $"{c.Code} {c.Name}").ToList();
        Assert.True(missing.Count == 0, "docs/diagnostics.md lacks: " + string.Join(", ", missing));
    }

    [GeneratedRegex("^MCUB[1-9][0-9]{3}$")]
    private static partial Regex CodePattern();
}
