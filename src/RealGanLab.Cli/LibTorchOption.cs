using RealGanLab.Configuration;
using RealGanLab.Native;

namespace RealGanLab.Cli;

/// <summary>Takes the global --libtorch DIR (or --libtorch=DIR) out of the arguments and applies it before any torch call.</summary>
public static class LibTorchOption
{
    public static string[] Extract(string[] args)
    {
        var rest = new List<string>(args.Length);
        for (int i = 0; i < args.Length; i++)
        {
            string? value = null;
            if (args[i] == "--libtorch")
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new BadInputException("--libtorch", "needs a folder: the lib folder of a PyTorch install (docs/gpu.md).");
                value = args[++i];
            }
            else if (args[i].StartsWith("--libtorch=", StringComparison.Ordinal)) value = args[i]["--libtorch=".Length..];
            else
            {
                rest.Add(args[i]);
                continue;
            }
            if (string.IsNullOrWhiteSpace(value))
                throw new BadInputException("--libtorch", "needs a folder: the lib folder of a PyTorch install (docs/gpu.md).");
            string full;
            try
            {
                full = Path.GetFullPath(value);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                throw new BadInputException("--libtorch", $"'{value}' is not a usable path: {e.Message}");
            }
            ExternalLibTorch.UseDirectory(full);
            // Child processes (sweep workers, started from other folders) load the same one.
            Environment.SetEnvironmentVariable(ExternalLibTorch.Variable, full);
        }
        return rest.ToArray();
    }
}
