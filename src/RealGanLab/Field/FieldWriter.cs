using System.Globalization;
using System.Text;
using System.Text.Json;
using RealGanLab.Configuration;
using RealGanLab.Output;

namespace RealGanLab.Field;

/// <summary>Writes the 'field' outputs: config.json, spectrum.json, trajectory.csv, field.png, params.png.</summary>
public static class FieldWriter
{
    static readonly JsonSerializerOptions SnakeCase = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // A diverged run has NaN/Infinity values: written as "NaN" / "Infinity" rather than failing.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Keep λ, θ, ψ, − readable in the files (they are data for people, not HTML).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteAll(FieldResult r, Provenance provenance, string directory)
    {
        Output.AtomicFile.WriteAllText(Path.Combine(directory, "config.json"),
            ConfigJson.Serialize(new { config = r.Config, provenance }));
        Output.AtomicFile.WriteAllText(Path.Combine(directory, "spectrum.json"), SpectrumJson(r));
        Output.AtomicFile.WriteAllText(Path.Combine(directory, "trajectory.csv"), TrajectoryCsv(r));
        FieldPlots.FieldFigure(r, Path.Combine(directory, "field.png"));
        FieldPlots.ParameterFigure(r, Path.Combine(directory, "params.png"));
    }

    /// <summary>The files <see cref="WriteAll"/> writes, and the ownership marker.</summary>
    static readonly HashSet<string> Outputs = ["config.json", "spectrum.json", "trajectory.csv", "field.png", "params.png", OwnershipMarker.FileName];

    /// <summary>Whether an entry of a field output directory is one this tool writes (a plain file of a known name).</summary>
    public static bool IsOutput(string path) => Outputs.Contains(Path.GetFileName(path)) && OwnershipMarker.IsPlainFile(path);

    public static string SpectrumJson(FieldResult r)
    {
        var s = r.Spectrum;
        var last = r.Trajectory[^1];
        var nearest = r.Equilibria.MinBy(e => Games.GameState.Distance(e, last.State))!;
        var document = new
        {
            Game = r.Config.Game.Name,
            GameTitle = r.GameTitle,
            Rule = r.Config.Rule.Name,
            RuleTitle = r.RuleTitle,
            FollowedField = r.FollowedField,
            SignConvention = "v = (−∇θ L_G, −∇ψ L_D); ẋ = v is stable iff every Re λ < 0 (Mescheder et al.)",
            Equilibrium = r.Equilibrium,
            Method = s.Method,
            Eigenvalues = s.Eigenvalues.Select(z => new { Re = z.Real, Im = z.Imaginary }).ToArray(),
            Residuals = s.Residuals,
            GameEigenvalues = r.GameEigenvalues.Select(z => new { Re = z.Real, Im = z.Imaginary }).ToArray(),
            MaxRealPart = s.MaxReal,
            MaxAbsImagPart = s.MaxAbsImaginary,
            ContinuousTime = r.ContinuousVerdict,
            UpdateOperatorSpectralRadius = s.UpdateOperatorSpectralRadius,
            UpdateOperator = new
            {
                Verdict = r.UpdateOperatorVerdict,
                StepSizes = new { G = r.StepSizes[0], D = r.StepSizes[1] },
                Assumes = r.OptimizerName == "sgd"
                    ? $"SGD steps with momentum {r.Momentum:g4}"
                    : $"plain SGD steps with the learning rates ({r.OptimizerName}'s adaptive scaling is not linearised)",
            },
            Trajectory = new
            {
                Steps = last.Step,
                Start = r.Trajectory[0].State,
                InitialDistance = r.Trajectory[0].Distance,
                FinalDistance = last.Distance,
                MaxDistance = r.Trajectory.Max(p => p.Distance),
                FinalState = last.State,
                FinalFieldNorm = Math.Sqrt(last.FieldNorms.Sum(n => n * n)),
                NearestEquilibriumAtEnd = nearest,
                DistanceToNearestEquilibrium = Games.GameState.Distance(nearest, last.State),
                Finite = r.Finite,
                Outcome = r.Outcome.ToString(),
                Summary = r.Summary,
            },
            ProbeBatchSize = r.ProbeBatchSize,
            ArnoldiConverged = s.Method == "arnoldi" ? s.Converged : (bool?)null,
            Warnings = r.Warnings,
            ProbeSeconds = s.Seconds,
            Seconds = r.Seconds,
        };
        return JsonSerializer.Serialize(document, SnakeCase);
    }

    /// <summary>One row per step; all coordinates for small games, the first two beyond 16 parameters.</summary>
    public static string TrajectoryCsv(FieldResult r)
    {
        int n = r.Trajectory[0].State.Length;
        int shown = n <= 16 ? n : 2;
        var names = Enumerable.Range(0, shown).Select(i => i < r.GeneratorCoordinates ? $"g{i}" : $"d{i - r.GeneratorCoordinates}");
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", new[] { "step" }.Concat(names).Concat(["distance", "v_norm_g", "v_norm_d", "loss_g", "loss_d"])));
        var c = CultureInfo.InvariantCulture;
        foreach (var p in r.Trajectory)
        {
            var cells = new List<string> { p.Step.ToString(c) };
            cells.AddRange(p.State.Take(shown).Select(x => x.ToString("R", c)));
            cells.Add(p.Distance.ToString("R", c));
            cells.AddRange(p.FieldNorms.Select(x => x.ToString("R", c)));
            cells.AddRange(p.Losses.Length == 2 ? p.Losses.Select(x => x.ToString("R", c)) : ["", ""]);
            text.AppendLine(string.Join(",", cells));
        }
        return text.ToString();
    }
}
