using McuBoot.Image;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Cli;

/// <summary>
/// A temporary working directory for running the tool in-process: relative paths resolve against it, the
/// conformance keys and inputs are reachable by name, and files are easy to write and read back.
/// </summary>
internal sealed class CliWorkspace : IDisposable
{
    private readonly TempDirectory _temp = new();

    public string Path => _temp.Path;

    /// <summary>Absolute path of a conformance key (<c>conformance/keys/NAME</c>).</summary>
    public static string ConformanceKey(string name) => System.IO.Path.Combine(TestPaths.Conformance, "keys", name);

    /// <summary>Absolute path of a conformance input (<c>conformance/inputs/NAME</c>).</summary>
    public static string ConformanceInput(string name) => System.IO.Path.Combine(TestPaths.Conformance, "inputs", name);

    public string File(string name) => _temp.File(name);

    public ToolRunner.Result Run(params string[] args) => ToolRunner.Run(Path, args);

    public ToolRunner.Result Run(IDictionary<string, string> environment, params string[] args) => ToolRunner.Run(Path, environment, args);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="name"/> in the workspace; returns the name.</summary>
    public string Write(string name, byte[] bytes)
    {
        System.IO.File.WriteAllBytes(File(name), bytes);
        return name;
    }

    public byte[] Read(string name) => System.IO.File.ReadAllBytes(File(name));

    public ParsedImage Parse(string name) => ImageReader.Read(Read(name), name);

    /// <summary>Generates a key with <c>keygen</c> through the tool; returns its file name.</summary>
    public string Keygen(string type, string? name = null)
    {
        name ??= type + ".pem";
        CliAssert.Succeeded(Run("keygen", "-k", name, "-t", type));
        return name;
    }

    /// <summary>Writes the public half of <paramref name="privateKey"/> as a PEM with <c>getpub -e pem</c>; returns its name.</summary>
    public string PublicPem(string privateKey)
    {
        string name = System.IO.Path.GetFileNameWithoutExtension(privateKey) + "-pub.pem";
        CliAssert.Succeeded(Run("getpub", "-k", privateKey, "-e", "pem", "-o", name));
        return name;
    }

    /// <summary>Deterministic pseudo-random bytes (incompressible).</summary>
    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose() => _temp.Dispose();
}
