using RealGanLab.Probes;

namespace RealGanLab.Training;

/// <summary>
/// One live-probe reading: the spectrum report, the players' Hessian extremes, the wall time of the whole probe, and
/// whether the probed field has spectrally normalised layers, whose power-iteration vectors u, v the Jacobian holds fixed.
/// </summary>
public sealed record ProbeReading(long Step, SpectrumReport Spectrum, IReadOnlyList<PlayerHessianExtremes> Hessians, double Seconds,
    bool SpectralNormHeldFixed = false)
{
    /// <summary>Each player's Hessian spectral density by stochastic Lanczos quadrature (probe:densityVectors); empty when not asked for.</summary>
    public IReadOnlyList<(string Player, SpectralDensity Density)> Densities { get; init; } = [];

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
            ["warm_start"] = s.WarmStarted,
            ["seconds"] = Seconds,
        };
        AddStableStep(record, s, playerNames);
        // The quadrature itself (nodes and weights per start vector), from which any smoothing can be redrawn.
        foreach (var (player, density) in Densities)
            record[$"hessian_density_{player}"] = new Dictionary<string, object?> { ["nodes"] = density.Nodes, ["weights"] = density.Weights };
        if (s.Split is { } split) AddSplit(record, split);
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

    /// <summary>
    /// The step sizes in use and the largest stable ones (factor · step size, per player): null when not computed, and
    /// "stable_step_unbounded" when nothing bounds the step.
    /// </summary>
    static void AddStableStep(Dictionary<string, object?> record, SpectrumReport s, IReadOnlyList<string> playerNames)
    {
        var stable = s.StableStep;
        for (int i = 0; i < s.StepSizes.Length; i++)
        {
            record[$"step_size_{playerNames[i]}"] = s.StepSizes[i];
            record[$"stable_step_{playerNames[i]}"] = stable.Factor * s.StepSizes[i];
        }
        record["stable_step_factor"] = stable.Factor;
        if (double.IsPositiveInfinity(stable.Factor)) record["stable_step_unbounded"] = true;
        record["stable_step_method"] = stable.Method;
        record["stable_step_exact"] = stable.Exact;
        if (stable.LimitingMode is { } mode) record["stable_step_mode"] = new[] { mode.Real, mode.Imaginary };
        if (stable.Note is not null) record["stable_step_note"] = stable.Note;
    }

    /// <summary>The potential/rotation split: ‖S‖_F², ‖A‖_F², the rotation fraction (with standard errors) and S's extremes.</summary>
    static void AddSplit(Dictionary<string, object?> record, FieldSplit split)
    {
        record["split_method"] = split.Method;
        record["sym_frob_sq"] = split.SymmetricSquared;
        record["sym_frob_sq_se"] = split.SymmetricSquaredError;
        record["antisym_frob_sq"] = split.AntisymmetricSquared;
        record["antisym_frob_sq_se"] = split.AntisymmetricSquaredError;
        record["rotation_fraction"] = split.RotationFraction;
        record["rotation_fraction_se"] = split.RotationFractionError;
        record["sym_min"] = split.SymmetricMin;
        record["sym_max"] = split.SymmetricMax;
        if (split.Method == "hutchinson")
        {
            record["split_samples"] = split.Samples;
            record["split_products"] = split.Products;
            record["sym_converged"] = split.SymmetricConverged;
        }
    }
}
