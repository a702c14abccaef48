using System.Reflection;
using System.Runtime.InteropServices;
using McuBoot.Diagnostics;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace McuBoot.Signing;

/// <summary>
/// A loaded PKCS#11 module, shared by every signer using it (C_Initialize may run once per process until
/// C_Finalize): reference-counted, finalised when the last user releases it.
/// </summary>
internal sealed class Pkcs11Module
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Pkcs11Module> Loaded = new(StringComparer.Ordinal);
    private static bool _resolverSet;
    private int _users;

    private Pkcs11Module(string path, IPkcs11Library library)
    {
        Path = path;
        Library = library;
    }

    public static Pkcs11InteropFactories Factories { get; } = new();

    public string Path { get; }

    public IPkcs11Library Library { get; }

    /// <summary>Loads (or shares) the module at <paramref name="path"/>.</summary>
    /// <exception cref="McuBootException">Missing file, not a PKCS#11 library, initialisation failure.</exception>
    public static Pkcs11Module Acquire(string path, string uri)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw SignerErrors.Create(
                ErrorCodes.Pkcs11ModuleNotFound,
                $"PKCS#11 module not found: {full} (for {uri}); install the token's PKCS#11 library (SoftHSM2: apt-get install softhsm2, /usr/lib/softhsm/libsofthsm2.so) and give its path with module-path= or MCUBOOT_PKCS11_MODULE.",
                full);
        }

        lock (Gate)
        {
            SetResolver();
            if (!Loaded.TryGetValue(full, out var module))
            {
                IPkcs11Library library;
                try
                {
                    library = Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, full, AppType.MultiThreaded);
                }
                catch (Pkcs11Exception e)
                {
                    throw SignerErrors.Create(
                        ErrorCodes.Pkcs11ModuleInvalid,
                        $"The PKCS#11 module {full} failed to initialise ({e.RV}) for {uri}; check its configuration (SoftHSM2: SOFTHSM2_CONF and the token directory).",
                        full);
                }
                catch (Exception e) when (e is not McuBootException)
                {
                    throw SignerErrors.Create(
                        ErrorCodes.Pkcs11ModuleInvalid,
                        $"{full} is not a usable PKCS#11 module ({e.Message.TrimEnd('.')}) for {uri}; give the token vendor's PKCS#11 library (it exports C_GetFunctionList), not another shared library.",
                        full);
                }

                module = new Pkcs11Module(full, library);
                Loaded[full] = module;
            }

            module._users++;
            return module;
        }
    }

    /// <summary>Releases one use; the last one finalises the module.</summary>
    public void Release()
    {
        lock (Gate)
        {
            if (--_users > 0)
            {
                return;
            }

            Loaded.Remove(Path);
            Library.Dispose();
        }
    }

    /// <summary>
    /// Pkcs11Interop 5.3.0 opens modules through <c>[DllImport("libdl")]</c>; Debian 12 (glibc 2.36) ships only
    /// <c>libdl.so.2</c>, so map the name (and <c>libdl.so</c>) to it.
    /// </summary>
    private static void SetResolver()
    {
        if (_resolverSet)
        {
            return;
        }

        _resolverSet = true;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, ResolveLibDl);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set for the assembly (e.g. by the host application).
        }
    }

    private static IntPtr ResolveLibDl(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name is "libdl" or "libdl.so" && OperatingSystem.IsLinux())
        {
            if (NativeLibrary.TryLoad("libdl.so.2", out var handle) || NativeLibrary.TryLoad("libc.so.6", out handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }
}
