namespace RealGanLab.Sweeps.Reports;

/// <summary>The kinds of plot in a sweep report.</summary>
public enum ReportSection
{
    /// <summary>Each final metric per group: the seeds as dots, mean ± std as a bar with an error bar.</summary>
    FinalMetrics,

    /// <summary>Training curves (losses, ‖v‖, eval metrics) overlaid: one colour per group, a thin line per seed.</summary>
    TrainingCurves,

    /// <summary>max Re λ, max |Im λ|, the rotation fraction and the largest stable step of the probes over time, overlaid the same way.</summary>
    Spectrum,
}
