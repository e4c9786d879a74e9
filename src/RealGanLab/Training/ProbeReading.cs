using RealGanLab.Probes;

namespace RealGanLab.Training;

/// <summary>One live-probe reading: the spectrum report, the players' Hessian extremes, and the wall time of the whole probe.</summary>
public sealed record ProbeReading(long Step, SpectrumReport Spectrum, IReadOnlyList<PlayerHessianExtremes> Hessians, double Seconds)
{
    /// <summary>The probe.jsonl line.</summary>
    public Dictionary<string, object?> ToRecord(IReadOnlyList<string> playerNames)
    {
        var s = Spectrum;
        var record = new Dictionary<string, object?>
        {
            ["step"] = Step,
            ["method"] = s.Method,
            ["target"] = s.Target.ToString(),
            ["eigenvalues"] = s.Eigenvalues.Select(z => new[] { z.Real, z.Imaginary }).ToList(),
            ["residuals"] = s.Residuals,
            ["extreme_eigenvalues"] = s.ExtremeEigenvalues.Select(z => new[] { z.Real, z.Imaginary }).ToList(),
            ["max_real"] = s.MaxReal,
            ["max_abs_imag"] = s.MaxAbsImaginary,
            ["update_radius"] = s.UpdateOperatorSpectralRadius,
            ["converged"] = s.Converged,
            ["products"] = s.Products,
            ["seconds"] = Seconds,
        };
        for (int i = 0; i < s.FieldNorms.Length; i++) record[$"v_norm_{playerNames[i]}"] = s.FieldNorms[i];
        foreach (var h in Hessians)
        {
            record[$"hessian_min_{h.Player}"] = h.Min;
            record[$"hessian_max_{h.Player}"] = h.Max;
        }
        return record;
    }
}
