using RealGanLab.Checkpoints;
using RealGanLab.Configuration;
using RealGanLab.Output;

namespace RealGanLab.Training;

/// <summary>
/// A run directory for networks trained elsewhere ('realganlab probe RUN_DIR --init-from WEIGHTS'): the config's game
/// with PyTorch weights in it, saved as the run's checkpoint at step 0, so that the probe, 'probe RUN_DIR' with other
/// settings later and 'export' read it like any run. Nothing is written until the config has built the game and the
/// weights have loaded into it.
/// </summary>
public static class ImportedRun
{
    static void DeleteEntry(string entry)
    {
        if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
        else File.Delete(entry);
    }

    /// <summary>The state with the weights loaded and the checkpoint to probe; the directory must be new or empty.</summary>
    public static (TrainingState State, CheckpointReader Checkpoint) Create(ExperimentConfig config, string directory, string weights)
    {
        if (string.IsNullOrWhiteSpace(directory)) throw new BadInputException("RUN_DIR", "is empty; give a new directory for the probe of the weights.");
        OutputPath.CheckDirectory(directory, "RUN_DIR");
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            throw new BadInputException("RUN_DIR", $"'{directory}' exists and is not empty; with --init-from, RUN_DIR is a new directory that the weights' probe run is written to " +
                $"(to probe a run's own checkpoints, leave out --init-from).");
        var run = new RunDirectory(directory);
        var state = TrainingState.Create(config, run, probe: true);
        try
        {
            state.InitializeFrom(weights, "--init-from");
            // As a run at step 0 holds them: the averages of G that start at 0 have taken in θ_0, the weights.
            foreach (var average in state.Averages) average.Observe(0);
            bool existed = Directory.Exists(directory);
            OwnershipMarker.Claim(run.Path, OwnershipMarker.Run, "RUN_DIR");
            string path;
            try
            {
                RunSession.WriteNewConfig(config, run, state.InitialWeights);
                path = state.Store.SaveLatest(state.ToCheckpoint(0, 0));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing half-made stays behind: the directory was new or empty, so what is in it now is ours.
                try
                {
                    if (existed) foreach (var entry in Directory.EnumerateFileSystemEntries(directory)) DeleteEntry(entry);
                    else Directory.Delete(directory, recursive: true);
                }
                catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
                throw new BadInputException("RUN_DIR", $"writing '{directory}' failed ({e.Message}); nothing was kept. Free space or choose another RUN_DIR.");
            }
            return (state, state.OpenCheckpoint(path));
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }
}
