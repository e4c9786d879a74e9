using RealGanLab.Games;
using RealGanLab.Optimizers;

namespace RealGanLab.Rules;

/// <summary>What a rule needs for one update: the game, the players' optimizers and a source of fresh minibatches.</summary>
public sealed record StepContext(IGame Game, PlayerOptimizers Optimizers, Func<GameBatch> NextBatch, long Step);
