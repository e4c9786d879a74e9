namespace RealGanLab.Bench;

/// <summary>
/// A model the benchmark times: the config keys it sets over train's built-in defaults (the 2-D MLP game), and the
/// rule settings that depend on the model (consensus γ, R1 weight). The same sizes, batch and optimizer as the shipped
/// configs, so bench numbers predict training runs; bench/pytorch_reference.py builds the same networks.
/// </summary>
public sealed record BenchModel(string Name, string Description, IReadOnlyDictionary<string, string> Settings, double ConsensusGamma, double R1Weight)
{
    /// <summary>Whether the model plays on MNIST (which must have been fetched).</summary>
    public bool NeedsMnist => Settings.TryGetValue("data:name", out var data) && data == "mnist";

    /// <summary>The default 2-D game: ring of 8 Gaussians, MLP players, batch 256, Adam 1e-3 (train-defaults.json).</summary>
    public static BenchModel Mlp { get; } = new("mlp", "2-D ring, MLP G/D (train defaults), batch 256", new Dictionary<string, string>(), 1.0, 1.0);

    /// <summary>The MNIST DCGAN at CPU size (configs/mnist-*.json: width 32, latent 64, batch 64).</summary>
    public static BenchModel Dcgan { get; } = new("dcgan", "MNIST DCGAN, width 32 (configs/mnist-*.json), batch 64", Image(latent: 64, width: 32), 0.01, 10.0);

    /// <summary>The MNIST DCGAN at the published size (configs/gpu/mnist-*.json: width 64, latent 100, ~0.9 M parameters).</summary>
    public static BenchModel Dcgan64 { get; } = new("dcgan-64", "MNIST DCGAN, width 64 (configs/gpu/mnist-*.json), batch 64", Image(latent: 100, width: 64), 0.01, 10.0);

    public static IReadOnlyList<BenchModel> All { get; } = [Mlp, Dcgan, Dcgan64];

    /// <summary>The update rules the benchmark times, in table order.</summary>
    public static IReadOnlyList<string> Rules { get; } = ["simgd", "altgd", "consensus", "r1", "extragradient"];

    /// <summary>The config keys of one rule on this model ("r1" is simultaneous GD with the R1 penalty).</summary>
    public IReadOnlyDictionary<string, string> RuleSettings(string rule) => rule switch
    {
        "simgd" => new Dictionary<string, string> { ["rule:name"] = "simgd" },
        "altgd" => new Dictionary<string, string> { ["rule:name"] = "altgd" },
        "consensus" => new Dictionary<string, string> { ["rule:name"] = "consensus", ["rule:gamma"] = Invariant(ConsensusGamma), ["rule:estimator"] = "batch" },
        "r1" => new Dictionary<string, string> { ["rule:name"] = "simgd", ["regularizers:r1"] = Invariant(R1Weight) },
        "extragradient" => new Dictionary<string, string> { ["rule:name"] = "extragradient" },
        _ => throw new ArgumentException($"unknown bench rule '{rule}'"),
    };

    static string Invariant(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static Dictionary<string, string> Image(int latent, int width) => new()
    {
        ["game:name"] = "dcgan", ["game:batchSize"] = "64", ["data:name"] = "mnist",
        ["generator:latent"] = latent.ToString(System.Globalization.CultureInfo.InvariantCulture), ["generator:hiddenLayers"] = "0",
        ["generator:width"] = width.ToString(System.Globalization.CultureInfo.InvariantCulture), ["generator:normalization"] = "batch",
        ["discriminator:hiddenLayers"] = "0", ["discriminator:width"] = width.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["discriminator:normalization"] = "layer",
        ["optimizer:lr"] = "0.0002", ["optimizer:decay"] = "none",
    };
}
