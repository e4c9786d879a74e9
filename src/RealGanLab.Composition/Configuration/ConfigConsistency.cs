using Microsoft.Extensions.Configuration;
using RealGanLab.Estimators;
using RealGanLab.Games;
using RealGanLab.Losses;
using RealGanLab.Regularizers;
using RealGanLab.Rules;

namespace RealGanLab.Configuration;

/// <summary>Checks that need more than one key: regularizers and losses the chosen game cannot use, batch sizes the estimator needs.</summary>
public static class ConfigConsistency
{
    public static IReadOnlyList<InputIssue> Check(ExperimentConfig c, IConfiguration raw)
    {
        var issues = new List<InputIssue>();
        var game = c.Game.Name;

        foreach (var entry in RegularizerRegistry.Active(c.Regularizers))
        {
            if (entry.Needs.HasFlag(RegularizerNeeds.DiscriminatorOnData) && !GameFactory.HasDiscriminatorOnData(game))
            {
                // The games that qualify, from the capability itself, so the message cannot fall behind a new game.
                var withData = string.Join(", ", GameFactory.Names.Where(GameFactory.HasDiscriminatorOnData));
                issues.Add(new InputIssue($"regularizers:{entry.Key}",
                    $"needs a GAN game with a discriminator on data ({withData}); game '{game}' has none. Set it to 0 or choose one of those games."));
            }
            else if (entry.Needs.HasFlag(RegularizerNeeds.PairedTarget) && !GameFactory.HasPairedTarget(game))
            {
                var paired = string.Join(", ", GameFactory.Names.Where(GameFactory.HasPairedTarget));
                issues.Add(new InputIssue($"regularizers:{entry.Key}",
                    $"needs a target paired with each generated sample (games {paired}: Dirac-GAN's point, the compression game's input image); here the real samples are drawn independently of z, so the term would only pull G towards the data mean. Set it to 0, or use game:name=compression."));
            }
        }

        if (game == "dirac" && c.Game.DataMean != 0 && LossFamilies.Names.Contains(c.Game.Loss))
        {
            var family = LossFamilies.Create(c.Game.Loss);
            double slope = Numerics.ScalarDerivative.At(family.RealPayoff, 0, 1) + Numerics.ScalarDerivative.At(family.FakePayoff, 0, 1);
            if (Math.Abs(slope) > 1e-12)
                issues.Add(new InputIssue("game:dataMean",
                    $"with loss '{c.Game.Loss}' (f1′(0) + f2′(0) = {slope:g4}) the Dirac-GAN has no equilibrium at (dataMean, 0); use dataMean = 0 or a loss with f1′(0) = −f2′(0) (minimax, non-saturating, wasserstein, hinge)."));
        }

        if (!GameFactory.UsesLossFamily(game) && raw["game:loss"] is not null)
            issues.Add(new InputIssue("game:loss",
                $"game '{game}' has no loss family (only {string.Join(", ", GameFactory.Names.Where(GameFactory.UsesLossFamily))} do); remove the key."));

        if (game == "pointwise" && c.Game.Domain == "probability" && LossFamilies.Names.Contains(c.Game.Loss)
            && !LossFamilies.Create(c.Game.Loss).OutputIsLogit)
            issues.Add(new InputIssue("game:domain",
                $"the probability domain needs a loss whose D output is a logit (minimax, non-saturating); '{c.Game.Loss}' is not. Use logit or auto."));

        if (FieldNormEstimators.ForRule(c.Rule) is { } estimator)
        {
            if (c.Game.BatchSize < estimator.MinimumBatchSize)
                issues.Add(new InputIssue("game:batchSize",
                    $"the '{estimator.Name}' estimator needs at least {estimator.MinimumBatchSize} samples per batch; got {c.Game.BatchSize}."));
        }

        if (c.Probe.HutchinsonSamples == 1)
            issues.Add(new InputIssue("probe:hutchinsonSamples",
                "one probe vector gives no standard error; use 0 (no potential/rotation split) or at least 2."));

        if (c.Optimizer.Name != "sgd" && c.Optimizer.Momentum < 0)
            issues.Add(new InputIssue("optimizer:momentum", $"negative momentum is only defined for sgd; optimizer is '{c.Optimizer.Name}'."));
        if (c.Optimizer.Name == "adam" && c.Optimizer.Momentum != 0)
            issues.Add(new InputIssue("optimizer:momentum", "adam has no momentum setting; use optimizer:beta1."));

        if (!GameFactory.IsNeural(game))
        {
            // Spectral normalization (Miyato et al. 2018) acts on network layers; an analytic game's players have none.
            if (c.Generator.SpectralNorm)
                issues.Add(new InputIssue("generator:spectralNorm", $"normalises network layers; game '{game}' has none. Set it to false or choose --game mlp."));
            if (c.Discriminator.SpectralNorm)
                issues.Add(new InputIssue("discriminator:spectralNorm", $"normalises network layers; game '{game}' has none. Set it to false or choose --game mlp."));
        }

        if (GameFactory.IsNeural(game)) issues.AddRange(NeuralChecks(c));
        else if (UpdateRules.Needs(c.Rule.Name, RuleNeeds.UnrollableDiscriminator))
            issues.Add(new InputIssue("rule:name", $"'{c.Rule.Name}' needs a game with a neural discriminator (mlp); game '{game}' has none."));

        var unrolled = c.Rule.Options<UnrolledOptions>();
        if (unrolled.UnrollLr is not null && unrolled.UnrollOptimizer != "sgd")
            issues.Add(new InputIssue("rule:unrollLr",
                $"sets the step of plain-SGD look-ahead steps, but rule:unrollOptimizer is '{unrolled.UnrollOptimizer}' (D's own optimizer at its own learning rate). Remove unrollLr, or set rule:unrollOptimizer=sgd to unroll plain SGD steps of that size."));
        issues.AddRange(InitChecks(c));
        issues.AddRange(AveragingChecks(c));

        if (c.Game.Start is { Length: 0 })
            issues.Add(new InputIssue("game:start", "is empty; leave it out for the game's default start."));
        return issues;
    }

    /// <summary>
    /// A gain without the orthogonal init would be ignored without a word (the default init has no gain here), so
    /// it is refused; so is an init for a game without networks.
    /// </summary>
    static IEnumerable<InputIssue> InitChecks(ExperimentConfig c)
    {
        foreach (var (section, init, gain) in new[] { ("generator", c.Generator.Init, c.Generator.InitGain), ("discriminator", c.Discriminator.Init, c.Discriminator.InitGain) })
        {
            if (init != Networks.WeightInit.Orthogonal && gain != 1.0)
                yield return new InputIssue($"{section}:initGain", $"only scales the orthogonal init; {section}:init is '{init}'. Set {section}:init=orthogonal or remove the gain.");
            if (init != Networks.WeightInit.Default && !GameFactory.IsNeural(c.Game.Name))
                yield return new InputIssue($"{section}:init", $"game '{c.Game.Name}' has no networks to initialise; remove the key or choose a neural game (mlp, dcgan, compression).");
        }
    }

    /// <summary>A neural game, β &lt; 1 (β = 1 would never move the EMA) and starts inside the run, for the averages that are on.</summary>
    static IEnumerable<InputIssue> AveragingChecks(ExperimentConfig c)
    {
        var a = c.Averaging;
        if ((a.Ema || a.Uniform) && !GameFactory.IsNeural(c.Game.Name))
            yield return new InputIssue(a.Ema ? "averaging:ema" : "averaging:uniform",
                $"averages a generator network, which 'train' trains (games mlp, dcgan, compression); game '{c.Game.Name}' has none. Set it to false.");
        if (a.Ema && a.EmaBeta >= 1)
            yield return new InputIssue("averaging:emaBeta", $"must be < 1 (β = 1 keeps the first iterate forever); got {a.EmaBeta:g}. Use e.g. 0.999.");
        if (a.Ema && a.EmaStart >= c.Train.Steps)
            yield return new InputIssue("averaging:emaStart", $"must be < train:steps = {c.Train.Steps}, or the EMA never starts; got {a.EmaStart}.");
        if (a.Uniform && a.UniformStart >= c.Train.Steps)
            yield return new InputIssue("averaging:uniformStart", $"must be < train:steps = {c.Train.Steps}, or the average never starts; got {a.UniformStart}.");
    }

    /// <summary>Packing, BatchNorm and unrolling put conditions on batch sizes and estimators.</summary>
    static IEnumerable<InputIssue> NeuralChecks(ExperimentConfig c)
    {
        int pack = c.Discriminator.Pack;
        bool images = GameFactory.IsImageGame(c.Game.Name);
        if (images && !ImageDatasets.Contains(c.Data.Name))
            yield return new InputIssue("data:name", $"game '{c.Game.Name}' plays on images: use {string.Join(" or ", ImageDatasets.Names)}; got '{c.Data.Name}'.");
        if (!images && ImageDatasets.Contains(c.Data.Name))
            yield return new InputIssue("data:name", $"'{c.Data.Name}' is an image dataset: use game:name=dcgan (or compression); game '{c.Game.Name}' plays on 2-D mixtures.");
        if (images && pack > 1)
            yield return new InputIssue("discriminator:pack", "packing is implemented for the MLP discriminator only; use 1 with the image games.");
        if (images && UpdateRules.Needs(c.Rule.Name, RuleNeeds.UnrollableDiscriminator))
            yield return new InputIssue("rule:name", $"'{c.Rule.Name}' needs the MLP discriminator's functional forward; the image games do not have one.");
        if (c.Game.BatchSize % pack != 0)
            yield return new InputIssue("game:batchSize", $"must be a multiple of discriminator:pack = {pack} (D judges packs of {pack} samples); got {c.Game.BatchSize}.");
        var estimator = FieldNormEstimators.ForRule(c.Rule);
        bool batchNorm = c.Generator.Normalization == "batch" || c.Discriminator.Normalization == "batch";
        if (estimator is { SingleSamples: true } && pack > 1)
            yield return new InputIssue("rule:estimator", $"'{c.Rule.Options<ConsensusOptions>().Estimator}' evaluates v on single samples, which a packed discriminator (pack = {pack}) cannot judge; use batch or split.");
        if (estimator is { SingleSamples: true } && batchNorm)
            yield return new InputIssue("rule:estimator", $"'{c.Rule.Options<ConsensusOptions>().Estimator}' evaluates v on single samples, where BatchNorm is undefined; use batch or split, or normalization none/layer.");
        int parts = estimator?.Parts ?? 1;
        if (parts > 1 && c.Game.BatchSize % (parts * pack) != 0)
            yield return new InputIssue("game:batchSize", $"the '{c.Rule.Options<ConsensusOptions>().Estimator}' estimator cuts the batch into {parts} parts, each a multiple of pack = {pack}: use a multiple of {parts * pack}.");
        if (batchNorm && c.Game.BatchSize < 2)
            yield return new InputIssue("game:batchSize", "BatchNorm needs at least 2 samples per batch.");
        if (UpdateRules.Needs(c.Rule.Name, RuleNeeds.UnrollableDiscriminator) && c.Discriminator.Normalization == "batch")
            yield return new InputIssue("discriminator:normalization", $"the {c.Rule.Name} rule runs D on unrolled parameters, which BatchNorm's running statistics do not allow; use none or layer.");
        if (c.Probe.BatchSize < pack)
            yield return new InputIssue("probe:batchSize", $"must hold at least one pack of {pack} samples.");
        if (parts > 1 && c.Probe.BatchSize < parts * pack)
            yield return new InputIssue("probe:batchSize", $"the '{c.Rule.Options<ConsensusOptions>().Estimator}' estimator needs {parts} parts of at least one pack of {pack}: use at least {parts * pack}.");
        if (c.Data.Name == "file" && string.IsNullOrWhiteSpace(c.Data.File))
            yield return new InputIssue("data:file", "is required when data:name is 'file': a JSON list of {\"mean\": [x, y], \"std\": s}.");
    }
}
