using RealGanLab.Training;
using RealGanLab.Games;
using RealGanLab.Regularizers;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// DRAGAN's penalty (Kodali et al. 2017) against closed forms: where its points lie, its value for a linear and a
/// quadratic discriminator, and on the Dirac-GAN (∇_x D = ψ everywhere) the field of λ(|ψ| − 1)², the same as WGAN-GP's.
/// </summary>
[NoGarbageCollection]
public class DraganPenaltyTests
{
    static (Tensor X, Tensor U, Tensor Alpha) Draws(int n)
    {
        var g = new Generator(11);
        return (randn(n, 2, dtype: float64, generator: g).mul(3).add(1), rand(n, 2, dtype: float64, generator: g), rand(n, 1, dtype: float64, generator: g));
    }

    static GameBatch Batch(Tensor x, Tensor u, Tensor alpha) =>
        new() { Size = (int)x.shape[0], Real = x, Mix = alpha, RealPerturbation = u, RealStd = x.std(unbiased: false) };

    static PenaltyContext Context(Func<Tensor, Tensor> d, GameBatch batch) =>
        new(d, batch.Real!, batch.Real!, batch.Real!, batch.Real, batch);

    [Fact]
    public void PointsLieOnTheSegmentFromEachRealSampleTowardsItsPerturbation()
    {
        using var scope = NewDisposeScope();
        var (x, u, alpha) = Draws(64);
        // numpy's std: the population standard deviation over every element of the batch.
        var values = x.data<double>().ToArray();
        double mean = values.Average();
        double std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(std, 2.0, 4.0);
        var points = DraganPenalty.PerturbedPoints(x, u, alpha, tensor(std, dtype: float64));
        for (int i = 0; i < 64; i++)
            for (int j = 0; j < 2; j++)
            {
                double expected = x[i, j].item<double>() + alpha[i, 0].item<double>() * 0.5 * std * u[i, j].item<double>();
                Assert.Equal(expected, points[i, j].item<double>(), 1e-12);
                // On the segment: at least x, at most x + 0.5·std (u, α ∈ [0, 1]).
                Assert.InRange(points[i, j].item<double>() - x[i, j].item<double>(), 0, 0.5 * std);
            }
    }

    [Fact]
    public void ForALinearDiscriminatorTheTermIsTheClosedForm()
    {
        using var scope = NewDisposeScope();
        var (x, u, alpha) = Draws(32);
        var w = tensor(new[] { 0.6, 1.2 }, dtype: float64);
        var term = new DraganPenalty(10).Term(Context(v => v.matmul(w), Batch(x, u, alpha))).item<double>();
        // ∇_x (w·x) = w at every point: (‖w‖ − 1)².
        double norm = Math.Sqrt(0.36 + 1.44);
        Assert.Equal((norm - 1) * (norm - 1), term, 1e-10);
    }

    [Fact]
    public void ForAQuadraticDiscriminatorTheTermIsTheMeanOverThePerturbedPoints()
    {
        using var scope = NewDisposeScope();
        var (x, u, alpha) = Draws(32);
        // D(x) = ½‖x‖², so ∇_x D(x̂) = x̂: the term is the mean of (‖x̂‖ − 1)² over the points, computed here directly.
        var term = new DraganPenalty(10).Term(Context(v => v.square().sum(1).mul(0.5), Batch(x, u, alpha))).item<double>();
        var points = DraganPenalty.PerturbedPoints(x, u, alpha, x.std(unbiased: false));
        double expected = Enumerable.Range(0, 32).Select(i =>
        {
            double n = Math.Sqrt(Math.Pow(points[i, 0].item<double>(), 2) + Math.Pow(points[i, 1].item<double>(), 2));
            return (n - 1) * (n - 1);
        }).Average();
        Assert.Equal(expected, term, 1e-10);
        // Taken at the points, not at the clean samples: at x the value differs.
        double atClean = Enumerable.Range(0, 32).Select(i =>
        {
            double n = Math.Sqrt(Math.Pow(x[i, 0].item<double>(), 2) + Math.Pow(x[i, 1].item<double>(), 2));
            return (n - 1) * (n - 1);
        }).Average();
        Assert.True(Math.Abs(atClean - term) > 1e-3, $"the term {term} equals its value at the clean samples {atClean}");
    }

    [Theory]
    [InlineData(0.7, 2.0)]
    [InlineData(-1.6, 0.5)]
    public void OnTheDiracGanTheFieldIsThatOfLambdaTimesAbsPsiMinusOneSquared(double psi, double lambda)
    {
        double[] Field(string regularizer)
        {
            var overrides = new List<string> { "game:name=dirac", "game:loss=non-saturating", "game:dataStd=0.3" };
            if (regularizer.Length > 0) overrides.Add($"regularizers:{regularizer}={lambda}");
            var config = Config(overrides.ToArray());
            using var game = GameHost.Create(config);
            GameState.Set(game, [0.3, psi]);
            using var scope = NewDisposeScope();
            var batch = game.SampleBatch(16, new Generator(5), 0);
            return game.Evaluate(batch, createGraph: false).Flat().data<double>().ToArray();
        }
        var plain = Field("");
        var dragan = Field("dragan");
        var wganGp = Field("wganGp");
        // v_ψ = −∂L_D/∂ψ gains −2λ(|ψ| − 1)·sign ψ; v_θ is unchanged.
        Assert.Equal(plain[0], dragan[0], 1e-12);
        Assert.Equal(plain[1] - 2 * lambda * (Math.Abs(psi) - 1) * Math.Sign(psi), dragan[1], 1e-9);
        Assert.Equal(wganGp[1], dragan[1], 1e-9);
    }

    /// <summary>
    /// The per-sample and split estimators evaluate the field on slices of the batch: with DRAGAN's σ taken over the
    /// whole batch when it is drawn, the mean of the single samples' fields is the batch's field (the losses are means
    /// over samples), as it is without the penalty.
    /// </summary>
    [Fact]
    public void TheMeanOfTheSingleSampleFieldsIsTheBatchField()
    {
        // A smooth D: with ReLU the input gradient is piecewise constant and would hide where the points lie.
        var config = Config([.. MlpSmokeMatrixTests.TinyMlp, "regularizers:dragan=10", "discriminator:activation=tanh"]);
        using var game = GameHost.Create(config);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(8, new Generator(3), 0);
        Assert.NotNull(batch.RealStd);
        var whole = game.Evaluate(batch, createGraph: false).Flat();
        var mean = zeros_like(whole);
        for (int i = 0; i < 8; i++) mean = mean.add(game.Evaluate(batch.Slice(i, 1), createGraph: false).Flat());
        mean = mean.div(8);
        double scale = whole.norm().item<double>();
        Assert.True(scale > 1e-3, $"degenerate field (‖v‖ = {scale})");
        Assert.InRange(mean.sub(whole).norm().item<double>(), 0, 1e-10 * scale);
    }
}
