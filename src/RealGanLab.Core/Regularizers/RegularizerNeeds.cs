namespace RealGanLab.Regularizers;

/// <summary>What a regularizer needs from the game it is added to; configuration refuses a game that lacks it.</summary>
[Flags]
public enum RegularizerNeeds
{
    None = 0,

    /// <summary>A discriminator that judges data (the Dirac-GAN, the MLP and image GANs): every GAN penalty and input transform.</summary>
    DiscriminatorOnData = 1,

    /// <summary>A target paired with each generated sample (the Dirac-GAN's point, the compression game's input image): added MSE.</summary>
    PairedTarget = 2,
}
