namespace RealGanLab.Optimizers;

/// <summary>
/// The factor the initial learning rates are multiplied by at a step: constant, linear or cosine decay towards
/// <c>decayTo</c> at the end of the run. A function of the step alone, so a resumed run follows the same schedule.
/// Decaying the step size shrinks the stationary jitter of stochastic GAN dynamics around an equilibrium.
/// </summary>
public static class LearningRateSchedule
{
    public static IReadOnlyList<string> Names { get; } = ["none", "linear", "cosine"];

    public static double Factor(string decay, double decayTo, long step, long steps)
    {
        // t = step/steps: the last step (steps − 1) still moves; decayTo is the limit at the end of the run.
        double t = steps <= 0 ? 1.0 : Math.Clamp((double)step / steps, 0.0, 1.0);
        return decay switch
        {
            "none" => 1.0,
            "linear" => 1.0 - (1.0 - decayTo) * t,
            "cosine" => decayTo + (1.0 - decayTo) * 0.5 * (1 + Math.Cos(Math.PI * t)),
            _ => throw new ArgumentException($"unknown learning-rate schedule '{decay}'"),
        };
    }
}
