using System.Globalization;
using System.Text;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Probes;
using RealGanLab.Training;
using static TorchSharp.torch;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab probe RUN_DIR --path-angle A..B: the path-angle of Berard et al. 2020 (§4) between two checkpoints of a run —
/// cos ∠(v(θ(α)), θ_B − θ_A) and each player's loss along θ(α) = θ_A + α(θ_B − θ_A), on the run's probe batch at B — with the
/// Jacobian's eigenvalues at B (the live probe at B). Writes RUN_DIR/path_angle_A_B.csv, path_angle_A_B.json (the probe at B)
/// and plots/path_angle_A_B.png.
/// </summary>
public static class PathAngleCommand
{
    /// <summary>Points on the line unless --path-points says otherwise.</summary>
    public const int DefaultPoints = 41;

    public static int Run(string directory, string spec, string? range, int points, IReadOnlyDictionary<string, string> overrides)
    {
        TrainingState? state = null;
        Checkpoints.CheckpointReader from, to;
        string fromName, toName;
        double[] alphas;
        RunDirectory run;
        try
        {
            (fromName, toName) = Ends(spec);
            alphas = Grid(range, points);
            ProbeCommand.RequireProbeOverrides(overrides);
            ExperimentConfig config;
            (run, config) = RunConfigFile.OpenSavedRun(directory, overrides);
            state = TrainingState.Create(config, run, probe: true);
            from = Open(state, run, fromName);
            to = Open(state, run, toName);
            // The same point twice has no line between: every cosine would be NaN.
            if (Path.GetFullPath(from.Path) == Path.GetFullPath(to.Path) || TrainingState.StepOf(from) == TrainingState.StepOf(to))
                throw new BadInputException("--path-angle", $"names the same point twice ({Path.GetFileName(from.Path)} and {Path.GetFileName(to.Path)}, " +
                    $"step {TrainingState.StepOf(to)}); choose two checkpoints at different steps, e.g. an earlier step..latest.");
        }
        catch (BadInputException e)
        {
            state?.Dispose();
            return ConsoleReporter.BadInput(e);
        }

        using (state)
        {
            var label = $"{Label(from.Path)}_{Label(to.Path)}";
            IReadOnlyList<PathAnglePoint> path;
            using (var scope = NewDisposeScope())
            {
                state.Load(from);
                var start = GameState.GetTensor(state.Game);
                var (step, _) = state.Load(to);
                var end = GameState.GetTensor(state.Game);
                // Spectral normalization's u, v and BatchNorm's statistics as the checkpoint left them, for every point.
                using var buffers = new BufferSnapshot(state.Game.GeneratorNetwork, state.Game.DiscriminatorNetwork);
                path = PathAngle.Along(state.Game, state.ProbeBatch.AtStep(step), start, end, alphas);
            }
            var reading = state.ProbeCheckpoint(to);
            var players = state.PlayerNames;
            // The picture first: if drawing fails, no table or JSON is left without it.
            Directory.CreateDirectory(run.Plots);
            var png = Path.Combine(run.Plots, $"path_angle_{label}.png");
            var eigenvalues = reading.Spectrum.Eigenvalues.Concat(reading.Spectrum.ExtremeEigenvalues).ToArray();
            PathAnglePlots.Save(png, path, players, eigenvalues, Label(from.Path), Label(to.Path), state.Title);
            var csv = Path.Combine(run.Path, $"path_angle_{label}.csv");
            Output.AtomicFile.WriteAllText(csv, Csv(path, players));
            var record = reading.ToRecord(players);
            record["from"] = Path.GetFileName(from.Path);
            record["to"] = Path.GetFileName(to.Path);
            var json = Path.Combine(run.Path, $"path_angle_{label}.json");
            Output.AtomicFile.WriteAllText(json, JsonLines.Serialize(record) + "\n");

            var peak = path.Where(p => double.IsFinite(p.Cosine)).DefaultIfEmpty(path[0]).MaxBy(p => Math.Abs(p.Cosine))!;
            Console.WriteLine($"path-angle from {Path.GetFileName(from.Path)} to {Path.GetFileName(to.Path)} (step {reading.Step}), {path.Count} points on α ∈ [{alphas[0]:g3}, {alphas[^1]:g3}]:");
            Console.WriteLine($"  cos ∠(v, θ_B − θ_A) at α = 0: {At(path, 0):0.000}, at α = 1: {At(path, 1):0.000}; largest |cos| {Math.Abs(peak.Cosine):0.000} at α = {peak.Alpha:0.###}");
            Console.WriteLine($"  at B: max Re λ {reading.Spectrum.MaxReal:g4}, max |Im λ| {reading.Spectrum.MaxAbsImaginary:g4}{ProbeSummaryText(reading)}");
            Console.WriteLine($"wrote {csv}, {json}, {png}");
        }
        return ExitCodes.Success;
    }

    /// <summary>"A..B" → the two checkpoint names; each a step number, 'latest', or a file under checkpoints/ (or a path).</summary>
    internal static (string From, string To) Ends(string spec)
    {
        var parts = spec.Split("..");
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
            throw new BadInputException("--path-angle", $"is '{spec}'; write A..B with two checkpoints, e.g. 2000..latest or step_000002000.ckpt..step_000004000.ckpt.");
        return (parts[0].Trim(), parts[1].Trim());
    }

    /// <summary>The α grid: --path-range LO,HI (default −0.5,1.5, Berard et al.'s) with --path-points points.</summary>
    internal static double[] Grid(string? range, int points)
    {
        var text = range ?? "-0.5,1.5";
        var bounds = text.Split(',');
        if (bounds.Length != 2 || !double.TryParse(bounds[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
            || !double.TryParse(bounds[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var high)
            || !double.IsFinite(low) || !double.IsFinite(high) || !(high > low))
            throw new BadInputException("--path-range", $"is '{text}'; write LO,HI with LO < HI, e.g. -0.5,1.5 (α = 0 is A, α = 1 is B).");
        if (points is < 2 or > 100_000)
            throw new BadInputException("--path-points", $"is {points}; use 2 to 100000 points (default {DefaultPoints}).");
        return PathAngle.Grid(low, high, points);
    }

    static Checkpoints.CheckpointReader Open(TrainingState state, RunDirectory run, string which)
    {
        if (which == "latest") return state.LatestUsableCheckpoint();
        var name = long.TryParse(which, NumberStyles.None, CultureInfo.InvariantCulture, out var step) ? $"step_{step:D9}.ckpt" : which;
        var candidates = new[] { name, name + ".ckpt" };
        var found = candidates.FirstOrDefault(c => File.Exists(c) || File.Exists(Path.Combine(run.Checkpoints, c)));
        if (found is null)
            throw new BadInputException("--path-angle", $"has no checkpoint '{which}' in {run.Checkpoints}; have: " +
                $"{string.Join(", ", state.Checkpoints().Select(Path.GetFileName))} (a step number such as 2000 names step_000002000.ckpt).");
        return state.OpenNamedCheckpoint(found);
    }

    static string Label(string path) => Path.GetFileNameWithoutExtension(path);

    static double At(IReadOnlyList<PathAnglePoint> path, double alpha) => path.MinBy(p => Math.Abs(p.Alpha - alpha))!.Cosine;

    static string ProbeSummaryText(ProbeReading reading) =>
        ProbeSummary.RotationAndStableStep(new Dictionary<string, double>
        {
            ["rotation_fraction"] = reading.Spectrum.Split?.RotationFraction ?? double.NaN,
            ["stable_step_factor"] = reading.Spectrum.StableStep.Factor,
        });

    static string Csv(IReadOnlyList<PathAnglePoint> path, IReadOnlyList<string> players)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", new[] { "alpha", "cos" }.Concat(players.Select(p => $"cos_{p}")).Append("v_norm").Concat(players.Select(p => $"loss_{p}"))));
        foreach (var p in path)
        {
            var values = new[] { p.Alpha, p.Cosine }.Concat(p.PlayerCosines).Append(p.FieldNorm)
                .Concat(players.Select((_, i) => i < p.Losses.Length ? p.Losses[i] : double.NaN));
            text.AppendLine(string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }
        return text.ToString();
    }
}
