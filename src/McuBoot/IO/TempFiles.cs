namespace McuBoot.IO;

/// <summary>
/// The temporary files <see cref="AtomicFile"/> has open in this process, so that a host that is being stopped
/// (SIGINT/SIGTERM in the tool, a cancelled build) can remove them: <see cref="DeleteAll"/>. No console or signal
/// handling here; the adapters hook it to their own stop notifications.
/// </summary>
public static class TempFiles
{
    private static readonly HashSet<string> Open = new(StringComparer.Ordinal);

    /// <summary>The temporary files currently being written.</summary>
    public static IReadOnlyCollection<string> Current
    {
        get
        {
            lock (Open)
            {
                return [.. Open];
            }
        }
    }

    /// <summary>Deletes every temporary file still being written (best effort); returns how many were removed.</summary>
    /// <param name="which">Only the files it accepts (default: all of them).</param>
    public static int DeleteAll(Func<string, bool>? which = null)
    {
        string[] files;
        lock (Open)
        {
            files = [.. Open.Where(f => which is null || which(f))];
            foreach (var file in files)
            {
                Open.Remove(file);
            }
        }

        int removed = 0;
        foreach (var file in files)
        {
            try
            {
                File.Delete(file);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort while stopping.
            }
        }

        return removed;
    }

    internal static void Register(string path)
    {
        lock (Open)
        {
            Open.Add(path);
        }
    }

    internal static void Unregister(string path)
    {
        lock (Open)
        {
            Open.Remove(path);
        }
    }
}
