using RealGanLab.Games;
using RealGanLab.Optimizers;
using RealGanLab.Rules;

namespace RealGanLab.Training;

/// <summary>What the trainer makes of one step's result: its metrics line, its progress line and whether it is finite.</summary>
public static class StepRecords
{
    /// <summary>The "train" line of metrics.jsonl: losses, ‖v‖ and learning rate per player, the step's time, each regularizer's term.</summary>
    public static Dictionary<string, object?> Train(StepResult result, long step, int epoch, PlayerOptimizers optimizers, double secondsPerStep)
    {
        var record = new Dictionary<string, object?>
        {
            ["kind"] = "train",
            ["step"] = step,
            ["epoch"] = epoch,
            ["loss_G"] = result.Losses[PlayerIndex.Generator],
            ["loss_D"] = result.Losses[PlayerIndex.Discriminator],
            ["v_norm_G"] = result.FieldNorms[PlayerIndex.Generator],
            ["v_norm_D"] = result.FieldNorms[PlayerIndex.Discriminator],
            ["lr_G"] = optimizers.LearningRates[PlayerIndex.Generator],
            ["lr_D"] = optimizers.LearningRates[PlayerIndex.Discriminator],
            ["step_ms"] = secondsPerStep * 1000,
        };
        foreach (var (name, value) in result.Terms) record[name] = value;
        return record;
    }

    /// <summary>The first non-finite number of a step (a loss, a ‖v‖, a regularizer's term), named; null when all are finite.</summary>
    public static string? NotFinite(StepResult r)
    {
        string[] players = ["G", "D"];
        for (int i = 0; i < r.Losses.Length; i++)
            if (!double.IsFinite(r.Losses[i])) return $"loss_{players[i]} = {r.Losses[i]}";
        for (int i = 0; i < r.FieldNorms.Length; i++)
            if (!double.IsFinite(r.FieldNorms[i])) return $"‖v_{players[i]}‖ = {r.FieldNorms[i]}";
        foreach (var (name, value) in r.Terms)
            if (!double.IsFinite(value)) return $"{name} = {value}";
        return null;
    }

    /// <summary>The progress line: L_G, L_D and ‖v‖ per player.</summary>
    public static string Line(StepResult r) =>
        $"L_G {r.Losses[0]:0.000} L_D {r.Losses[1]:0.000} ‖v_G‖ {r.FieldNorms[0]:0.00e0} ‖v_D‖ {r.FieldNorms[1]:0.00e0}";
}
