namespace RealGanLab.Games;

/// <summary>What D's variable in the point-wise field is: the raw output (logit) or the probability σ(logit).</summary>
public enum PointwiseDomain
{
    Logit,
    Probability,
}
