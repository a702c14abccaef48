using System.Runtime.InteropServices;
using McuBoot.Diagnostics;
using McuBoot.IO;
using McuBoot.Tool;

// SIGINT/SIGTERM while an output is being written: remove the temporary file (the target is untouched until the
// atomic rename), say so in one coded line, then let the signal end the process as usual.
void OnStop(PosixSignalContext signal)
{
    int removed = TempFiles.DeleteAll();
    Console.Error.WriteLine($"error {ErrorCodes.Interrupted}: interrupted by {signal.Signal}; {(removed > 0 ? $"the partly written output was removed ({removed} temporary file{(removed == 1 ? string.Empty : "s")})" : "no output was being written")}, existing files are unchanged.");
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStop);

var context = new CliContext(Console.Out, Console.Error, Environment.CurrentDirectory, interactive: !Console.IsInputRedirected)
{
    RawOut = Console.OpenStandardOutput(),
};
return McuBootCli.Run(args, context);
