using RealGanLab.Estimators;
using RealGanLab.Games;
using RealGanLab.Losses;
using RealGanLab.Optimizers;
using RealGanLab.Probes;
using RealGanLab.Rules;

namespace RealGanLab.Configuration;

/// <summary>The valid names of every kind of choice, for validation and "did you mean".</summary>
public static class Registries
{
    public static IReadOnlyList<string> NamesOf(NameKind kind) => kind switch
    {
        NameKind.Game => GameFactory.Names,
        NameKind.Loss => LossFamilies.Names,
        NameKind.Rule => UpdateRules.Names,
        NameKind.Estimator => FieldNormEstimators.Names,
        NameKind.Optimizer => OptimizerFactory.Names,
        NameKind.EigenTarget => EigenTargets.Names,
        NameKind.Device => DeviceNames.All,
        NameKind.Dtype => ["float32", "float64"],
        NameKind.Domain => ["auto", "logit", "probability"],
        NameKind.Dataset => Datasets.Names,
        NameKind.Activation => Networks.Activations.Names,
        NameKind.Normalization => Networks.Normalizations.Names,
        NameKind.Schedule => Optimizers.LearningRateSchedule.Names,
        NameKind.UnrollLookAhead => UnrolledGan.LookAheads,
        NameKind.UnrollSurrogate => UnrolledGan.Surrogates,
        NameKind.Order => AlternatingGradientDescent.Orders,
        NameKind.Init => Networks.WeightInit.Names,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
