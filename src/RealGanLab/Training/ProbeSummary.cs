namespace RealGanLab.Training;

/// <summary>The probe's rotation fraction and largest stable step as the console summaries print them.</summary>
public static class ProbeSummary
{
    /// <summary>
    /// "; rotation ‖A‖/‖J‖ 0.83; stable step ≤ 2.1× the step in use" from a final-probe record (rotation_fraction,
    /// stable_step_factor); empty parts when a value is missing or NaN.
    /// </summary>
    public static string RotationAndStableStep(IReadOnlyDictionary<string, double> probe)
    {
        var text = "";
        if (probe.TryGetValue("rotation_fraction", out var rotation) && double.IsFinite(rotation))
            text += $"; rotation ‖A‖/‖J‖ {rotation:0.000}";
        if (probe.TryGetValue("stable_step_factor", out var factor) && !double.IsNaN(factor))
            text += "; " + StableStepPhrase(factor);
        return text;
    }

    /// <summary>What a stable-step factor c means for the step sizes in use.</summary>
    public static string StableStepPhrase(double factor) => factor switch
    {
        double.PositiveInfinity => "no step size bound (every mode neutral or stable)",
        0 => "no step size is stable (a mode grows at any step)",
        _ => $"largest stable step {factor:g3}× the one in use" + (factor < 1 ? " (unstable now)" : ""),
    };
}
