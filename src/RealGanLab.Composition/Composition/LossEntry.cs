using RealGanLab.Losses;

namespace RealGanLab.Composition;

/// <summary>One loss family as configuration knows it (game:loss): its name, a one-line description with its paper and payoffs, how to build it.</summary>
public sealed record LossEntry(string Name, string Description, Func<ILossFamily> Create);
