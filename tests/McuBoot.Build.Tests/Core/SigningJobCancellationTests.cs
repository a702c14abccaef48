using McuBoot.Build.Tests.Infrastructure;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;

namespace McuBoot.Build.Tests.Core;

/// <summary>
/// A cancelled signing job (the MSBuild task's Cancel): the temporary files being written under its output folder go at
/// once, the job stops, and nothing it wrote is left. Cancellation is triggered from the job's own progress callback and a
/// writer blocked on an event, so nothing depends on timing.
/// </summary>
public sealed class SigningJobCancellationTests : IDisposable
{
    private static readonly string Nrf53 = BuildPaths.Sample("nrf5340-dual-core");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Out => _temp.File("out");

    private SigningJobRequest DualCore(CancellationTokenSource cancel, string cancelAt) => new()
    {
        Images =
        [
            new() { FirmwarePath = "firmware/app.hex", ImageIndex = 0, Name = "app" },
            new() { FirmwarePath = "firmware/net.hex", ImageIndex = 1, Name = "net" },
        ],
        BaseDirectory = Nrf53,
        KeySpec = "keys/signing-key.pem",
        LayoutPath = "pm_static.yml",
        OutputDirectory = Out,
        Version = new ImageVersion(1, 0, 0, 0),
        WriteConfirmed = true,
        Cancellation = cancel.Token,
        Message = m =>
        {
            if (m.StartsWith(cancelAt, StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        },
    };

    [Fact]
    public void CancellingAfterTheFirstImageWasWritten_RemovesEverythingTheJobWrote()
    {
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => SigningJob.Run(DualCore(cancel, "image 1:")));

        // Image 0's .bin/.hex/confirmed files were written before image 1 started; none is left, nor any temp file.
        Assert.Empty(Directory.GetFiles(Out, "*", SearchOption.AllDirectories));
        Assert.DoesNotContain(TempFiles.Current, f => f.StartsWith(Out, StringComparison.Ordinal));
    }

    [Fact]
    public void Cancelling_DeletesTheTemporaryFilesBeingWrittenUnderTheOutputFolder_AndStops()
    {
        Directory.CreateDirectory(Out);
        string elsewhere = Directory.CreateDirectory(_temp.File("elsewhere")).FullName;
        using var writing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();

        // A write in progress under the output folder (as the job's own AtomicFile writes are), and one elsewhere.
        Exception? inOutput = null;
        Exception? inOther = null;
        var writer = new Thread(() => inOutput = Record(() => AtomicFile.Write(Path.Combine(Out, "app.signed.bin"), s =>
        {
            s.Write(new byte[100]);
            writing.Set();
            release.Wait();
            s.Write(new byte[100]);
        })));
        writer.Start();
        writing.Wait();
        using var writingOther = new ManualResetEventSlim();
        var other = new Thread(() => inOther = Record(() => AtomicFile.Write(Path.Combine(elsewhere, "keep.bin"), s =>
        {
            s.Write(new byte[10]);
            writingOther.Set();
            release.Wait();
        })));
        other.Start();
        writingOther.Wait();

        string temp;
        string otherTemp;
        try
        {
            temp = Assert.Single(TempFiles.Current, f => f.StartsWith(Out, StringComparison.Ordinal));
            otherTemp = Assert.Single(TempFiles.Current, f => f.StartsWith(elsewhere, StringComparison.Ordinal));
            Assert.True(File.Exists(temp));

            using var cancel = new CancellationTokenSource();
            Assert.ThrowsAny<OperationCanceledException>(() => SigningJob.Run(DualCore(cancel, "image 0:")));

            // The job's cancellation removed the temp file under its output folder at once, not the one elsewhere.
            Assert.False(File.Exists(temp));
            Assert.True(File.Exists(otherTemp));
        }
        finally
        {
            release.Set();
            writer.Join();
            other.Join();
        }

        // The interrupted write cannot complete: a coded write error and no output; the other write completes.
        Assert.Equal(ErrorCodes.WriteFailed, Assert.IsType<McuBootException>(inOutput).Code);
        Assert.Null(inOther);
        Assert.Empty(Directory.GetFiles(Out, "*", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(elsewhere, "keep.bin")));
    }

    [Fact]
    public void ACancelledTokenBeforeTheRun_WritesNothing()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => SigningJob.Run(DualCore(cancel, "never")));
        Assert.False(Directory.Exists(Out) && Directory.EnumerateFileSystemEntries(Out).Any());
    }

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
