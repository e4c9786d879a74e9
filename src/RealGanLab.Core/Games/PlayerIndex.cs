namespace RealGanLab.Games;

/// <summary>Indices of the two players in <see cref="IGame.Players"/>.</summary>
public static class PlayerIndex
{
    public const int Generator = 0;
    public const int Discriminator = 1;
}
