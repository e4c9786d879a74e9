using RealGanLab.Losses;
using RealGanLab.Numerics;
using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// The point-wise (function-space) field of the Habr essay (docs/design.md §2): if D and p_g could change
/// freely at each point, the game reduces to two scalars per point, p_g (G) and D's value u (D).
/// D maximises J = p_d f1(D) + p_g f2(D), G maximises I = p_g (f3(D) − f3(D0)), so
/// dD/dt = p_d f1′(D) + p_g f2′(D), dp_g/dt = f3(D) − f3(D0); rest point (p_g, D) = (p_d, D0) with
/// f1′(D0) + f2′(D0) = 0, solved here by Newton's method on autograd derivatives.
/// In the probability domain D = σ(logit), so the family's f's are composed with the logit: minimax gives
/// the essay's f1 = log D, f2 = log(1 − D), D0 = ½, J = [[−8p_d, −2], [2, 0]] in (D, p_g) order.
/// </summary>
public sealed class PointwiseGame : ScalarPairGame
{
    readonly ILossFamily family;
    readonly double density;
    readonly double f3AtRest;

    public PointwiseGame(ILossFamily family, double density, PointwiseDomain domain, Device device, ScalarType dtype)
        : base("pointwise", density, 0.0, device, dtype)
    {
        if (domain == PointwiseDomain.Probability && !family.OutputIsLogit)
            throw new ArgumentException($"the probability domain needs a loss whose D output is a logit; '{family.Name}' is not");
        this.family = family;
        this.density = density;
        Domain = domain;
        RestD = SolveRestPoint();
        f3AtRest = ScalarDerivative.At(u => family.GeneratorPayoff(ToOutput(u)), RestD, 0);
    }

    public PointwiseDomain Domain { get; }

    /// <summary>D0: D's value at the rest point.</summary>
    public double RestD { get; }

    public override string Title =>
        $"point-wise field, {family.Name} ({Domain.ToString().ToLowerInvariant()} domain), p_d = {density:g4}";

    public override IReadOnlyList<double[]> Equilibria => [[density, RestD]];

    public override double[] DefaultStart =>
        Domain == PointwiseDomain.Probability ? [1.5 * density, RestD + 0.2 * (1 - RestD)] : [1.5 * density, RestD + 0.5];

    public override IReadOnlyList<string> CoordinateNames => ["p_g (generator)", "D (discriminator)"];

    /// <summary>
    /// J at the rest point from the family's derivatives, in (p_g, D) order:
    /// [[0, (f3∘t)′(D0)], [(f2∘t)′(D0), p_d ((f1∘t)″ + (f2∘t)″)(D0)]], t the map from D's variable to the output.
    /// </summary>
    public double[,] AnalyticJacobian()
    {
        double a = ScalarDerivative.At(u => family.GeneratorPayoff(ToOutput(u)), RestD, 1);
        double b = ScalarDerivative.At(u => family.FakePayoff(ToOutput(u)), RestD, 1);
        double c = density * (ScalarDerivative.At(u => family.RealPayoff(ToOutput(u)), RestD, 2)
                            + ScalarDerivative.At(u => family.FakePayoff(ToOutput(u)), RestD, 2));
        return new[,] { { 0.0, a }, { b, c } };
    }

    protected override (Tensor LossG, Tensor LossD) Losses(Tensor pg, Tensor d)
    {
        var output = ToOutput(d);
        var lossD = family.RealPayoff(output).mul(density).add(family.FakePayoff(output).mul(pg)).neg();
        var lossG = pg.mul(family.GeneratorPayoff(output).sub(f3AtRest)).neg();
        return (lossG, lossD);
    }

    /// <summary>D's variable → the family's input: the identity, or the logit log(D) − log(1 − D).</summary>
    Tensor ToOutput(Tensor u) => Domain == PointwiseDomain.Logit ? u : u.log().sub(u.neg().add(1.0).log());

    /// <summary>Newton's method on g(u) = d/du [f1(t(u)) + f2(t(u))] from the middle of the domain.</summary>
    double SolveRestPoint()
    {
        Func<Tensor, Tensor> payoff = u => family.RealPayoff(ToOutput(u)).add(family.FakePayoff(ToOutput(u)));
        double u = Domain == PointwiseDomain.Probability ? 0.5 : 0.0;
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double g = ScalarDerivative.At(payoff, u, 1);
            double gPrime = ScalarDerivative.At(payoff, u, 2);
            if (Math.Abs(g) < 1e-14) return u;
            // A payoff linear in D (Wasserstein, hinge inside its margin) makes every D a rest point
            // only if g = 0; otherwise there is none.
            if (Math.Abs(gPrime) < 1e-14)
                throw new ArgumentException($"loss '{family.Name}': f1′ + f2′ = {g:g4} has no zero; the point-wise field has no rest point");
            double next = u - g / gPrime;
            if (Domain == PointwiseDomain.Probability) next = Math.Clamp(next, 1e-9, 1 - 1e-9);
            u = next;
        }
        throw new ArgumentException($"loss '{family.Name}': Newton's method found no rest point for D");
    }
}
