using System.Runtime.InteropServices;

namespace RealGanLab.Native;

/// <summary>
/// dlopen / dlerror from the C library. .NET's NativeLibrary.Load binds symbols lazily, so a library that lacks a
/// symbol loads fine and fails at the first call of it (inside TorchSharp, as an abort). dlopen with RTLD_NOW binds
/// every symbol at once: a mismatch between libLibTorchSharp.so and a foreign libtorch shows up here, as a message
/// naming the missing symbol — the in-process equivalent of 'ldd -r'.
/// </summary>
static unsafe class Dl
{
    const int RTLD_NOW = 2;
    const int RTLD_GLOBAL = 0x100;

    // Called through raw function pointers, not [DllImport]: the runtime's marshalling between a failed dlopen and the
    // dlerror call can clear the pending error message.
    static readonly Lazy<(IntPtr Open, IntPtr Error)> Functions = new(() =>
    {
        // glibc ≥ 2.34 has dlopen in libc itself; older ones only in libdl.so.2.
        foreach (var name in new[] { "libc.so.6", "libdl.so.2" })
            if (NativeLibrary.TryLoad(name, out var library)
                && NativeLibrary.TryGetExport(library, "dlopen", out var open) && NativeLibrary.TryGetExport(library, "dlerror", out var error))
                return (open, error);
        throw new LibTorchException("dlopen was not found in libc.so.6 or libdl.so.2", isBadInput: false);
    });

    /// <summary>Loads <paramref name="path"/> with every symbol bound now; null on success, else dlerror's message.</summary>
    public static string? OpenNow(string path)
    {
        var (open, error) = Functions.Value;
        var name = Marshal.StringToCoTaskMemUTF8(path);
        try
        {
            var dlopen = (delegate* unmanaged<IntPtr, int, IntPtr>)open;
            var dlerror = (delegate* unmanaged<IntPtr>)error;
            dlerror(); // clear any earlier message
            if (dlopen(name, RTLD_NOW | RTLD_GLOBAL) != IntPtr.Zero) return null;
            return Marshal.PtrToStringUTF8(dlerror()) ?? "dlopen failed without a message";
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }
}
