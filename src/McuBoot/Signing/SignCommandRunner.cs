using System.ComponentModel;
using System.Diagnostics;
using McuBoot.Diagnostics;

namespace McuBoot.Signing;

/// <summary>
/// Runs an <c>exec:</c> signing command: the input on standard input and in a temporary file
/// (MCUBOOT_SIGN_INPUT), an output file it may write (MCUBOOT_SIGN_OUTPUT), bounded output (1 MiB) and time
/// (the whole process tree is stopped at the timeout). Its standard error is passed on in failure messages only
/// (the last lines), never a secret of ours: the command gets none.
/// </summary>
internal static class SignCommandRunner
{
    private const int MaxOutput = 1 << 20;

    /// <summary>Runs the command and returns what it produced (the output file if it wrote one, else standard output).</summary>
    /// <exception cref="McuBootException">Cannot start, non-zero exit, timeout.</exception>
    public static byte[] Run(ExecSignerSettings settings, string description, ReadOnlySpan<byte> input, IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string> placeholders)
    {
        var dir = Directory.CreateTempSubdirectory("mcuboot-sign-");
        try
        {
            var inputFile = Path.Combine(dir.FullName, "input.bin");
            var outputFile = Path.Combine(dir.FullName, "signature.out");
            File.WriteAllBytes(inputFile, input.ToArray());

            var values = new Dictionary<string, string>(placeholders, StringComparer.Ordinal)
            {
                ["input"] = inputFile,
                ["output"] = outputFile,
            };
            var program = settings.ResolveCommand();
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = settings.BaseDirectory,
            };
            foreach (var arg in settings.Arguments)
            {
                start.ArgumentList.Add(Substitute(arg, values));
            }

            foreach (var (name, value) in settings.Environment.Concat(environment))
            {
                start.Environment[name] = value;
            }

            start.Environment["MCUBOOT_SIGN_INPUT"] = inputFile;
            start.Environment["MCUBOOT_SIGN_OUTPUT"] = outputFile;

            using var process = new Process { StartInfo = start };
            try
            {
                process.Start();
            }
            catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
            {
                throw SignerErrors.Create(
                    ErrorCodes.SignCommandFailed,
                    $"The signing command of {description} cannot be started ({program}: {e.Message}); check the path and that it is executable (chmod +x).",
                    settings.SignerFile);
            }

            var stdout = ReadBoundedAsync(process.StandardOutput.BaseStream);
            var stderr = ReadBoundedAsync(process.StandardError.BaseStream);
            var feed = Task.Run(() =>
            {
                try
                {
                    process.StandardInput.BaseStream.Write(File.ReadAllBytes(inputFile));
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The command does not read standard input (it uses MCUBOOT_SIGN_INPUT / {input}).
                }
            });

            if (!process.WaitForExit(settings.Timeout))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It ended just now.
                }

                process.WaitForExit();
                throw SignerErrors.Create(
                    ErrorCodes.SignCommandTimedOut,
                    $"The signing command of {description} did not finish within {settings.Timeout.TotalSeconds:0.###} s and was stopped; nothing was written. Check that it does not wait for input (a login or a prompt) and that the service is reachable, or raise timeoutSeconds in the signer file.",
                    settings.SignerFile);
            }

            process.WaitForExit();
            feed.Wait(TimeSpan.FromSeconds(5));
            if (!Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(10)))
            {
                throw SignerErrors.Create(
                    ErrorCodes.SignCommandTimedOut,
                    $"The signing command of {description} exited but left a process holding its output open; nothing was written. Do not leave background processes running from the signing command.",
                    settings.SignerFile);
            }

            var output = stdout.GetAwaiter().GetResult();
            var errors = stderr.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                throw SignerErrors.Create(
                    ErrorCodes.SignCommandFailed,
                    $"The signing command of {description} failed with exit code {process.ExitCode}{Tail(errors)}; nothing was written. Run it by hand to see why (credentials, key id, permissions).",
                    settings.SignerFile);
            }

            var written = new FileInfo(outputFile);
            if (written.Exists && written.Length > 0)
            {
                if (written.Length > MaxOutput)
                {
                    throw SignerErrors.Create(ErrorCodes.SignCommandOutputInvalid, $"The signing command of {description} wrote {written.Length} bytes to its output file, far more than a signature; nothing was written.", settings.SignerFile);
                }

                return File.ReadAllBytes(outputFile);
            }

            return output;
        }
        finally
        {
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the directory only holds the digest and the signature, no secret.
            }
        }
    }

    private static string Substitute(string arg, Dictionary<string, string> values)
    {
        foreach (var (name, value) in values)
        {
            arg = arg.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return arg;
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length < MaxOutput)
            {
                buffer.Write(chunk, 0, (int)Math.Min(n, MaxOutput - buffer.Length));
            }
        }

        return buffer.ToArray();
    }

    private static string Tail(byte[] stderr)
    {
        var text = System.Text.Encoding.UTF8.GetString(stderr).Trim();
        if (text.Length == 0)
        {
            return string.Empty;
        }

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var last = string.Join(" | ", lines.TakeLast(3));
        return $" ({(last.Length > 300 ? last[..300] + "..." : last)})";
    }
}
