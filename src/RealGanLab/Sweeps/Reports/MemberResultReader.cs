using System.Text.Json.Nodes;
using RealGanLab.Training;

namespace RealGanLab.Sweeps.Reports;

/// <summary>Reads one member's run directory (possibly missing or incomplete) into a <see cref="MemberResult"/>.</summary>
public static class MemberResultReader
{
    public static MemberResult Read(string sweepDir, SweepManifestMember member)
    {
        var run = new RunDirectory(Path.Combine(sweepDir, member.Name));
        var state = RunState.Read(run.Path);
        var summary = JsonNumbers.ReadObject(run.Summary);
        var final = summary?["final"] is JsonObject f
            ? JsonNumbers.Flatten(f).ToDictionary(kv => kv.Key, kv => kv.Value)
            : new Dictionary<string, double>();
        // Averaged generators (averaging:*): their final metrics as columns "ema/<metric>", "uniform/<metric>".
        if (summary?["averaged"] is JsonObject averaged)
            foreach (var (name, node) in averaged)
                if (node is JsonObject a)
                    foreach (var (key, value) in JsonNumbers.Flatten(a, name + "/")) final[key] = value;
        var probe = summary?["finalProbe"] as JsonObject ?? JsonNumbers.ReadLines(run.Probe).LastOrDefault();
        return new MemberResult
        {
            Member = member,
            Directory = run.Path,
            State = state,
            Steps = state.Steps ?? ConfiguredSteps(member),
            StepsPerSecond = summary?["stepsPerSecond"] is { } rate ? JsonNumbers.Scalar(rate) : null,
            Final = final,
            MaxReal = probe?["max_real"] is { } re ? JsonNumbers.Scalar(re) : null,
            MaxAbsImaginary = probe?["max_abs_imag"] is { } im ? JsonNumbers.Scalar(im) : null,
            RotationFraction = probe?["rotation_fraction"] is { } rotation ? JsonNumbers.Scalar(rotation) : null,
            StableStepFactor = probe?["stable_step_factor"] is { } factor ? JsonNumbers.Scalar(factor) : null,
            SampleImage = LastSample(run.Samples),
        };
    }

    static long? ConfiguredSteps(SweepManifestMember member) =>
        member.Config["train"]?["steps"] is JsonValue v && v.TryGetValue<long>(out var steps) ? steps : null;

    /// <summary>The last samples/epoch_NNNN.png of G itself (names sort: zero-padded epochs; averaged generators' epoch_NNNN_ema.png left out).</summary>
    static string? LastSample(string samples) =>
        Directory.Exists(samples)
            ? Directory.GetFiles(samples, "epoch_*.png").Where(p => Path.GetFileNameWithoutExtension(p).IndexOf('_', 6) < 0)
                .Order(StringComparer.Ordinal).LastOrDefault()
            : null;
}
