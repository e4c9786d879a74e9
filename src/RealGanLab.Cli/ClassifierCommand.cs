using System.CommandLine;
using RealGanLab.Classifiers;
using RealGanLab.Configuration;
using RealGanLab.Data;
using RealGanLab.Data.Mnist;
using RealGanLab.Native;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab classifier train: trains the LeNet MNIST classifier the MNIST metrics use (docs/design.md §4) and
/// stores it under data/classifiers (or $REALGANLAB_DATA/classifiers). An existing classifier that verifies is
/// kept unless --force is given. Exit codes: 0 stored or kept at ≥ 99 % test accuracy, 1 below 99 %,
/// 2 bad input (no MNIST data, a damaged store without --force, a bad option).
/// </summary>
public static class ClassifierCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };
        var defaults = new ClassifierTrainingOptions();
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training set.", DefaultValueFactory = _ => defaults.Epochs };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation, shuffling and dropout.", DefaultValueFactory = _ => defaults.Seed };
        var force = new Option<bool>("--force") { Description = "Train and replace the stored classifier even if it verifies (also the fix for a damaged one)." };

        var train = new Command("train", "Train the LeNet MNIST classifier and store it as lenet-mnist.ckpt + lenet-mnist.json under data/classifiers. " +
            "Keeps an existing verified classifier unless --force. Exit codes: 0 ok (≥ 99 % test accuracy), 1 below 99 %, 2 bad input or missing MNIST data.")
        {
            device, epochs, seed, force,
        };
        train.SetAction(parse => Train(parse.GetValue(device)!, parse.GetValue(epochs), parse.GetValue(seed), parse.GetValue(force)));
        return new Command("classifier", "The project's MNIST classifier, used by the MNIST and Stacked MNIST metrics.") { train };
    }

    static int Train(string deviceName, int epochs, int seed, bool force)
    {
        var store = new ClassifierStore();
        var options = new ClassifierTrainingOptions { Epochs = epochs, Seed = seed };
        TorchSharp.torch.Device device;
        try
        {
            options.Validate();
            device = Devices.Resolve(deviceName);
        }
        catch (ArgumentOutOfRangeException e)
        {
            Console.Error.WriteLine($"--{e.ParamName?.ToLowerInvariant()}: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (BadInputException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }

        if (!force)
        {
            try
            {
                using var stored = store.TryLoad(device);
                if (stored is not null)
                {
                    var info = stored.Info;
                    Console.WriteLine($"kept the verified classifier {store.CheckpointPath}: test accuracy {ClassifierStore.Percent(info.TestAccuracy)}, " +
                        $"{info.Epochs} epochs, seed {info.Seed}, created {info.Created:yyyy-MM-dd HH:mm}. Pass --force to retrain.");
                    if (info.MeetsRequirement) return ExitCodes.Success;
                    Console.Error.WriteLine(ClassifierStore.BelowRequirementWarning(info));
                    return ExitCodes.Failure;
                }
            }
            catch (ClassifierStoreException e)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.BadInput;
            }
        }

        try
        {
            MnistFiles.EnsureAvailable(DataPaths.Mnist, fetchIfMissing: false);
        }
        catch (MnistDataException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        Console.WriteLine($"training the classifier on {device.type.ToString().ToLowerInvariant()}: {options.Epochs} epochs, batch {options.BatchSize}, seed {options.Seed}");
        using var trained = store.Train(device, Console.WriteLine, options, progress: PhaseReporter.ForConsole());
        if (trained.Info.MeetsRequirement)
        {
            Console.WriteLine($"test accuracy {ClassifierStore.Percent(trained.Info.TestAccuracy)}");
            return ExitCodes.Success;
        }
        Console.Error.WriteLine(ClassifierStore.BelowRequirementWarning(trained.Info));
        return ExitCodes.Failure;
    }
}
