using RealGanLab.Optimizers;
using RealGanLab.Configuration;
using RealGanLab.Games;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Composition;

/// <summary>Builds the players' optimizers from the config: sgd (with momentum, negative allowed), adam, rmsprop.</summary>
public static class OptimizerFactory
{
    public static IReadOnlyList<string> Names { get; } = ["sgd", "adam", "rmsprop"];

    public static PlayerOptimizers Create(OptimizerConfig config, IGame game)
    {
        var rates = new[] { config.LrG ?? config.Lr, config.LrD ?? config.Lr };
        var optimizers = game.Players.Select((p, i) => Create(config, p.Parameters, rates[i])).ToArray();
        double momentum = config.Name is "sgd" ? config.Momentum : 0.0;
        return new PlayerOptimizers(game, config.Name, rates, momentum, optimizers);
    }

    static optim.Optimizer Create(OptimizerConfig c, IReadOnlyList<Parameter> parameters, double lr) => c.Name switch
    {
        // TorchSharp's SGD constructor rejects momentum < 0, but its step is PyTorch's heavy ball for any β:
        // pass β through the parameter group's options, which are not range-checked (negative momentum,
        // Gidel et al. 2019).
        "sgd" => new SGD([new SGD.ParamGroup(parameters, new SGD.Options { LearningRate = lr, momentum = c.Momentum })], lr),
        "adam" => optim.Adam(parameters, lr, c.Beta1, c.Beta2, c.Eps),
        "rmsprop" => optim.RMSProp(parameters, lr, c.Alpha, c.Eps, momentum: c.Momentum),
        _ => throw new BadInputException("optimizer:name", $"unknown optimizer '{c.Name}'. {DidYouMean.Hint(c.Name, Names.ToList())}"),
    };
}
