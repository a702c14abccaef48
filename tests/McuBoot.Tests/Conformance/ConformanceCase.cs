using System.Text.Json;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Conformance;

/// <summary>One entry of <c>conformance/cases.json</c>.</summary>
public sealed record ConformanceCase(
    string Name,
    string[] Args,
    string Input,
    string Output,
    bool Deterministic,
    string Note,
    string? ImgtoolVerify,
    int? ImgtoolVerifyRc,
    string Sha256)
{
    public override string ToString() => Name;

    public string? KeyArg => ArgAfter("-k");

    public string? EncryptArg => ArgAfter("-E");

    public bool IsEncrypted => EncryptArg != null;

    public bool IsCompressed => ArgAfter("--compression") != null;

    /// <summary>The decryption key named in the note ("decrypt with keys/x.pem"), if any.</summary>
    public string? DecryptKey => Note.StartsWith("decrypt with ", StringComparison.Ordinal) ? Note["decrypt with ".Length..].Trim() : null;

    public string? ArgAfter(string flag)
    {
        int i = Array.IndexOf(Args, flag);
        return i >= 0 && i + 1 < Args.Length ? Args[i + 1] : null;
    }

    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Conformance, "cases.json"))));

    public static IReadOnlyList<ConformanceCase> All { get; } = Document.Value.RootElement.GetProperty("cases").EnumerateArray().Select(Parse).ToList();

    public static IReadOnlyList<(string[] Args, string Output)> KeyOutputs { get; } = Document.Value.RootElement.GetProperty("key_outputs").EnumerateArray()
        .Select(e => (e.GetProperty("imgtool_args").EnumerateArray().Select(a => a.GetString()!).ToArray(), e.GetProperty("output").GetString()!))
        .ToList();

    public static ConformanceCase Get(string name) => All.Single(c => c.Name == name);

    private static ConformanceCase Parse(JsonElement e) => new(
        e.GetProperty("name").GetString()!,
        e.GetProperty("imgtool_args").EnumerateArray().Select(a => a.GetString()!).ToArray(),
        e.GetProperty("input").GetString()!,
        e.GetProperty("output").GetString()!,
        e.GetProperty("deterministic").GetBoolean(),
        e.GetProperty("note").GetString() ?? string.Empty,
        e.TryGetProperty("imgtool_verify", out var v) ? v.GetString() : null,
        e.TryGetProperty("imgtool_verify_rc", out var rc) ? rc.GetInt32() : null,
        e.GetProperty("sha256").GetString()!);
}
