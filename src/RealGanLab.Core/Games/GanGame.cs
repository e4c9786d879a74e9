using RealGanLab.Losses;
using RealGanLab.Networks;
using RealGanLab.Numerics;
using RealGanLab.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// A GAN: generator G(z), discriminator D(x), real data, a loss family in (f1, f2, f3) form and the
/// regularizers. L_D = −E f1(D(x)) − E f2(D(G(z))) + Σ w·term, L_G = −E f3(D(G(z))) + Σ w·term; the
/// regularizer weights are applied here and nowhere else. Toy and neural GANs are both this class.
/// </summary>
public class GanGame : LossGame
{
    readonly nn.Module<Tensor, Tensor> generator;
    readonly nn.Module<Tensor, Tensor> discriminator;
    readonly IDataSource data;
    readonly int latentDimension;

    public GanGame(string name, nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator,
        IDataSource data, int latentDimension, ILossFamily loss, RegularizerSet regularizers, Device device, ScalarType dtype)
        : base(name, device, dtype)
    {
        this.generator = generator;
        this.discriminator = discriminator;
        this.data = data;
        this.latentDimension = latentDimension;
        Loss = loss;
        Regularizers = regularizers;
        SetPlayers(generator.parameters().ToList(), discriminator.parameters().ToList());
        GeneratorSpectralNorm = SpectralNormalization.In(generator);
        DiscriminatorSpectralNorm = SpectralNormalization.In(discriminator);
    }

    /// <summary>G's spectrally normalised layers (Miyato et al. 2018); empty without generator:spectralNorm.</summary>
    public IReadOnlyList<SpectralNormalization> GeneratorSpectralNorm { get; }

    /// <summary>D's spectrally normalised layers; empty without discriminator:spectralNorm.</summary>
    public IReadOnlyList<SpectralNormalization> DiscriminatorSpectralNorm { get; }

    /// <summary>
    /// True when some layer is spectrally normalised: then every forward pass — the field, its Jacobian in the probe —
    /// holds the power iteration's u, v fixed, and the trainer advances them once per step (<see cref="AdvanceSpectralNorm"/>).
    /// </summary>
    public bool HasSpectralNorm => GeneratorSpectralNorm.Count + DiscriminatorSpectralNorm.Count > 0;

    /// <summary>
    /// One power iteration (Miyato et al. 2018, Algorithm 1) in every spectrally normalised layer of G and D, without
    /// gradient tracking. The trainer calls it once per training step, before the update rule's step: forward passes
    /// never advance u, v, however often the step evaluates D. Nothing happens without spectral normalization.
    /// </summary>
    public void AdvanceSpectralNorm()
    {
        foreach (var layer in GeneratorSpectralNorm.Concat(DiscriminatorSpectralNorm)) layer.PowerIteration();
    }

    public ILossFamily Loss { get; }

    /// <summary>
    /// True when v depends on the batch beyond the latent codes' effect on a deterministic generator: noisy
    /// data, instance noise or random interpolates. Probes of such games need a large fixed batch.
    /// </summary>
    public virtual bool Stochastic => true;

    public RegularizerSet Regularizers { get; }

    public override string Title => Describe(Name);

    /// <summary>"name, loss, spectral normalization (SN(G), SN(D) or SN(G, D)), active regularizers" for titles.</summary>
    protected string Describe(string name) =>
        $"{name}, {Loss.Name}" + SpectralNormTitle + (Regularizers.IsEmpty ? "" : ", " + string.Join(", ", Regularizers.Active));

    string SpectralNormTitle =>
        (GeneratorSpectralNorm.Count > 0, DiscriminatorSpectralNorm.Count > 0) switch
        {
            (true, true) => ", SN(G, D)",
            (true, false) => ", SN(G)",
            (false, true) => ", SN(D)",
            _ => "",
        };

    /// <summary>Draws data, latent codes and (when needed) noise and mixing weights, always in this order.</summary>
    public override GameBatch SampleBatch(int size, Generator g, long step) => Draw(size, g, step, data.Sample(size, g, Dtype, Device));

    /// <summary>
    /// The batch for training step <paramref name="step"/>: by default like any other batch; games on finite datasets
    /// take the real samples in their shuffled epoch order instead.
    /// </summary>
    public virtual GameBatch SampleTrainingBatch(int size, Generator g, long step) => SampleBatch(size, g, step);

    /// <summary>A batch around real samples already drawn: latent codes, then noise, mixing weights and perturbations, in this order.</summary>
    protected GameBatch Draw(int size, Generator g, long step, Tensor real) => new()
    {
        Size = size,
        Step = step,
        Real = real,
        Latent = UsesLatent ? Draws.Normal(g, [size, latentDimension], Dtype, Device) : null,
        RealNoise = Regularizers.NeedsNoise ? Draws.Normal(g, [size, data.Dimension], Dtype, Device) : null,
        FakeNoise = Regularizers.NeedsNoise ? Draws.Normal(g, [size, data.Dimension], Dtype, Device) : null,
        Mix = Regularizers.NeedsMix ? Draws.Uniform(g, [size, 1], Dtype, Device) : null,
        // Last, so that a run without a perturbing penalty draws exactly what it drew before the option existed.
        RealPerturbation = Regularizers.NeedsPerturbation ? Draws.Uniform(g, real.shape, Dtype, Device) : null,
        RealStd = Regularizers.NeedsPerturbation ? real.std(unbiased: false) : null,
    };

    /// <summary>False for generators that map images to images (the compression game): no latent codes are drawn.</summary>
    protected virtual bool UsesLatent => true;

    /// <summary>G's input for a batch: its latent codes, or (compression game) its real images.</summary>
    protected virtual Tensor GeneratorInput(GameBatch batch) =>
        batch.Latent ?? throw new ArgumentException("a GAN batch needs latent codes");

    /// <summary>
    /// The fixed inputs of the run's sample dumps and metrics: <paramref name="n"/> latent codes, drawn once so that
    /// successive epochs show the generator moving, not the noise (the compression game: fixed test images).
    /// </summary>
    public virtual Tensor FixedGeneratorInputs(int n, Generator g) => Draws.Normal(g, [n, latentDimension], Dtype, Device);

    /// <summary>G(z) for the batch's generator inputs, with the graph to θ.</summary>
    public Tensor GeneratedSamples(GameBatch batch) => generator.call(GeneratorInput(batch));

    /// <summary>G applied to inputs from <see cref="FixedGeneratorInputs"/>.</summary>
    public Tensor Generate(Tensor inputs) => generator.call(inputs);

    /// <summary>Consecutive samples the discriminator judges as one input (PacGAN packing; 1 = none).</summary>
    protected virtual int DiscriminatorGroup => 1;

    /// <summary>The generator network.</summary>
    public nn.Module<Tensor, Tensor> GeneratorNetwork => generator;

    /// <summary>The discriminator network.</summary>
    public nn.Module<Tensor, Tensor> DiscriminatorNetwork => discriminator;

    /// <summary>The real data.</summary>
    public IDataSource Data => data;

    public int LatentDimension => latentDimension;

    protected override (Tensor LossG, Tensor LossD) PlayerLosses(GameBatch batch, IDictionary<string, Tensor> terms) =>
        PlayerLosses(batch, x => discriminator.call(x), terms);

    /// <summary>
    /// L_G and L_D with <paramref name="d"/> as the discriminator: the module itself, or the same network on other
    /// parameters (an unrolled discriminator).
    /// </summary>
    protected (Tensor LossG, Tensor LossD) PlayerLosses(GameBatch batch, Func<Tensor, Tensor> d, IDictionary<string, Tensor> terms)
    {
        var objectives = Objectives(batch, d, terms);
        return (objectives.LossG, objectives.LossD);
    }

    /// <summary>
    /// L_G, L_D and the saddle objective with <paramref name="d"/> as the discriminator. The saddle objective is the
    /// value V = E f1(D(x)) + E f2(D(G(z))) that D ascends (L_D = −V + D's penalties) plus G's own penalties: what G
    /// descends in the zero-sum reading of the game, as Metz et al. 2017 (eq. 2, 6) write the unrolled GAN.
    /// </summary>
    /// <param name="generated">G's output on the batch when the caller already has it (an unroll evaluates D K + 1 times on the same G(z)).</param>
    protected GanObjectives Objectives(GameBatch batch, Func<Tensor, Tensor> d, IDictionary<string, Tensor> terms, Tensor? generated = null)
    {
        var real = batch.Real ?? throw new ArgumentException("a GAN batch needs real samples");
        generated ??= GeneratedSamples(batch);
        var (realInput, fakeInput) = Regularizers.Transform?.Apply(real, generated, batch) ?? (real, generated);

        var dReal = d(realInput);
        var dFake = d(fakeInput);
        var value = Loss.RealPayoff(dReal).mean().add(Loss.FakePayoff(dFake).mean());
        var lossD = value.neg();
        var lossG = Loss.GeneratorPayoff(dFake).mean().neg();
        var saddle = value;

        var context = new PenaltyContext(d, realInput, fakeInput, generated, real, batch, DiscriminatorGroup);
        foreach (var regularizer in Regularizers.Terms)
        {
            var term = regularizer.Term(context);
            terms[regularizer.Name] = term;
            var weighted = term.mul(regularizer.Weight);
            if (regularizer.Target == PlayerIndex.Discriminator) lossD = lossD.add(weighted);
            else
            {
                lossG = lossG.add(weighted);
                saddle = saddle.add(weighted);
            }
        }
        return new GanObjectives(lossG, lossD, saddle);
    }

    public override void Dispose()
    {
        generator.Dispose();
        discriminator.Dispose();
        GC.SuppressFinalize(this);
    }
}
