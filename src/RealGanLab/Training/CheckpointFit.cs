using System.Text.Json;
using System.Text.Json.Nodes;
using RealGanLab.Checkpoints;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Optimizers;
using RealGanLab.Rules;
using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// Whether a checkpoint that verified (its checksum holds) also fits the run it is to be restored into: a possible
/// step and epoch, every network tensor with the live module's name, dtype and shape, optimizer state that loads
/// into this run's optimizers, an RNG state, fixed noise and rule state of the right size. It only reads: the
/// optimizer state is tried on scratch optimizers, so a checkpoint that does not fit leaves the game, its
/// optimizers and every generator untouched, and the caller can fall back to an older one. A run that averages G
/// (<see cref="GeneratorAverage"/>) needs each average, of G's size, with its start, β and a count that matches the
/// checkpoint's step. A checkpoint from
/// another config (other widths, another optimizer, another dtype) fails here, naming the first misfit.
/// </summary>
public static class CheckpointFit
{
    /// <summary>What does not fit, or null when the checkpoint can be restored.</summary>
    public static string? Problem(CheckpointReader reader, ExperimentConfig config, GanGame game, Generator dataRng, Tensor fixedNoise, IUpdateRule rule,
        IReadOnlyList<GeneratorAverage>? averages = null)
    {
        try
        {
            if (StateProblem(reader, game) is string state) return state;
            foreach (var average in averages ?? [])
                if (average.Problem(reader, TrainingState.StepOf(reader) ?? 0) is string misfit) return misfit;
            reader.CheckModule("generator", game.GeneratorNetwork);
            reader.CheckModule("discriminator", game.DiscriminatorNetwork);
            using (var scratch = OptimizerFactory.Create(config.Optimizer, game))
                for (int i = 0; i < scratch.Optimizers.Count; i++)
                {
                    var name = $"optimizer_{game.Players[i].Name}";
                    try
                    {
                        reader.LoadOptimizer(name, scratch.Optimizers[i]);
                    }
                    catch (Exception e) when (e is InvalidOperationException or NullReferenceException or IndexOutOfRangeException
                        or System.Runtime.InteropServices.ExternalException)
                    {
                        // Whatever TorchSharp throws on state that does not fit, the scratch optimizer took it, not the run's.
                        return $"section '{name}': the optimizer state does not load into this run's {config.Optimizer.Name} ({e.Message})";
                    }
                }

            var (rngType, rngShape) = reader.Describe("data_rng", CheckpointSectionKind.Generator);
            using (var live = dataRng.get_state())
                if (rngType != live.dtype || !rngShape.SequenceEqual(live.shape))
                    return $"the data RNG state is {Show(rngType, rngShape)}, this run's is {Show(live.dtype, live.shape)}";
            var (noiseType, noiseShape) = reader.Describe("fixed_noise", CheckpointSectionKind.Tensor);
            if (noiseType != fixedNoise.dtype || !noiseShape.SequenceEqual(fixedNoise.shape))
                return $"the fixed noise is {Show(noiseType, noiseShape)}, this run's is {Show(fixedNoise.dtype, fixedNoise.shape)} (train:evalSamples or generator:latent differ)";
            if (rule is IStatefulRule && reader.Contains("rule_state"))
            {
                var (ruleType, ruleShape) = reader.Describe("rule_state", CheckpointSectionKind.Tensor);
                long[] expected = [game.ParameterCount];
                if (ruleType != game.Dtype || !ruleShape.SequenceEqual(expected))
                    return $"the rule state is {Show(ruleType, ruleShape)}, this run needs {Show(game.Dtype, expected)}";
            }
            if (reader.Contains("probe_warm_start"))
            {
                var (warmType, warmShape) = reader.Describe("probe_warm_start", CheckpointSectionKind.Tensor);
                var expected = Probes.ArnoldiWarmStart.Shape(game.ParameterCount);
                if (warmType != game.Dtype || !warmShape.SequenceEqual(expected))
                    return $"the probe's warm start is {Show(warmType, warmShape)}, this run needs {Show(game.Dtype, expected)}";
            }
            return null;
        }
        catch (CheckpointSectionException e)
        {
            return $"section '{e.Section}': {e.Detail}";
        }
    }

    /// <summary>The state section: a step ≥ 0, an epoch between 0 and the step, and for image games a data cursor ≥ 0.</summary>
    static string? StateProblem(CheckpointReader reader, GanGame game)
    {
        JsonNode? state;
        try
        {
            state = JsonNode.Parse(reader.ReadJson("state"));
        }
        catch (JsonException error)
        {
            return $"its state section is not JSON ({error.Message})";
        }
        if (state is not JsonObject obj) return "its state section is not a JSON object";
        long? step = Integer(obj["step"]), epoch = Integer(obj["epoch"]);
        if (step is not long s || s < 0) return $"its step is {obj["step"]?.ToJsonString() ?? "missing"}; a step is a whole number ≥ 0";
        if (epoch is not long e || e < 0 || e > s) return $"its epoch is {obj["epoch"]?.ToJsonString() ?? "missing"}; at step {s} an epoch is a whole number from 0 to {s}";
        if (game is ImageGan && obj["data_cursor"] is JsonNode cursor && Integer(cursor) is not >= 0)
            return $"its data cursor is {cursor.ToJsonString()}; it counts images drawn, a whole number ≥ 0";
        return null;
    }

    static long? Integer(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var x) ? x : null;

    static string Show(ScalarType dtype, long[] shape) => $"{dtype}[{string.Join(", ", shape)}]";
}
