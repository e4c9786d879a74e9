using System.Text.Json;
using System.Text.Json.Nodes;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Output;
using RealGanLab.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace RealGanLab.Interop;

/// <summary>
/// A run's networks as PyTorch state dicts (TorchSharp.PyBridge's <c>save_py</c>; <c>torch.load</c> reads them) with
/// the parameter names of the module definitions in interop/realganlab_torch.py: generator.pt, discriminator.pt,
/// generator_ema.pt / generator_uniform.pt where the run keeps averages of G, batch.pt (the run's probe batch — G's
/// inputs and real samples — with G's and D's outputs on it, computed here in float32 with the networks in eval mode,
/// for the reader to check its copy against), and export.json describing the architecture and the conventions.
/// Written into a temporary folder beside the target and renamed into place, so a failed export leaves nothing.
/// </summary>
public static class PyTorchExport
{
    public const string DescriptionFile = "export.json";

    /// <summary>Writes the export of <paramref name="state"/> (its checkpoint already loaded, at <paramref name="step"/>) to <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> Write(TrainingState state, long step, string folder)
    {
        var game = state.Game;
        var config = state.Config;
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new BadInputException("--out", $"'{folder}' exists and is not empty; give a new folder.");
        var parent = Path.GetDirectoryName(Path.GetFullPath(folder))!;
        if (!Directory.Exists(parent))
            throw new BadInputException("--out", $"the folder {parent} does not exist.");

        var temporary = Path.Combine(parent, $".{Path.GetFileName(Path.GetFullPath(folder))}.export-{Environment.ProcessId}");
        Directory.CreateDirectory(temporary);
        try
        {
            var files = new JsonObject();
            using (var scope = NewDisposeScope())
            using (no_grad())
            {
                var g = game.GeneratorNetwork;
                var d = game.DiscriminatorNetwork;
                bool gTraining = g.training, dTraining = d.training;
                g.eval();
                d.eval();
                try
                {
                    Save(g, Path.Combine(temporary, "generator.pt"));
                    files["generator"] = "generator.pt";
                    Save(d, Path.Combine(temporary, "discriminator.pt"));
                    files["discriminator"] = "discriminator.pt";
                    foreach (var average in state.Averages)
                    {
                        using var swap = new ParameterSwap(g.parameters().ToList(), average.Parameters);
                        Save(g, Path.Combine(temporary, $"generator_{average.Name}.pt"));
                        files[$"generator_{average.Name}"] = $"generator_{average.Name}.pt";
                    }
                    var batch = state.ProbeBatch;
                    // G's inputs: latent codes, or the real images the compression game's G reconstructs.
                    var noise = (game is CompressionGan ? batch.Real! : batch.Latent!).to(float32);
                    var real = batch.Real!.to(float32);
                    var generated = g.call(noise.to(game.Dtype)).to(float32);
                    var bundle = new TensorBundle(
                    [
                        ("noise", noise), ("real", real), ("generated", generated),
                        ("d_real", d.call(real.to(game.Dtype)).to(float32)), ("d_generated", d.call(generated.to(game.Dtype)).to(float32)),
                    ]);
                    Save(bundle, Path.Combine(temporary, "batch.pt"));
                    files["batch"] = "batch.pt";
                }
                finally
                {
                    g.train(gTraining);
                    d.train(dTraining);
                }
            }
            var description = Describe(config, game, step, files);
            AtomicFile.WriteAllText(Path.Combine(temporary, DescriptionFile), description.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            if (Directory.Exists(folder)) Directory.Delete(folder);
            Directory.Move(temporary, folder);
            return Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;
        }
        catch
        {
            try { Directory.Delete(temporary, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>
    /// The 2-D mixture's geometry, for scoring an exported G with PacGAN's protocol (Lin et al. 2018, §5: a sample is
    /// high-quality within 3 std of its nearest mean) without rebuilding the ring or grid from the config.
    /// </summary>
    static JsonObject Mixture(Data.GaussianMixture mixture) => new()
    {
        ["name"] = mixture.Name,
        ["means"] = new JsonArray(mixture.Means.Select(m => (JsonNode)new JsonArray(m.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray())).ToArray()),
        ["stds"] = new JsonArray(mixture.Stds.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
        ["weights"] = "equal",
        ["high_quality"] = "within 3 std of the nearest mean",
    };

    /// <summary>A module's state dict in float32 (as PyTorch modules are built by default).</summary>
    static void Save(nn.Module module, string path)
    {
        var dtype = module.parameters().FirstOrDefault()?.dtype ?? float32;
        if (dtype != float32) module.to(float32);
        try
        {
            using var stream = File.Create(path);
            module.save_py(stream);
        }
        finally
        {
            if (dtype != float32) module.to(dtype);
        }
    }

    static JsonObject Describe(ExperimentConfig config, GanGame game, long step, JsonObject files)
    {
        var g = config.Generator;
        var d = config.Discriminator;
        bool mlp = game is MixtureGan;
        var description = new JsonObject
        {
            ["format"] = "realganlab-pytorch-export 1",
            ["game"] = config.Game.Name,
            ["data"] = config.Data.Name,
            ["loss"] = config.Game.Loss,
            ["seed"] = config.Seed,
            ["step"] = step,
            ["dtype"] = "float32",
            ["generator"] = mlp
                ? new JsonObject { ["kind"] = "mlp", ["inputs"] = g.Latent, ["outputs"] = ((MixtureGan)game).Mixture.Dimension, ["hidden_layers"] = g.HiddenLayers,
                    ["width"] = g.Width, ["activation"] = g.Activation, ["normalization"] = g.Normalization, ["spectral_norm"] = g.SpectralNorm }
                : new JsonObject { ["kind"] = game is CompressionGan ? "encoder_decoder" : "dcgan", ["latent"] = g.Latent, ["channels"] = ((ImageGan)game).Channels, ["width"] = g.Width,
                    ["depth"] = g.HiddenLayers, ["normalization"] = g.Normalization, ["spectral_norm"] = g.SpectralNorm },
            ["discriminator"] = mlp
                ? new JsonObject { ["kind"] = "packed_mlp", ["inputs"] = ((MixtureGan)game).Mixture.Dimension, ["pack"] = d.Pack, ["hidden_layers"] = d.HiddenLayers,
                    ["width"] = d.Width, ["activation"] = d.Activation, ["normalization"] = d.Normalization, ["spectral_norm"] = d.SpectralNorm }
                : new JsonObject { ["kind"] = "dcgan", ["channels"] = ((ImageGan)game).Channels, ["width"] = d.Width, ["depth"] = d.HiddenLayers,
                    ["normalization"] = d.Normalization, ["spectral_norm"] = d.SpectralNorm },
            ["files"] = files,
            ["batch"] = new JsonObject
            {
                ["noise"] = game is CompressionGan ? "G's inputs: the probe batch's real images [n, channels·28·28] (the compression game's G reconstructs them)"
                    : "G's inputs [n, latent]: the run's probe batch",
                ["real"] = "real samples of the probe batch, flattened [n, features]",
                ["generated"] = "G(noise), networks in eval mode",
                ["d_real"] = "D(real); a packed D (pack > 1) scores groups of pack consecutive samples",
                ["d_generated"] = "D(generated)",
            },
            ["conventions"] = new JsonObject
            {
                ["images"] = "flattened [n, channels·28·28], values in [−1, 1] (G ends in tanh)",
                ["field"] = "v = (−∂L_G/∂θ_G, −∂L_D/∂θ_D): each player minimises its own loss; simultaneous GD steps x ← x + h·v; an equilibrium is stable for that flow iff every eigenvalue of J = ∂v/∂x has Re λ < 0",
                ["mode"] = "outputs in eval mode: BatchNorm uses its running statistics",
            },
        };
        if (game is MixtureGan mixtureGame) description["mixture"] = Mixture(mixtureGame.Mixture);
        return description;
    }
}
