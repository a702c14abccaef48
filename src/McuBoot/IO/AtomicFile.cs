using McuBoot.Diagnostics;

namespace McuBoot.IO;

/// <summary>
/// Writes output files atomically: the content goes to a temporary file in the target's directory
/// (<c>.&lt;name&gt;.&lt;random&gt;.tmp</c>), is written completely, then renamed over the target (no fsync: these are build outputs, not a database). On any failure
/// the temporary file is deleted and the target is left as it was, so a half-written output never exists.
/// </summary>
public static class AtomicFile
{
    /// <summary>Atomically replaces (or creates) <paramref name="path"/> with <paramref name="data"/>.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.WriteFailed"/> with the absolute path and the reason.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> data)
    {
        var copy = data.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>
    /// Like <see cref="WriteAllBytes(string, ReadOnlySpan{byte})"/> for secrets (private keys): on Unix the temporary
    /// file is created with mode 0600 from its first byte (never readable by others, not chmod-ed afterwards), and the
    /// rename keeps that mode, also when it replaces an existing file.
    /// </summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.WriteFailed"/> with the absolute path and the reason.</exception>
    public static void WriteSecret(string path, ReadOnlySpan<byte> data)
    {
        var copy = data.ToArray();
        try
        {
            Write(path, stream => stream.Write(copy), secret: true);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(copy);
        }
    }

    /// <summary>
    /// Atomically replaces (or creates) <paramref name="path"/> with what <paramref name="writer"/> writes to the
    /// stream it is given. An exception from <paramref name="writer"/> propagates unchanged (I/O errors become
    /// <see cref="ErrorCodes.WriteFailed"/>) and leaves no file behind.
    /// </summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.WriteFailed"/> with the absolute path and the reason.</exception>
    public static void Write(string path, Action<Stream> writer) => Write(path, writer, secret: false);

    /// <summary>
    /// <see cref="Write(string, Action{Stream})"/>; with <paramref name="secret"/> the temporary file is created 0600 on
    /// Unix (see <see cref="WriteSecret"/>).
    /// </summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.WriteFailed"/> with the absolute path and the reason.</exception>
    public static void Write(string path, Action<Stream> writer, bool secret)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var full = Prepare(path, out var temp);
        try
        {
            using (var stream = Open(temp, secret))
            {
                writer(stream);
                stream.Flush();
            }

            Commit(temp, full);
            TempFiles.Unregister(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw Translate(e, full);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static string Prepare(string path, out string temp)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var name = Path.GetFileName(full);
        var dir = Path.GetDirectoryName(full);
        if (string.IsNullOrEmpty(name) || dir is null)
        {
            throw new McuBootException(ErrorCodes.WriteFailed, $"Cannot write '{full}': it names a directory, not a file; give an output file name.", full);
        }

        if (!Directory.Exists(dir))
        {
            throw new McuBootException(ErrorCodes.WriteFailed,
                $"Cannot write '{full}': the directory '{dir}' does not exist; create it or choose another output path.", full);
        }

        if (Directory.Exists(full))
        {
            throw new McuBootException(ErrorCodes.WriteFailed, $"Cannot write '{full}': a directory of that name exists; choose another output path.", full);
        }

        temp = Path.Combine(dir, $".{name}.{Guid.NewGuid():N}.tmp");
        return full;
    }

    private static FileStream Open(string temp, bool secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows())
        {
            // 0600 for secrets; others as File.Create would (0666 less the umask).
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        }

        var stream = new FileStream(temp, options);
        TempFiles.Register(temp);
        return stream;
    }

    private static void Commit(string temp, string full) => File.Move(temp, full, overwrite: true);

    private static McuBootException Translate(Exception e, string full)
    {
        return e switch
        {
            UnauthorizedAccessException => new McuBootException(ErrorCodes.WriteFailed,
                $"Cannot write '{full}': permission denied; check the write permission of the file and its directory.", full, e),
            _ => new McuBootException(ErrorCodes.WriteFailed,
                $"Cannot write '{full}': {e.Message.TrimEnd('.')}; check free space and that no other program holds the file.", full, e),
        };
    }

    private static void TryDelete(string temp)
    {
        TempFiles.Unregister(temp);
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: nothing more can be done; the original error is what matters.
        }
    }
}
