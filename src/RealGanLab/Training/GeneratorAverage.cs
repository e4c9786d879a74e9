using System.Text.Json;
using System.Text.Json.Nodes;
using RealGanLab.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// One average of the generator's iterates θ_k (θ_k: G's parameters after k training steps, θ_0 the initialisation),
/// kept beside G (Yazıcı et al. 2019, "The unusual effectiveness of averaging in GAN training", §3):
/// <list type="bullet">
/// <item>EMA from step s: θ_EMA = θ_s, then θ_EMA ← β θ_EMA + (1 − β) θ_k for k = s + 1, s + 2, …, so after step t
/// θ_EMA = β^(t−s) θ_s + (1 − β) Σ_{k=s+1..t} β^(t−k) θ_k;</item>
/// <item>uniform from step s: θ_MA = (1 / (t − s + 1)) Σ_{k=s..t} θ_k, kept as the running mean θ̄ ← θ̄ + (θ_k − θ̄)/n.</item>
/// </list>
/// Both are kept in float64 whatever the game's dtype: a float32 running mean loses the (θ − θ̄)/n increments once
/// n reaches ~10⁴–10⁵ steps, and G is small enough that a second float64 copy costs little. Only parameters are
/// averaged. BatchNorm running statistics are not: the averaged network is evaluated with the raw G's current buffers
/// (the buffers are copied from G, as StyleGAN2-ADA does; GAN_stability's update_average averages parameters only and
/// keeps whatever buffers its copy had). Either way the samples do not depend on them here, because G is always
/// evaluated in training mode (batch statistics; docs/design.md §3).
/// </summary>
public sealed class GeneratorAverage : IDisposable
{
    readonly IReadOnlyList<Parameter> live;
    readonly List<Tensor> mean;

    /// <param name="name">"ema" or "uniform": the prefix of its metric keys and its checkpoint sections.</param>
    /// <param name="live">G's parameters, in module order.</param>
    /// <param name="start">The step s whose iterate θ_s is the first one taken in.</param>
    /// <param name="beta">EMA decay β; null for the uniform average.</param>
    public GeneratorAverage(string name, IReadOnlyList<Parameter> live, long start, double? beta)
    {
        Name = name;
        Start = start;
        Beta = beta;
        this.live = live;
        mean = live.Select(p =>
        {
            var m = zeros(p.shape, float64, p.device);
            m.DetachFromDisposeScope();
            return m;
        }).ToList();
    }

    /// <summary>The averages averaging:* asks for (EMA first, then uniform), over G's parameters <paramref name="live"/>.</summary>
    public static List<GeneratorAverage> FromConfig(Configuration.AveragingConfig config, IReadOnlyList<Parameter> live)
    {
        var averages = new List<GeneratorAverage>();
        if (config.Ema) averages.Add(new GeneratorAverage(EmaName, live, config.EmaStart, config.EmaBeta));
        if (config.Uniform) averages.Add(new GeneratorAverage(UniformName, live, config.UniformStart, beta: null));
        return averages;
    }

    /// <summary>The EMA's name: its metric keys are ema/&lt;key&gt;, its pictures epoch_NNNN_ema.png.</summary>
    public const string EmaName = "ema";

    /// <summary>The uniform average's name: its metric keys are uniform/&lt;key&gt;, its pictures epoch_NNNN_uniform.png.</summary>
    public const string UniformName = "uniform";

    public string Name { get; }

    public long Start { get; }

    public double? Beta { get; }

    /// <summary>Iterates taken in so far: max(0, t − s + 1) after step t.</summary>
    public long Count { get; private set; }

    /// <summary>The iterates an average from <see cref="Start"/> holds after <paramref name="step"/> steps: max(0, step − s + 1).</summary>
    public long CountAt(long step) => Math.Max(0, step - Start + 1);

    /// <summary>The averaged parameters (float64, G's shapes), for tests and checkpoints.</summary>
    public IReadOnlyList<Tensor> Parameters => mean;

    /// <summary>The label of the averaged generator for captions and the console.</summary>
    public string Label => Beta is double b ? $"EMA of G (β = {b:g}, from step {Start})" : $"uniform average of G (from step {Start})";

    /// <summary>
    /// Takes in θ_step, G's parameters after <paramref name="step"/> steps. Steps before the start, and the iterate
    /// already taken in (a resumed run observes the checkpoint's step again), are ignored; a skipped iterate is a bug.
    /// </summary>
    public void Observe(long step)
    {
        long next = Start + Count;
        if (step < next) return;
        if (step > next) throw new InvalidOperationException($"{Name} average: iterate {next} was never taken in (now at step {step})");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Count++;
        for (int i = 0; i < mean.Count; i++)
        {
            // No copy when G is already float64.
            var theta = live[i].detach().to_type(float64);
            if (Count == 1) mean[i].copy_(theta);
            else if (Beta is double beta) mean[i].mul_(beta).add_(theta, alpha: 1 - beta);
            else mean[i].add_(theta.sub(mean[i]), alpha: 1.0 / Count);
        }
    }

    /// <summary>
    /// Puts the averaged parameters into G (rounded to G's dtype) until the result is disposed, which puts G's own
    /// back bit for bit: the evaluation runs the one generator module on the averaged weights.
    /// </summary>
    public IDisposable LoadIntoGenerator() => new ParameterSwap(live, mean);

    /// <summary>The checkpoint sections average_NAME (the float64 parameters, concatenated) and average_NAME_state.</summary>
    public void Save(CheckpointWriter writer)
    {
        using (var scope = NewDisposeScope())
            writer.AddTensor(TensorSection, cat(mean.Select(m => m.flatten()).ToList(), 0));
        var state = new JsonObject { ["start"] = Start, ["count"] = Count };
        if (Beta is double b) state["beta"] = b;
        writer.AddJson(StateSection, state.ToJsonString());
    }

    /// <summary>Restores what <see cref="Save"/> wrote; <see cref="Problem"/> must have passed.</summary>
    public void Load(CheckpointReader reader)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var flat = reader.ReadTensor(TensorSection);
        long offset = 0;
        foreach (var m in mean)
        {
            m.copy_(flat.narrow(0, offset, m.numel()).view(m.shape));
            offset += m.numel();
        }
        Count = JsonNode.Parse(reader.ReadJson(StateSection))!["count"]!.GetValue<long>();
    }

    /// <summary>
    /// Why the checkpoint's average cannot be restored into this run, or null: missing sections, another shape or
    /// dtype, another start or β, or a count that does not match the checkpoint's step.
    /// </summary>
    public string? Problem(CheckpointReader reader, long checkpointStep)
    {
        if (!reader.Contains(TensorSection) || !reader.Contains(StateSection))
            return $"it has no {Name} average (section '{TensorSection}'), which averaging:{Name} needs; it was saved by a run without it";
        var (dtype, shape) = reader.Describe(TensorSection, CheckpointSectionKind.Tensor);
        long size = mean.Sum(m => m.numel());
        if (dtype != ScalarType.Float64 || shape.Length != 1 || shape[0] != size)
            return $"its {Name} average is {dtype}[{string.Join(", ", shape)}], this generator needs Float64[{size}]";
        JsonObject? state;
        try
        {
            state = JsonNode.Parse(reader.ReadJson(StateSection)) as JsonObject;
        }
        catch (JsonException e)
        {
            return $"its {Name} average's state is not JSON ({e.Message})";
        }
        long? start = Integer(state?["start"]), count = Integer(state?["count"]);
        if (start != Start)
            return $"its {Name} average starts at step {state?["start"]?.ToJsonString() ?? "?"}, this run's at {Start}";
        if (Beta is double beta && !(state?["beta"] is JsonValue b && b.TryGetValue<double>(out var saved) && saved == beta))
            return $"its EMA has β = {state?["beta"]?.ToJsonString() ?? "?"}, this run's is {beta:R}";
        long expected = CountAt(checkpointStep);
        if (count != expected)
            return $"its {Name} average holds {state?["count"]?.ToJsonString() ?? "?"} iterates; at step {checkpointStep} from step {Start} it must hold {expected}";
        return null;
    }

    static long? Integer(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var x) ? x : null;

    string TensorSection => $"average_{Name}";

    string StateSection => $"average_{Name}_state";

    public void Dispose()
    {
        foreach (var m in mean) m.Dispose();
        mean.Clear();
    }
}
