using System.Numerics;

namespace RealGanLab.Probes;

/// <summary>Which end of the spectrum an eigensolver looks for (ARPACK's names).</summary>
public enum EigenTarget
{
    /// <summary>LM: largest |λ|.</summary>
    LargestMagnitude,

    /// <summary>LR: largest Re λ (the least stable direction).</summary>
    LargestReal,

    /// <summary>LI: largest |Im λ| (the strongest rotation).</summary>
    LargestImaginary,
}

/// <summary>Parsing and ordering for <see cref="EigenTarget"/>.</summary>
public static class EigenTargets
{
    public static IReadOnlyList<string> Names { get; } = ["LM", "LR", "LI"];

    public static EigenTarget Parse(string name) => name.ToUpperInvariant() switch
    {
        "LM" => EigenTarget.LargestMagnitude,
        "LR" => EigenTarget.LargestReal,
        "LI" => EigenTarget.LargestImaginary,
        _ => throw new ArgumentException($"unknown eigenvalue target '{name}' (LM, LR, LI)"),
    };

    /// <summary>The sort key, larger first.</summary>
    public static double Key(this EigenTarget target, Complex z) => target switch
    {
        EigenTarget.LargestMagnitude => z.Magnitude,
        EigenTarget.LargestReal => z.Real,
        _ => Math.Abs(z.Imaginary),
    };

    /// <summary>Sorts eigenvalues best first (ties: larger imaginary part first, so conjugate pairs stay adjacent).</summary>
    public static Complex[] Sort(this EigenTarget target, IEnumerable<Complex> values) =>
        values.OrderByDescending(z => target.Key(z)).ThenByDescending(z => z.Imaginary).ToArray();
}
