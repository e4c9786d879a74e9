using RealGanLab.Configuration;
using RealGanLab.Native;

namespace RealGanLab.Training;

/// <summary>
/// A rough upper estimate of the memory a configured game needs, made from the config alone (nothing is allocated),
/// so that a run which cannot fit is refused before it starts instead of allocating until libtorch fails or the
/// kernel kills the process half-way through writing its run directory. With P the players' parameter count
/// (counted exactly, layer by layer, as the networks build them), e the bytes per element of the config's dtype,
/// B the training batch, Bp the probe batch and A the activations per sample (every layer output of G, plus D's
/// twice: on real and on generated samples), the parts are:
/// <list type="bullet">
/// <item>parameters: P·e·(1 parameter + 1 gradient + optimizer slots (Adam and RMSProp 2, SGD 1) + 2 copies a rule may keep);</item>
/// <item>training activations: B·A·e·6 (forward, backward and the double backward of consensus and gradient
/// penalties), times 1 + unrollSteps for the unrolled rule; per-sample consensus estimators add B·P·e·2;</item>
/// <item>probe (when the run probes): Bp·A·e·12 for the double-VJP graph, the Arnoldi basis (m + 1)·P·8 with
/// m = probe:subspace (0: max(3k, 30)) but at most P, the Lanczos vectors (hessianIterations + 1)·P·8, and a dense Jacobian
/// 3·P²·16 bytes when P ≤ probe:denseLimit;</item>
/// <item>data: the mixture's sample buffers (B + Bp + evalSamples)·d·8, or MNIST's images as bytes (70,000·784)
/// plus the evaluation's generated images evalSamples·C·784·e·2; the fixed noise evalSamples·latent·e;</item>
/// <item>generator averaging: each average of G in float64, P_G·8, and a copy of G's weights, P_G·e, during its evaluation;</item>
/// <item>the linear game of 'field': its dense matrix and eigen-decomposition, 4·n²·8.</item>
/// </list>
/// What is checked: on the CPU, the estimate against the memory the machine has available now (/proc/meminfo's
/// MemAvailable, and the .NET runtime's limit, which honours a container's); on CUDA, against the GPU's total memory
/// as the NVIDIA driver reports it — not what other processes hold on it — and not at all when the driver gives no
/// answer. The factors are generous on purpose: the check is there to stop sizes that cannot work (a batch of 10⁷,
/// widths of 10⁵), not to predict a run's footprint.
/// </summary>
public sealed record MemoryEstimate(IReadOnlyList<MemoryEstimate.Part> Parts, long GeneratorParameters, long DiscriminatorParameters)
{
    /// <summary>One contributor: what it is, its bytes, and the config key that shrinks it.</summary>
    public sealed record Part(string What, double Bytes, string Key);

    public double TotalBytes => Parts.Sum(p => p.Bytes);

    public long ParameterCount => GeneratorParameters + DiscriminatorParameters;

    /// <summary>The key whose parts add up to the most bytes: the one to lower.</summary>
    public string KeyToLower => Parts.GroupBy(p => p.Key).MaxBy(g => g.Sum(p => p.Bytes))!.Key;

    /// <summary>Krylov or Lanczos vector counts above this are blamed on themselves rather than on the networks' size.</summary>
    const int LongBasis = 200;

    /// <summary>The estimate for a config; <paramref name="probe"/>: whether the Jacobian probe runs (train with probeEvery &gt; 0, or 'probe').</summary>
    public static MemoryEstimate For(ExperimentConfig c, bool probe)
    {
        var parts = new List<Part>();
        double e = c.Dtype == "float32" ? 4 : 8;
        if (c.Game.Name == "linear")
        {
            double n = c.Game.Size;
            parts.Add(new Part("the linear game's matrix and its eigen-decomposition", 4 * n * n * 8, "game:size"));
            return new MemoryEstimate(parts, 0, 0);
        }
        if (!GameFactory.IsNeural(c.Game.Name)) return new MemoryEstimate([new Part("an analytic game", 1 << 20, "game:name")], 0, 0);

        bool images = GameFactory.IsImageGame(c.Game.Name);
        int channels = c.Data.Name == "stacked-mnist" ? 3 : 1;
        int dimension = images ? channels * 784 : 2;
        long pg = GeneratorParameterCount(c, channels);
        long pd = DiscriminatorParameterCount(c, channels);
        double p = pg + pd;
        double perSample = GeneratorActivations(c, channels) + 2 * DiscriminatorActivations(c, channels);
        string widthKey = pg >= pd ? "generator:width (or generator:hiddenLayers)" : "discriminator:width (or discriminator:hiddenLayers)";

        int slots = c.Optimizer.Name == "sgd" ? 1 : 2;
        parts.Add(new Part("parameters, gradients and optimizer state", p * e * (2 + slots + 2), widthKey));
        int averages = (c.Averaging.Ema ? 1 : 0) + (c.Averaging.Uniform ? 1 : 0);
        if (averages > 0)
            parts.Add(new Part("averages of G (float64) and G's weights kept while one is evaluated", pg * (8.0 * averages + e), "generator:width (or averaging:*)"));
        double unroll = UpdateRules.Needs(c.Rule.Name, Rules.RuleNeeds.UnrollableDiscriminator) ? 1 + c.Rule.Options<Rules.UnrolledOptions>().UnrollSteps : 1;
        parts.Add(new Part("training-batch activations", (double)c.Game.BatchSize * perSample * e * 6 * unroll, "game:batchSize"));
        if (UpdateRules.Needs(c.Rule.Name, Rules.RuleNeeds.FieldNormEstimator) && c.Rule.Options<Rules.ConsensusOptions>().Estimator is "per_sample" or "ustat")
            parts.Add(new Part("per-sample fields of the consensus estimator", (double)c.Game.BatchSize * p * e * 2, "game:batchSize (or rule:estimator)"));
        if (probe)
        {
            parts.Add(new Part("probe-batch activations", (double)c.Probe.BatchSize * perSample * e * 12, "probe:batchSize"));
            // A Krylov space never has more dimensions than the game has parameters.
            int m = (int)Math.Min(c.Probe.Subspace > 0 ? c.Probe.Subspace : Math.Max(3 * c.Probe.K, 30), p);
            // Vectors of P numbers: what to lower is the count of vectors when it is unusually large, else the networks.
            parts.Add(new Part("the probe's Arnoldi basis", (m + 1.0) * p * 8, m > LongBasis ? "probe:subspace (or probe:k)" : widthKey));
            if (c.Train.HessianIterations > 0)
                parts.Add(new Part("the Lanczos vectors of the Hessian extremes", (c.Train.HessianIterations + 1.0) * p * 8,
                    c.Train.HessianIterations > LongBasis ? "train:hessianIterations" : widthKey));
            if (p <= c.Probe.DenseLimit) parts.Add(new Part("the dense Jacobian", 3 * p * p * 16, "probe:denseLimit"));
        }
        double evalSamples = c.Train.EvalSamples;
        if (images)
        {
            parts.Add(new Part("MNIST images", 70_000.0 * 784, "data:name"));
            parts.Add(new Part("generated evaluation images", evalSamples * dimension * e * 2, "train:evalSamples"));
        }
        else parts.Add(new Part("mixture sample buffers", ((double)c.Game.BatchSize + c.Probe.BatchSize + evalSamples) * dimension * 8, "game:batchSize"));
        parts.Add(new Part("fixed evaluation noise", evalSamples * c.Generator.Latent * e, "train:evalSamples"));
        return new MemoryEstimate(parts, pg, pd);
    }

    /// <summary>
    /// Refuses (bad input) a config whose estimate exceeds what the machine has, naming both and the key to lower.
    /// <paramref name="available"/> overrides the machine's figure (tests); null asks the machine.
    /// </summary>
    public static void EnsureFits(ExperimentConfig config, bool probe, long? available = null)
    {
        var estimate = For(config, probe);
        var (bytes, where) = available is long given ? (given, "the given limit") : Available(config.Device);
        if (bytes <= 0 || estimate.TotalBytes <= bytes) return;
        var key = estimate.KeyToLower;
        var largest = estimate.Parts.OrderByDescending(p => p.Bytes).Take(2).Select(p => $"{p.What} {Format(p.Bytes)}");
        var players = estimate.ParameterCount > 0 ? $" (the players have {estimate.ParameterCount:N0} parameters)" : "";
        throw new BadInputException(key.Split(' ')[0],
            $"this configuration needs about {Format(estimate.TotalBytes)} of memory{players}, but {where} has {Format(bytes)} available. " +
            $"Largest parts: {string.Join(", ", largest)}. Lower {key}.");
    }

    /// <summary>Bytes the run may use and where they are; (0, …) when unknown (then nothing is refused).</summary>
    static (long Bytes, string Where) Available(string device)
    {
        if (device == "cuda" || (device == "auto" && CudaDriver.Query().Gpus.Count > 0))
        {
            var gpus = CudaDriver.Query().Gpus;
            return gpus.Count > 0 ? (gpus[0].TotalBytes, $"the GPU ({gpus[0].Name})") : (0, "");
        }
        long runtime = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        long? meminfo = MemAvailable();
        long bytes = meminfo is long m && m > 0 ? Math.Min(m, runtime > 0 ? runtime : long.MaxValue) : runtime;
        return (bytes, "this machine");
    }

    static long? MemAvailable()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        return null;
    }

    public static string Format(double bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (1L << 30):0.#} GiB" : bytes >= 1 << 20 ? $"{bytes / (1 << 20):0.#} MiB" : $"{bytes / 1024:0.#} KiB";

    /// <summary>Linear layer: weight and bias.</summary>
    static long Linear(long inputs, long outputs) => inputs * outputs + outputs;

    /// <summary>Convolution (or transposed) with a k×k kernel: weight and bias.</summary>
    static long Conv(long inputs, long outputs, long k) => inputs * outputs * k * k + outputs;

    /// <summary>Batch, layer or group normalization's affine weight and bias; none has no parameters.</summary>
    static long Norm(string normalization, long features) => normalization == "none" ? 0 : 2 * features;

    static long MlpParameters(long inputs, long outputs, int hidden, long width, string normalization)
    {
        long count = 0, fanIn = inputs;
        for (int i = 0; i < hidden; i++)
        {
            count += Linear(fanIn, width) + Norm(normalization, width);
            fanIn = width;
        }
        return count + Linear(fanIn, outputs);
    }

    /// <summary>The convolutional body of the DCGAN discriminator and of the compression game's encoder.</summary>
    static long DownsamplerParameters(int channels, long width, int depth, string normalization)
    {
        long wide = 2 * width;
        return Conv(channels, width, 4) + Conv(width, wide, 4) + Norm(normalization, wide) + depth * (Conv(wide, wide, 3) + Norm(normalization, wide));
    }

    static long DcganGeneratorParameters(long latent, int channels, long width, int depth, string normalization)
    {
        long wide = 2 * width;
        return Linear(latent, wide * 49) + Norm(normalization, wide * 49) + depth * (Conv(wide, wide, 3) + Norm(normalization, wide))
            + Conv(wide, width, 4) + Norm(normalization, width) + Conv(width, channels, 4);
    }

    /// <summary>The generator's trainable parameters, exactly as the networks are built.</summary>
    public static long GeneratorParameterCount(ExperimentConfig c, int channels)
    {
        var g = c.Generator;
        return c.Game.Name switch
        {
            "mlp" => MlpParameters(g.Latent, 2, g.HiddenLayers, g.Width, g.Normalization),
            "compression" => DownsamplerParameters(channels, g.Width, g.HiddenLayers, g.Normalization) + Linear(2L * g.Width * 49, g.Latent)
                + DcganGeneratorParameters(g.Latent, channels, g.Width, g.HiddenLayers, g.Normalization),
            _ => DcganGeneratorParameters(g.Latent, channels, g.Width, g.HiddenLayers, g.Normalization),
        };
    }

    /// <summary>The discriminator's trainable parameters, exactly as the networks are built.</summary>
    public static long DiscriminatorParameterCount(ExperimentConfig c, int channels)
    {
        var d = c.Discriminator;
        return c.Game.Name == "mlp"
            ? MlpParameters(2L * d.Pack, 1, d.HiddenLayers, d.Width, d.Normalization)
            : DownsamplerParameters(channels, d.Width, d.HiddenLayers, d.Normalization) + Linear(2L * d.Width * 49, 1);
    }

    /// <summary>Numbers each layer of G outputs per sample (linear or convolution, normalization, activation: ×3).</summary>
    static double GeneratorActivations(ExperimentConfig c, int channels)
    {
        var g = c.Generator;
        if (c.Game.Name == "mlp") return g.Latent + 3.0 * g.HiddenLayers * g.Width + 2;
        double wide = 2.0 * g.Width;
        double decoder = 3 * wide * 49 * (1 + g.HiddenLayers) + 3.0 * g.Width * 196 + 2.0 * channels * 784;
        double encoder = c.Game.Name == "compression" ? channels * 784 + 2.0 * g.Width * 196 + 3 * wide * 49 * (1 + g.HiddenLayers) + g.Latent : g.Latent;
        return encoder + decoder;
    }

    /// <summary>Numbers each layer of D outputs per sample (packing only regroups the samples).</summary>
    static double DiscriminatorActivations(ExperimentConfig c, int channels)
    {
        var d = c.Discriminator;
        if (c.Game.Name == "mlp") return 2.0 * d.Pack + 3.0 * d.HiddenLayers * d.Width + 1;
        double wide = 2.0 * d.Width;
        return channels * 784 + 2.0 * d.Width * 196 + 3 * wide * 49 * (1 + d.HiddenLayers) + 1;
    }
}
