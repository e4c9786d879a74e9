using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Configuration;

/// <summary>Which game is played, on which data, with which loss family.</summary>
public sealed record GameConfig
{
    [Description("Game name: dirac, bilinear, cos-sin, pointwise, linear, mlp (neural networks on a 2-D mixture), dcgan (DCGAN on MNIST / Stacked MNIST), compression (encoder–decoder G with added MSE).")]
    [Choice(NameKind.Game)]
    public string Name { get; init; } = "dirac";

    [Description("Loss family turning D's output into each player's loss (GAN games and the point-wise field).")]
    [Choice(NameKind.Loss)]
    public string Loss { get; init; } = "minimax";

    [Description("Samples per minibatch (the unbiased ||v||^2 estimators need at least 2).")]
    [Range(1, 10_000_000)]
    public int BatchSize { get; init; } = 4;

    [Description("Dirac-GAN: location of the data (the point mass, or the mean of noisy data).")]
    public double DataMean { get; init; } = 0.0;

    [Description("Dirac-GAN: std of the data; > 0 makes the game stochastic (data ~ N(dataMean, dataStd^2)).")]
    [Range(0.0, double.MaxValue)]
    public double DataStd { get; init; } = 0.0;

    [Description("Starting point (theta..., psi...); empty = the game's default.")]
    public double[]? Start { get; init; }

    [Description("Point-wise field: the data density p_d at the point.")]
    [Range(1e-12, double.MaxValue)]
    public double Density { get; init; } = 1.0;

    [Description("Point-wise field: D's variable is the logit or the probability (auto: probability for sigmoid losses).")]
    [Choice(NameKind.Domain)]
    public string Domain { get; init; } = "auto";

    [Description("Linear game v = A x: the dimension n (A has known, well-separated outlying eigenvalues).")]
    [Range(2, 100_000)]
    public int Size { get; init; } = 50;
}
