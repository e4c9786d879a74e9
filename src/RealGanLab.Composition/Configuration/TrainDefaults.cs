namespace RealGanLab.Configuration;

/// <summary>
/// The defaults 'train' layers under a config file: the built-in run (ring, consensus, probe on),
/// shipped as train-defaults.json inside the assembly so that 'realganlab train' runs with no files at all.
/// </summary>
public static class TrainDefaults
{
    public static string Json { get; } = Read();

    static string Read()
    {
        using var stream = typeof(TrainDefaults).Assembly.GetManifestResourceStream("RealGanLab.Configuration.train-defaults.json")
            ?? throw new InvalidOperationException("train-defaults.json is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
