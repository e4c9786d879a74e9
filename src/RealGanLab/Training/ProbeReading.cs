using RealGanLab.Probes;

namespace RealGanLab.Training;

/// <summary>
/// One live-probe reading: the spectrum report, the players' Hessian extremes, the wall time of the whole probe, and
/// whether the probed field has spectrally normalised layers, whose power-iteration vectors u, v the Jacobian holds fixed.
/// </summary>
public sealed record ProbeReading(long Step, SpectrumReport Spectrum, IReadOnlyList<PlayerHessianExtremes> Hessians, double Seconds,
    bool SpectralNormHeldFixed = false)
{
    /// <summary>"spectral norm: u, v held fixed" when the game has spectral normalization, else null.</summary>
    public string? Note => SpectralNormHeldFixed ? Networks.SpectralNormalization.ProbeNote : null;

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
        // The Jacobian is of the forward pass with the stored u, v as constants (Miyato et al. 2018's σ = uᵀ W v).
        if (SpectralNormHeldFixed) record["spectral_norm"] = "u, v held fixed";
        for (int i = 0; i < s.FieldNorms.Length; i++) record[$"v_norm_{playerNames[i]}"] = s.FieldNorms[i];
        foreach (var h in Hessians)
        {
            record[$"hessian_min_{h.Player}"] = h.Min;
            record[$"hessian_max_{h.Player}"] = h.Max;
        }
        return record;
    }
}
