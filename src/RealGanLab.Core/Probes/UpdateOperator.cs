using System.Numerics;
using RealGanLab.Games;
using RealGanLab.Rules;
using static TorchSharp.torch;

namespace RealGanLab.Probes;

/// <summary>
/// The Jacobian of one update step at an equilibrium, built from the rule's linearisation: for simultaneous
/// steps it is I + H·J (eigenvalues 1 + hλ); alternating, extragradient, optimistic and momentum steps
/// compose J·u products differently. Discrete training is locally convergent iff its spectral radius is &lt; 1
/// (docs/design.md §1). The analysis is that of plain (heavy-ball) SGD steps with the configured learning rates.
/// </summary>
public static class UpdateOperator
{
    /// <summary>The operator's product on a state vector.</summary>
    public static Func<Tensor, Tensor> Product(IUpdateRule rule, LinearizedContext context) =>
        state => rule.LinearizedStep(context, state);

    public static LinearizedContext Context(IGame game, IUpdateRule rule, Func<Tensor, Tensor> jvp, Tensor stepSizes, double momentum) =>
        new(game, jvp, stepSizes, momentum, rule.ExtraBlocks);

    /// <summary>All eigenvalues of the operator, built densely column by column (small games).</summary>
    public static Complex[] DenseEigenvalues(IUpdateRule rule, LinearizedContext context)
    {
        using var scope = NewDisposeScope();
        long size = context.StateSize;
        var product = Product(rule, context);
        var columns = new Tensor[size];
        for (long i = 0; i < size; i++)
        {
            var e = zeros(size, dtype: context.StepSizes.dtype, device: context.StepSizes.device);
            e[i] = 1.0;
            columns[i] = product(e);
        }
        return DenseEigen.Eigenvalues(stack(columns, 1));
    }

    /// <summary>Spectral radius by Arnoldi (largest magnitude) for large games.</summary>
    public static ArnoldiResult LargestByArnoldi(IUpdateRule rule, LinearizedContext context, ArnoldiOptions options) =>
        ArnoldiEigensolver.Solve(Product(rule, context), context.StateSize,
            options with { Target = EigenTarget.LargestMagnitude, K = Math.Min(options.K, 6), Start = null },
            context.StepSizes.dtype, context.StepSizes.device);
}
