namespace RealGanLab.Composition;

/// <summary>What a game has, as configuration checks it: which sections, regularizers and rules apply to it.</summary>
[Flags]
public enum GameTraits
{
    None = 0,

    /// <summary>A discriminator that judges data, so GAN regularizers apply.</summary>
    DiscriminatorOnData = 1,

    /// <summary>Losses from a loss family (game:loss).</summary>
    LossFamily = 2,

    /// <summary>Networks configured by the generator, discriminator and data sections.</summary>
    Networks = 4,

    /// <summary>Images (MNIST, Stacked MNIST) with convolutional players.</summary>
    Images = 8,

    /// <summary>A target paired with each generated sample, so added MSE applies (the Dirac-GAN's point, the compression game's input).</summary>
    PairedTarget = 16,
}
