namespace RealGanLab.Networks;

/// <summary>Normalization after each hidden linear layer. BatchNorm couples the samples of a batch, which changes the game's field itself.</summary>
public static class Normalizations
{
    public const string None = "none";
    public const string Batch = "batch";
    public const string Layer = "layer";

    public static IReadOnlyList<string> Names { get; } = [None, Batch, Layer];
}
