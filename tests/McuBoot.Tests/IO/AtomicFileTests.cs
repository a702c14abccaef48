using McuBoot.Diagnostics;
using McuBoot.IO;

namespace McuBoot.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void WriteAllBytes_CreatesAndReplaces_LeavingNoTempFile()
    {
        using var dir = new TempDir();
        var path = dir.File("out.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        AtomicFile.WriteAllBytes(path, [4]);
        Assert.Equal(new byte[] { 4 }, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Write_StreamsContent()
    {
        using var dir = new TempDir();
        var path = dir.File("s.bin");
        AtomicFile.Write(path, s => s.Write([9, 8, 7]));
        Assert.Equal(new byte[] { 9, 8, 7 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void WriterThrows_NewTarget_NothingLeftBehind()
    {
        using var dir = new TempDir();
        var path = dir.File("new.bin");
        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100_000]);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("boom", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void WriterThrows_ExistingTarget_Unchanged()
    {
        using var dir = new TempDir();
        var path = dir.File("old.bin");
        File.WriteAllBytes(path, [1, 2]);
        Assert.Throws<McuBootException>(() => AtomicFile.Write(path, s =>
        {
            s.Write([5, 5, 5]);
            throw new McuBootException(ErrorCodes.ImageTooLarge, "too large");
        }));
        Assert.Equal(new byte[] { 1, 2 }, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void WriterIoError_BecomesWriteFailed_AndCleansUp()
    {
        using var dir = new TempDir();
        var path = dir.File("io.bin");
        var e = Assert.Throws<McuBootException>(() => AtomicFile.Write(path, _ => throw new IOException("No space left on device")));
        Assert.Equal(ErrorCodes.WriteFailed, e.Code);
        Assert.Contains("No space left on device", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void MissingDirectory_IsWriteFailedWithAbsolutePath()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "missing", "out.bin");
        var e = Assert.Throws<McuBootException>(() => AtomicFile.WriteAllBytes(path, [1]));
        Assert.Equal(ErrorCodes.WriteFailed, e.Code);
        Assert.Equal(path, e.File);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TargetIsDirectory_IsWriteFailed()
    {
        using var dir = new TempDir();
        var sub = Path.Combine(dir.Path, "sub");
        Directory.CreateDirectory(sub);
        var e = Assert.Throws<McuBootException>(() => AtomicFile.WriteAllBytes(sub, [1]));
        Assert.Equal(ErrorCodes.WriteFailed, e.Code);
        Assert.Equal([sub], Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void ReadOnlyDirectory_IsWriteFailedPermissionDenied()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDir();
        var ro = Path.Combine(dir.Path, "ro");
        Directory.CreateDirectory(ro);
        File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var probe = Path.Combine(ro, "probe");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return; // running as root: permissions are not enforced, nothing to test
        }
        catch (UnauthorizedAccessException)
        {
        }

        var path = Path.Combine(ro, "out.bin");
        var e = Assert.Throws<McuBootException>(() => AtomicFile.WriteAllBytes(path, [1]));
        Assert.Equal(ErrorCodes.WriteFailed, e.Code);
        Assert.Contains("permission denied", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
