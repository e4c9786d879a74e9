using System.CommandLine;
using RealGanLab.Native;
using TorchSharp;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab info: the build's backend, the libtorch actually loaded (version and origin), the numeric self-test,
/// whether CUDA is usable, the GPUs the driver sees (name, memory) and, when CUDA is not usable, why.
/// </summary>
public static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print the libtorch backend and version, the numeric self-test, whether CUDA is usable (and why not), and the GPUs with their memory.");
        command.SetAction(_ =>
        {
            Line("realganlab", Output.Provenance.ProgramVersion);
            Line("backend", TorchRuntime.Backend switch
            {
                "cpu" => "cpu (libtorch bundled, CPU only)",
                "cuda" => "cuda (TorchSharp-cuda-linux: libtorch with CUDA bundled)",
                "external" => "external (the libtorch named by --libtorch / " + ExternalLibTorch.Variable + ")",
                var other => other,
            });
            Line("TorchSharp", TorchRuntime.TorchSharpVersion);
            TorchRuntime.EnsureLoaded();
            Line("libtorch", $"{TorchRuntime.LibTorchVersion} ({TorchRuntime.LibTorchOrigin})");
            Line("CPU threads", torch.get_num_threads().ToString());
            var failures = LibTorchSelfTest.Run(torch.CPU);
            bool cuda = CudaStatus.Usable;
            if (cuda) failures = failures.Concat(LibTorchSelfTest.Run(torch.CUDA).Select(f => "cuda " + f)).ToList();
            Line("self-test", failures.Count == 0
                ? $"passed ({LibTorchSelfTest.Checks.Count} checks on the CPU{(cuda ? $", {LibTorchSelfTest.Checks.Count - 1} on CUDA" : "")})"
                : "FAILED: " + string.Join("; ", failures));
            Line("CUDA usable", cuda ? "yes" : "no");
            if (!cuda) Line("why not", CudaStatus.WhyNot() ?? "");
            var driver = CudaDriver.Query();
            Line("NVIDIA driver", driver.DriverFound ? $"CUDA {driver.DriverCudaVersion}" : "none");
            foreach (var gpu in driver.Gpus) Line($"GPU {gpu.Index}", $"{gpu.Name}, {gpu.TotalGiB:0.0} GiB");
            if (cuda) Line("CUDA devices", $"{torch.cuda.device_count()} visible to libtorch");
            return failures.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    static void Line(string key, string value) => Console.WriteLine($"{key,-15} {value}");
}
