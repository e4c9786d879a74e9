using System.Runtime.InteropServices;

namespace RealGanLab.Native;

/// <summary>
/// Keeps glibc from returning libtorch's CPU buffers to the kernel after every step. libtorch's CPU allocator takes
/// tensors straight from malloc; glibc serves blocks above its mmap threshold (128 KiB at first, raised only as such
/// blocks are freed, up to 32 MiB) with a fresh mmap and frees them with munmap, and trims the heap's top above 128 KiB,
/// so a training step's activation buffers are page-faulted in anew each step until the thresholds have adapted — and
/// for ever for blocks above 32 MiB. Measured with 'realganlab bench --device cpu' on 2 cores: the first 50 consensus
/// steps of the MLP game 11.3 ms without this, 7.7 ms with it (7.3 ms after 300 warm-up steps without it); a DCGAN
/// R1 step 88 ms → 40 ms as the first row of a process (docs/performance.md). PyTorch users get the same from jemalloc or tcmalloc. The cost: the process keeps its peak heap.
/// </summary>
public static class MallocTuning
{
    const int M_TRIM_THRESHOLD = -1;
    const int M_MMAP_THRESHOLD = -3;

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int Mallopt(int parameter, int value);

    /// <summary>Raises the mmap threshold to glibc's maximum (32 MiB) and the trim threshold to 1 GiB; true when glibc took both.</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return Mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024) == 1 & Mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false; // not glibc (musl): nothing to tune
        }
    }
}
