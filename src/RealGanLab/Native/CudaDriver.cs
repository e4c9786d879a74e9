using System.Runtime.InteropServices;
using System.Text;

namespace RealGanLab.Native;

/// <summary>
/// The NVIDIA driver, asked directly (libcuda.so.1, the CUDA driver API): is there a driver, which GPUs does it see,
/// their names and memory. TorchSharp 0.107.0 exposes neither GPU names nor memory, and when libtorch's CUDA does not
/// load it cannot say whether a driver and a GPU exist at all; the driver can, so 'info' and the device errors can
/// tell "no GPU" from "a GPU, but this build's libtorch has no CUDA".
/// </summary>
public static class CudaDriver
{
    [DllImport("libcuda.so.1")] static extern int cuInit(uint flags);
    [DllImport("libcuda.so.1")] static extern int cuDriverGetVersion(out int version);
    [DllImport("libcuda.so.1")] static extern int cuDeviceGetCount(out int count);
    [DllImport("libcuda.so.1")] static extern int cuDeviceGet(out int device, int ordinal);
    [DllImport("libcuda.so.1")] static extern int cuDeviceGetName(byte[] name, int length, int device);
    [DllImport("libcuda.so.1", EntryPoint = "cuDeviceTotalMem_v2")] static extern int cuDeviceTotalMem(out nuint bytes, int device);

    static readonly Lazy<CudaDriverReport> Report = new(QueryOnce);

    /// <summary>What the driver reports (asked once per process).</summary>
    public static CudaDriverReport Query() => Report.Value;

    static CudaDriverReport QueryOnce()
    {
        if (OperatingSystem.IsWindows()) return new CudaDriverReport(false, "not checked on Windows", 0, []);
        try
        {
            int status = cuInit(0);
            cuDriverGetVersion(out int version);
            // 100 = CUDA_ERROR_NO_DEVICE: a driver, but no GPU visible (CUDA_VISIBLE_DEVICES, a container without --gpus).
            if (status == 100) return new CudaDriverReport(true, "the NVIDIA driver sees no GPU" + VisibleDevicesNote(), version, []);
            if (status != 0) return new CudaDriverReport(true, $"the NVIDIA driver failed to initialise (cuInit error {status})", version, []);
            cuDeviceGetCount(out int count);
            var gpus = new List<GpuInfo>();
            for (int i = 0; i < count; i++)
            {
                if (cuDeviceGet(out int device, i) != 0) continue;
                var name = new byte[256];
                cuDeviceGetName(name, name.Length, device);
                cuDeviceTotalMem(out nuint bytes, device);
                gpus.Add(new GpuInfo(i, Encoding.UTF8.GetString(name).TrimEnd('\0'), (long)bytes));
            }
            return new CudaDriverReport(true, gpus.Count == 0 ? "the NVIDIA driver sees no GPU" + VisibleDevicesNote() : null, version, gpus);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return new CudaDriverReport(false, "no NVIDIA driver on this machine (libcuda.so.1 not found)", 0, []);
        }
    }

    static string VisibleDevicesNote() =>
        Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES") is { } visible ? $" (CUDA_VISIBLE_DEVICES={visible})" : "";
}
