using System.ComponentModel;

namespace RealGanLab.Configuration;

/// <summary>
/// The whole configuration of a run: one typed, immutable record per section with defaults in code.
/// JSON keys are the property names in camelCase ("game": {"batchSize": 4}); on the command line the
/// same keys are written --game:batchSize=4 and in the environment REALGANLAB_game__batchSize=4.
/// </summary>
public sealed record ExperimentConfig
{
    [Description("One seed drives initialisation, data order and every noise draw.")]
    public int Seed { get; init; } = 0;

    [Description("Where tensors live: cpu, cuda, or auto (cuda when usable).")]
    [Choice(NameKind.Device)]
    public string Device { get; init; } = "cpu";

    [Description("Floating-point type of the game's parameters; float64 for exact spectra.")]
    [Choice(NameKind.Dtype)]
    public string Dtype { get; init; } = "float64";

    [Description("The game: players, data, loss family.")]
    public GameConfig Game { get; init; } = new();

    [Description("Real data: a 2-D mixture (game mlp) or MNIST / Stacked MNIST (games dcgan, compression).")]
    public DataConfig Data { get; init; } = new();

    [Description("The generator network (MLP for game mlp; DCGAN or encoder–decoder for the image games).")]
    public GeneratorConfig Generator { get; init; } = new();

    [Description("The discriminator network (MLP for game mlp; DCGAN for the image games).")]
    public DiscriminatorConfig Discriminator { get; init; } = new();

    [Description("The update rule that turns the vector field into parameter updates.")]
    public RuleConfig Rule { get; init; } = new();

    [Description("The optimizer each player's update is applied through.")]
    public OptimizerConfig Optimizer { get; init; } = new();

    [Description("Weights of the regularizers (0 = off).")]
    public RegularizerConfig Regularizers { get; init; } = new();

    [Description("The Jacobian probe: eigenvalues of the field's Jacobian.")]
    public ProbeConfig Probe { get; init; } = new();

    [Description("The 'train' command: steps, epochs, logging, probing, checkpoints.")]
    public TrainConfig Train { get; init; } = new();

    [Description("Averages of the generator's iterates (EMA, uniform), evaluated beside G by 'train'.")]
    public AveragingConfig Averaging { get; init; } = new();

    [Description("The 'field' command: trajectory of an analytic game.")]
    public FieldConfig Field { get; init; } = new();
}
