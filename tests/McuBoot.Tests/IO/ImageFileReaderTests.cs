using McuBoot.Diagnostics;
using McuBoot.IO;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.IO;

public class ImageFileReaderTests
{
    private static string Conf(string relative) => Path.Combine(TestPaths.Conformance, relative);

    [Theory]
    [InlineData("app.hex", true)]
    [InlineData("APP.HEX", true)]
    [InlineData("dir.v1/app.Hex", true)]
    [InlineData("app.bin", false)]
    [InlineData("app.hex.bin", false)]
    [InlineData("app.ihex", false)]
    [InlineData("app", false)]
    [InlineData(".hex", false)]
    [InlineData("hex", false)]
    [InlineData("dir.hex/app", false)]
    public void IsHex_ByExtensionOnly(string path, bool expected)
    {
        Assert.Equal(expected, FileFormat.IsHex(path));
    }

    [Fact]
    public void Binary_IsReadAsIs_WithoutBase()
    {
        var (data, baseAddress) = ImageFileReader.ReadInput(Conf("inputs/app-small.bin"));
        Assert.Equal(File.ReadAllBytes(Conf("inputs/app-small.bin")), data);
        Assert.Null(baseAddress);
    }

    [Fact]
    public void Hex_IsFlattened_BaseIsLowestAddress()
    {
        var (data, baseAddress) = ImageFileReader.ReadInput(Conf("inputs/app-medium.hex"));
        Assert.Equal(File.ReadAllBytes(Conf("inputs/app-medium.bin")), data);
        Assert.Equal(0xE000u, baseAddress);
    }

    [Fact]
    public void UppercaseHexExtension_IsHex()
    {
        using var dir = new TempDir();
        var path = dir.File("APP.HEX");
        File.Copy(Conf("inputs/app-medium.hex"), path);
        var (data, baseAddress) = ImageFileReader.ReadInput(path);
        Assert.Equal(File.ReadAllBytes(Conf("inputs/app-medium.bin")), data);
        Assert.NotNull(baseAddress);
    }

    [Fact]
    public void MissingFile_IsInputNotFoundWithAbsolutePath()
    {
        var e = Assert.Throws<McuBootException>(() => ImageFileReader.ReadInput("definitely-missing.bin"));
        Assert.Equal(ErrorCodes.InputNotFound, e.Code);
        var full = Path.GetFullPath("definitely-missing.bin");
        Assert.Equal(full, e.File);
        Assert.Contains(full, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_IsReadFailed()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<McuBootException>(() => ImageFileReader.ReadInput(dir.Path));
        Assert.Equal(ErrorCodes.ReadFailed, e.Code);
        Assert.Contains("directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadHex_ReportsTheAbsolutePath()
    {
        using var dir = new TempDir();
        var path = dir.File("bad.hex");
        File.WriteAllText(path, ":00000001FE\n");
        var e = Assert.Throws<McuBootException>(() => ImageFileReader.ReadInput(path));
        Assert.Equal(ErrorCodes.HexChecksumMismatch, e.Code);
        Assert.Equal(path, e.File);
        Assert.Equal(1, e.Line);
    }
}
