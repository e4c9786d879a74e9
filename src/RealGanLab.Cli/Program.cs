using System.CommandLine;
using RealGanLab;
using RealGanLab.Cli;
using RealGanLab.Configuration;
using RealGanLab.Native;

// realganlab: the RealGanLab command line. Generic --section:key=value overrides are taken out of the
// arguments first (see ConfigOverrides), then System.CommandLine parses the rest.
// Before libtorch allocates anything: see MallocTuning (a measured step-time gain on the CPU).
RealGanLab.Native.MallocTuning.Apply();
var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
var root = new RootCommand("RealGanLab: a testbed for the numerics of GAN training — games, update rules and the Jacobian's spectrum, on TorchSharp.")
{
    FieldCommand.Create(overrides),
    TrainCommand.Create(overrides),
    ProbeCommand.Create(overrides),
    ConfigCommand.Create(overrides),
    MethodsCommand.Create(),
    ClassifierCommand.Create(),
    InfoCommand.Create(),
    DataCommand.Create(overrides),
    SweepCommand.Create(overrides),
    SweepWorkerCommand.Create(),
    RunsCommand.Create(),
    ReportCommand.Create(overrides),
    BenchCommand.Create(),
    BenchMetricsCommand.Create(),
    ExportCommand.Create(),
};

// --libtorch DIR (builds with TorchBackend=external) must be known before the first torch call, by every command and
// by the worker processes a sweep starts: it is taken out first and passed on as REALGANLAB_LIBTORCH.
root.Options.Add(new Option<string>("--libtorch")
{
    Recursive = true,
    Description = $"The libtorch lib folder to load (builds with -p:TorchBackend=external; default: ${ExternalLibTorch.Variable}). See docs/gpu.md.",
});
OptionParsers.Apply(root);
try
{
    args = LibTorchOption.Extract(args);
}
catch (BadInputException e)
{
    return ConsoleReporter.BadInput(e);
}

string[] remaining;
try
{
    var named = root.Subcommands.SelectMany(c => c.Options).SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
    (remaining, var extracted) = ConfigOverrides.Extract(args, named);
    foreach (var (key, value) in extracted) overrides[key] = value;
}
catch (BadInputException e)
{
    return ConsoleReporter.BadInput(e);
}

var parse = root.Parse(remaining);
if (parse.Errors.Count > 0)
{
    foreach (var message in ParseErrorMessages.Describe(parse)) Console.Error.WriteLine(message);
    Console.Error.WriteLine("Nothing was run or written.");
    return ExitCodes.BadInput;
}
try
{
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (LibTorchException e)
{
    Console.Error.WriteLine(e.Message);
    return e.IsBadInput ? ExitCodes.BadInput : ExitCodes.Failure;
}
catch (Exception e)
{
    Console.Error.WriteLine($"realganlab failed: {e.Message}");
    Console.Error.WriteLine(e);
    return ExitCodes.Failure;
}
