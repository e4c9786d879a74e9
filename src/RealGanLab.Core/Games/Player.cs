using TorchSharp.Modules;

namespace RealGanLab.Games;

/// <summary>
/// One player of the two-player game: its parameters and where they sit in the flat state vector
/// x = (θ, ψ). Player 0 is the generator G (θ), player 1 the discriminator D (ψ).
/// </summary>
public sealed class Player
{
    public Player(string name, IReadOnlyList<Parameter> parameters, long offset)
    {
        Name = name;
        Parameters = parameters;
        Offset = offset;
        Count = parameters.Sum(p => p.numel());
    }

    /// <summary>"G" or "D".</summary>
    public string Name { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Index of this player's first coordinate in the flat state vector.</summary>
    public long Offset { get; }

    /// <summary>Number of scalar parameters.</summary>
    public long Count { get; }

    /// <summary>Builds the players' list with consecutive offsets, G first.</summary>
    public static IReadOnlyList<Player> Pair(IReadOnlyList<Parameter> generator, IReadOnlyList<Parameter> discriminator)
    {
        var g = new Player("G", generator, 0);
        return [g, new Player("D", discriminator, g.Count)];
    }
}
