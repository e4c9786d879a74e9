using System.CommandLine;
using System.Globalization;
using RealGanLab.Configuration;
using RealGanLab.Interop;
using RealGanLab.Training;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab export RUN_DIR --out DIR: a run's networks at one checkpoint as PyTorch state dicts, with its probe
/// batch, G's and D's outputs on it and a description of the architecture (<see cref="PyTorchExport"/>);
/// interop/realganlab_torch.py rebuilds the players in PyTorch and loads them (docs/pytorch.md).
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var runDir = new Argument<string>("RUN_DIR") { Description = "A run directory written by 'realganlab train'." };
        var checkpoint = new Option<string?>("--checkpoint")
        {
            Description = "Which checkpoint: 'latest' (default), a step (e.g. 2000: checkpoints/step_000002000.ckpt), a file name under checkpoints/ or a path.",
        };
        var output = new Option<string?>("--out") { Description = "The folder to create (new or empty): generator.pt, discriminator.pt, batch.pt, export.json." };
        var command = new Command("export", "Export a run's generator, discriminator (and averaged generators) as PyTorch state dicts that torch.load reads, " +
            "with the probe batch and the networks' outputs on it; interop/realganlab_torch.py rebuilds the players.")
        {
            runDir, checkpoint, output,
        };
        command.SetAction(parse => Run(parse.GetValue(runDir)!, parse.GetValue(checkpoint) ?? "latest", parse.GetValue(output)));
        return command;
    }

    static int Run(string directory, string which, string? output)
    {
        TrainingState? state = null;
        try
        {
            if (string.IsNullOrWhiteSpace(output)) throw new BadInputException("--out", "is missing; give the folder to create, e.g. --out exported/.");
            // Exported on the CPU whatever the run used: the files are CPU tensors either way.
            var (run, config) = RunConfigFile.OpenSavedRun(directory, new Dictionary<string, string> { ["device"] = "cpu" });
            state = TrainingState.Create(config, run, probe: false);
            // A bare number is a step: checkpoints/step_000002000.ckpt.
            if (long.TryParse(which, NumberStyles.None, CultureInfo.InvariantCulture, out var stepNumber)) which = $"step_{stepNumber:D9}.ckpt";
            var reader = which == "latest" ? state.LatestUsableCheckpoint() : state.OpenNamedCheckpoint(which);
            var (step, _) = state.Load(reader);
            var files = PyTorchExport.Write(state, step, output);
            Console.WriteLine($"exported step {step} of {run.Path} to {output}: {string.Join(", ", files)}");
            Console.WriteLine($"in PyTorch: python3 interop/realganlab_torch.py --check {output}");
            return ExitCodes.Success;
        }
        catch (BadInputException e)
        {
            return ConsoleReporter.BadInput(e);
        }
        finally
        {
            state?.Dispose();
        }
    }
}
