using System.Runtime.InteropServices;

namespace McuBoot.Tests.Signing;

/// <summary>libc's environment functions: a PKCS#11 module loaded in this process reads its configuration with getenv().</summary>
internal static partial class NativeMethods
{
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int unsetenv(string name);
}
