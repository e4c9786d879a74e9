namespace RealGanLab.Rules;

/// <summary>What an update rule needs from the game and the run; configuration refuses a combination that lacks it.</summary>
[Flags]
public enum RuleNeeds
{
    None = 0,

    /// <summary>
    /// A discriminator it can run on parameters other than its own (<see cref="Games.IUnrollableGame"/>: the MLP game's
    /// functional forward, without BatchNorm's running statistics): the unrolled GAN.
    /// </summary>
    UnrollableDiscriminator = 1,

    /// <summary>An estimator of ‖E v‖² from the minibatch (rule:estimator): consensus optimization.</summary>
    FieldNormEstimator = 2,
}
