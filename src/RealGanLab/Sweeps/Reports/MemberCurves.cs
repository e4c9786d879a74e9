using System.Text.Json.Nodes;
using RealGanLab.Training;

namespace RealGanLab.Sweeps.Reports;

/// <summary>
/// The time series of one run directory that the report overlays per group: from metrics.jsonl the losses and the
/// per-player ‖v‖ of the "train" lines and every numeric metric of the "eval" lines; from probe.jsonl max Re λ
/// and max |Im λ|, the rotation fraction ‖A‖_F/‖J‖_F and the largest stable step ÷ the step in use (stable_step_factor). Keys are the files' own (loss_D, v_norm_G, modes, max_real, ...).
/// </summary>
public sealed record MemberCurves(IReadOnlyList<CurveSeries> Training, IReadOnlyList<CurveSeries> Evaluation, IReadOnlyList<CurveSeries> Spectrum)
{
    /// <summary>The spectrum keys of probe.jsonl the report plots.</summary>
    public static readonly string[] SpectrumKeys = ["max_real", "max_abs_imag", "rotation_fraction", "stable_step_factor"];

    static readonly HashSet<string> NotMetrics = ["kind", "step", "epoch"];

    public static MemberCurves Read(string runDirectory)
    {
        var run = new RunDirectory(runDirectory);
        var lines = JsonNumbers.ReadLines(run.Metrics).Where(l => l["step"] is not null).ToList();
        var train = lines.Where(l => (string?)l["kind"] == "train").ToList();
        var eval = lines.Where(l => (string?)l["kind"] == "eval").ToList();
        var probes = JsonNumbers.ReadLines(run.Probe).Where(l => l["step"] is not null).ToList();
        var trainKeys = Keys(train).Where(k => k.StartsWith("loss_", StringComparison.Ordinal) || k.StartsWith("v_norm_", StringComparison.Ordinal));
        return new MemberCurves(
            trainKeys.Select(k => Series(train, k)).ToList(),
            Keys(eval).Select(k => Series(eval, k)).ToList(),
            SpectrumKeys.Where(k => probes.Any(p => p[k] is not null)).Select(k => Series(probes, k)).ToList());
    }

    /// <summary>Keys with a numeric scalar value in any line, in order of first appearance.</summary>
    static IEnumerable<string> Keys(IReadOnlyList<JsonObject> lines) =>
        lines.SelectMany(l => l.Where(kv => !NotMetrics.Contains(kv.Key) && kv.Value is not JsonArray and not JsonObject
                                            && kv.Value is not null && JsonNumbers.Scalar(kv.Value) is not null)
                .Select(kv => kv.Key))
            .Distinct();

    static CurveSeries Series(IReadOnlyList<JsonObject> lines, string key) =>
        new(key,
            lines.Select(l => JsonNumbers.Scalar(l["step"]) ?? double.NaN).ToArray(),
            lines.Select(l => JsonNumbers.Scalar(l[key]) ?? double.NaN).ToArray());
}
