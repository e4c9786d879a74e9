using System.CommandLine;
using System.Reflection;
using RealGanLab.Native;
using TorchSharp;

namespace RealGanLab.Cli;

/// <summary>realganlab info: the backend, library versions and whether CUDA is usable (and why not).</summary>
public static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print the TorchSharp backend, the libtorch version, thread count, and whether CUDA is usable (and why not).");
        command.SetAction(_ =>
        {
            try
            {
                TorchRuntime.EnsureLoaded();
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.Failure;
            }
            var version = Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            Console.WriteLine($"realganlab      {version}");
            Console.WriteLine($"TorchSharp      {TorchRuntime.TorchSharpVersion}");
            Console.WriteLine($"libtorch        {TorchRuntime.LibTorchVersion}");
            Console.WriteLine($"CPU threads     {torch.get_num_threads()}");
            bool cuda = torch.cuda.is_available();
            Console.WriteLine($"CUDA usable     {(cuda ? "yes" : "no")}");
            if (cuda) Console.WriteLine($"CUDA devices    {torch.cuda.device_count()}");
            else Console.WriteLine($"why not         {CudaProblem()}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A failed CUDA load is silent in TorchSharp; asking for the device type gives the real error.</summary>
    static string CudaProblem()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CUDA);
            return "libtorch_cuda loaded but no CUDA device is visible";
        }
        catch (Exception e)
        {
            var first = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? e.GetType().Name;
            return "this build uses the TorchSharp-cpu backend, or no CUDA libtorch was found (" + first.Trim() + ")";
        }
    }
}
