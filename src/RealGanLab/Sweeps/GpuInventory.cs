using System.Diagnostics;

namespace RealGanLab.Sweeps;

/// <summary>
/// The GPUs a sweep may hand out, one per worker: CUDA_VISIBLE_DEVICES when it is set (Slurm sets it to the job's
/// GPUs), else the indices 'nvidia-smi -L' lists; none on a machine without NVIDIA's driver.
/// </summary>
public static class GpuInventory
{
    public static IReadOnlyList<string> Visible(IReadOnlyDictionary<string, string?>? environment = null)
    {
        var visible = environment is null ? Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES")
            : environment.GetValueOrDefault("CUDA_VISIBLE_DEVICES");
        if (visible is not null)
            return visible.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(d => d != "-1" && d.Length > 0).ToList();
        if (environment is not null) return [];
        try
        {
            using var smi = Process.Start(new ProcessStartInfo("nvidia-smi", "-L") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (smi is null) return [];
            var output = smi.StandardOutput.ReadToEnd();
            smi.WaitForExit(10_000);
            return output.Split('\n').Where(l => l.StartsWith("GPU ", StringComparison.Ordinal)).Select((_, i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }
}
