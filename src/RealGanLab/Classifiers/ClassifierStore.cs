using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using RealGanLab.Checkpoints;
using RealGanLab.Data;
using RealGanLab.Data.Mnist;
using RealGanLab.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Classifiers;

/// <summary>
/// The project's MNIST classifier on disk (docs/design.md §4: trained by the project itself, stored with its own
/// checksum): <c>lenet-mnist.ckpt</c>, a verified checkpoint file (<see cref="CheckpointFile"/>) holding the
/// module, and <c>lenet-mnist.json</c> (<see cref="ClassifierInfo"/>) with its test accuracy, training settings and
/// the checkpoint's SHA-256. Both are written atomically, the checkpoint first, so an interrupted save leaves
/// a mismatch that loading reports rather than a silently different classifier.
/// </summary>
public sealed class ClassifierStore
{
    public const string CheckpointName = "lenet-mnist.ckpt";
    public const string InfoName = "lenet-mnist.json";
    public const string RetrainCommand = "realganlab classifier train --force";

    /// <summary>Names the architecture inside the checkpoint; a change of <see cref="LeNet"/> must change it.</summary>
    public const string Architecture = "lenet-mnist-v1";

    const string ModelSection = "model";
    const string ArchitectureSection = "architecture";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="directory">The folder of the two files; default <see cref="DataPaths.Classifiers"/>.</param>
    public ClassifierStore(string? directory = null)
    {
        Directory = Path.GetFullPath(directory ?? DataPaths.Classifiers);
    }

    public string Directory { get; }

    public string CheckpointPath => Path.Combine(Directory, CheckpointName);

    public string InfoPath => Path.Combine(Directory, InfoName);

    /// <summary>Whether either file is there (a lone one is an error on load, not an absence).</summary>
    public bool Exists => File.Exists(CheckpointPath) || File.Exists(InfoPath);

    /// <summary>The stored classifier on <paramref name="device"/> in eval mode, or null when neither file exists.</summary>
    /// <exception cref="ClassifierStoreException">A file is missing, unreadable, corrupt, or the two disagree.</exception>
    public StoredClassifier? TryLoad(Device device)
    {
        if (!Exists) return null;
        if (!File.Exists(InfoPath)) throw new ClassifierStoreException(InfoPath, $"is missing while {CheckpointName} is there");
        if (!File.Exists(CheckpointPath)) throw new ClassifierStoreException(CheckpointPath, $"is missing while {InfoName} is there");

        var info = ReadInfo();
        var actual = Sha256(CheckpointPath);
        if (!string.Equals(actual, info.CheckpointSha256, StringComparison.OrdinalIgnoreCase))
            throw new ClassifierStoreException(CheckpointPath, $"has SHA-256 {actual}, but {InfoName} records {info.CheckpointSha256}: the checkpoint was damaged or replaced");

        var model = new LeNet();
        try
        {
            var reader = CheckpointReader.Open(CheckpointPath);
            var architecture = JsonSerializer.Deserialize<string>(reader.ReadJson(ArchitectureSection));
            if (architecture != Architecture)
                throw new ClassifierStoreException(CheckpointPath, $"holds a '{architecture}' classifier; this build uses '{Architecture}'");
            model.to(device);
            reader.LoadModule(ModelSection, model);
        }
        catch (Exception e) when (e is CheckpointCorruptException or CheckpointSectionException or JsonException)
        {
            model.Dispose();
            throw new ClassifierStoreException(CheckpointPath, e.Message, e);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return new StoredClassifier(model, info, TrainedNow: false);
    }

    /// <summary>The stored classifier; throws when there is none (naming the command that trains it).</summary>
    public StoredClassifier Load(Device device) =>
        TryLoad(device) ?? throw new FileNotFoundException(
            $"No classifier in '{Directory}'. Train it with `realganlab classifier train`.", CheckpointPath);

    /// <summary>
    /// Loads the stored classifier, or trains one on MNIST from <paramref name="mnistDirectory"/> (default
    /// <see cref="DataPaths.Mnist"/>) and stores it when there is none. A damaged store is an error, never
    /// silently replaced: the user decides with <see cref="RetrainCommand"/>.
    /// </summary>
    /// <exception cref="MnistDataException">Training is needed and the MNIST files are missing or damaged.</exception>
    public StoredClassifier LoadOrTrain(Device device, Action<string> log, ClassifierTrainingOptions? options = null, string? mnistDirectory = null,
        IProgress<Training.PhaseProgress>? progress = null)
    {
        if (TryLoad(device) is { } stored)
        {
            log($"classifier: {CheckpointPath} (test accuracy {Percent(stored.Info.TestAccuracy)}, verified)");
            return stored;
        }
        log($"classifier: none in {Directory}; training one");
        return Train(device, log, options ?? new ClassifierTrainingOptions(), mnistDirectory, progress);
    }

    /// <summary>Trains a classifier and stores it, replacing whatever is there. Below 99 % test accuracy it is still stored, with a loud warning.</summary>
    /// <exception cref="MnistDataException">The MNIST files are missing or damaged.</exception>
    public StoredClassifier Train(Device device, Action<string> log, ClassifierTrainingOptions options, string? mnistDirectory = null,
        IProgress<Training.PhaseProgress>? progress = null)
    {
        var mnist = mnistDirectory ?? DataPaths.Mnist;
        MnistFiles.EnsureAvailable(mnist, fetchIfMissing: false);
        using var train = MnistSetFile.Load(mnist, MnistSplit.Train);
        using var test = MnistSetFile.Load(mnist, MnistSplit.Test);
        var result = ClassifierTrainer.Train(train, test, device, options, log, progress);
        var info = Save(result, device);
        log($"classifier: stored {CheckpointPath} (test accuracy {Percent(info.TestAccuracy)}, {info.TrainingSeconds:F0} s)");
        if (!info.MeetsRequirement) log(BelowRequirementWarning(info));
        return new StoredClassifier(result.Model, info, TrainedNow: true);
    }

    /// <summary>Writes the checkpoint, then the JSON record with the checkpoint's SHA-256.</summary>
    public ClassifierInfo Save(ClassifierTrainingResult result, Device device)
    {
        new CheckpointWriter()
            .AddJson(ArchitectureSection, JsonSerializer.Serialize(Architecture))
            .AddModule(ModelSection, result.Model)
            .Save(CheckpointPath);
        var info = new ClassifierInfo
        {
            Architecture = Architecture,
            TestAccuracy = result.TestAccuracy,
            Epochs = result.Options.Epochs,
            Seed = result.Options.Seed,
            BatchSize = result.Options.BatchSize,
            LearningRate = result.Options.LearningRate,
            ParameterCount = result.Model.ParameterCount,
            CheckpointSha256 = Sha256(CheckpointPath),
            TrainingSeconds = Math.Round(result.Elapsed.TotalSeconds, 1),
            Device = device.type.ToString().ToLowerInvariant(),
            TorchSharpVersion = TorchRuntime.TorchSharpVersion,
            Created = DateTimeOffset.Now,
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(info, Json);
        Output.AtomicFile.Write(InfoPath, stream => stream.Write(bytes));
        return info;
    }

    /// <summary>The warning printed whenever a classifier under the required accuracy is stored or used.</summary>
    public static string BelowRequirementWarning(ClassifierInfo info) =>
        $"WARNING: the classifier's test accuracy {Percent(info.TestAccuracy)} is below the required {Percent(ClassifierTrainingOptions.RequiredAccuracy)}; " +
        $"MNIST metrics computed with it are not comparable. Retrain with more epochs: `{RetrainCommand} --epochs 5`.";

    public static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + " %";

    ClassifierInfo ReadInfo()
    {
        try
        {
            var info = JsonSerializer.Deserialize<ClassifierInfo>(File.ReadAllBytes(InfoPath), Json)
                ?? throw new JsonException("the file holds null");
            if (info.Architecture != Architecture)
                throw new ClassifierStoreException(InfoPath, $"describes a '{info.Architecture}' classifier; this build uses '{Architecture}'");
            return info;
        }
        catch (JsonException e)
        {
            throw new ClassifierStoreException(InfoPath, $"is not a readable classifier record ({e.Message})", e);
        }
    }

    static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
