using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Interop;

/// <summary>
/// Loads PyTorch state dicts into a game's generator and discriminator (train and probe --init-from): the reverse of
/// <see cref="PyTorchExport"/>, with the same parameter names (interop/realganlab_torch.py's module definitions).
/// The path given to <see cref="Load"/> is a folder holding generator.pt and discriminator.pt (what export,
/// and realganlab_torch.save from PyTorch, write), or one file holding both players: {"generator": G.state_dict(),
/// "discriminator": D.state_dict()}, or a state dict whose names begin "generator." and "discriminator." (a module
/// with the two players as attributes of those names).
/// <para>
/// Everything is checked before any weight is changed, and every problem is named at once: a tensor the config's
/// network has and the file lacks, one the file has and the network lacks, a shape that differs, a dtype other than
/// float32/float64 for weights (integers for BatchNorm's batch count), values that are not finite. Weights are
/// converted to the run's dtype (float64 → float32 rounds).
/// </para>
/// </summary>
public static class PyTorchImport
{
    public const string GeneratorFile = "generator.pt", DiscriminatorFile = "discriminator.pt";

    const string ArchitectureHint = "the networks are built from the config (generator:*, discriminator:*, data:*, game:name): give the config the " +
        "saved networks were made with (a realganlab export's export.json lists their settings).";

    /// <summary>Loads the weights at <paramref name="path"/> into <paramref name="game"/>; bad input under <paramref name="key"/> changes nothing.</summary>
    public static InitialWeights Load(string path, GanGame game, string key)
    {
        var (players, files) = ReadPlayers(path, key);
        try
        {
            var found = Check("generator", game.GeneratorNetwork, players["generator"], key)
                .Concat(Check("discriminator", game.DiscriminatorNetwork, players["discriminator"], key)).ToList();
            var issues = found.Select(f => f.Issue).ToList();
            if (found.Any(f => f.Architecture)) issues.Add(new InputIssue(key, ArchitectureHint));
            if (issues.Count > 0) throw new BadInputException(issues);
            using (no_grad())
            {
                Copy(game.GeneratorNetwork, players["generator"]);
                Copy(game.DiscriminatorNetwork, players["discriminator"]);
            }
            // The hashes of the bytes that were read, not of the files read again (which may have changed since).
            return new InitialWeights(path, files);
        }
        finally
        {
            foreach (var tensor in players.Values.SelectMany(p => p.Tensors.Values)) tensor.Dispose();
        }
    }

    /// <summary>One player's tensors and the file they came from (named in messages).</summary>
    sealed record PlayerTensors(string File, Dictionary<string, Tensor> Tensors);

    static (Dictionary<string, PlayerTensors>, List<(string File, string Sha256)>) ReadPlayers(string path, string key)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new BadInputException(key, "is empty; give a folder with generator.pt and discriminator.pt, or one .pt file holding both.");
        if (Directory.Exists(path))
        {
            var g = System.IO.Path.Combine(path, GeneratorFile);
            var d = System.IO.Path.Combine(path, DiscriminatorFile);
            var absent = new[] { g, d }.Where(f => !File.Exists(f)).ToList();
            if (absent.Count > 0)
                throw new BadInputException(key, $"'{path}' has no {string.Join(" and no ", absent.Select(System.IO.Path.GetFileName))}: a folder for --init-from holds " +
                    "generator.pt and discriminator.pt (torch.save(G.state_dict(), …), as realganlab export and realganlab_torch.save write them).");
            var generator = TorchZipReader.Read(g, key);
            (Dictionary<string, Tensor> Tensors, string Sha256) discriminator;
            try
            {
                discriminator = TorchZipReader.Read(d, key);
            }
            catch
            {
                foreach (var t in generator.Tensors.Values) t.Dispose();
                throw;
            }
            return (new() { ["generator"] = new(g, generator.Tensors), ["discriminator"] = new(d, discriminator.Tensors) },
                [(g, generator.Sha256), (d, discriminator.Sha256)]);
        }
        if (!File.Exists(path))
            throw new BadInputException(key, $"'{path}' does not exist; give a folder with generator.pt and discriminator.pt, or one .pt file holding both players.");
        var (all, sha256) = TorchZipReader.Read(path, key);
        var players = new Dictionary<string, PlayerTensors>();
        foreach (var player in new[] { "generator", "discriminator" })
            players[player] = new(path, all.Where(kv => kv.Key.StartsWith(player + ".", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[(player.Length + 1)..], kv => kv.Value, StringComparer.Ordinal));
        var others = all.Keys.Where(k => !k.StartsWith("generator.", StringComparison.Ordinal) && !k.StartsWith("discriminator.", StringComparison.Ordinal)).ToList();
        if (others.Count > 0)
        {
            foreach (var t in all.Values) t.Dispose();
            throw new BadInputException(key, $"{path} holds tensors outside 'generator' and 'discriminator' ('{string.Join("', '", others.Take(8))}'{(others.Count > 8 ? ", …" : "")}): " +
                "one file for --init-from is {\"generator\": G.state_dict(), \"discriminator\": D.state_dict()}; or give a folder with generator.pt and discriminator.pt.");
        }
        return (players, [(path, sha256)]);
    }

    /// <summary>
    /// Every difference between the network's state dict and the file's, each a separate issue naming the tensor;
    /// Architecture: a tensor missing, extra or of another shape (the config does not describe the saved network).
    /// </summary>
    static IEnumerable<(InputIssue Issue, bool Architecture)> Check(string player, nn.Module network, PlayerTensors given, string key)
    {
        var expected = network.state_dict();
        var file = System.IO.Path.GetFileName(given.File);
        foreach (var (name, target) in expected)
        {
            if (!given.Tensors.TryGetValue(name, out var source))
            {
                yield return (new InputIssue(key, $"{player}: tensor '{name}' {Shape(target)} is missing from {file}."), true);
                continue;
            }
            if (!source.shape.SequenceEqual(target.shape))
                yield return (new InputIssue(key, $"{player}: tensor '{name}' is {Shape(source)} in {file}; the config's {player} has {Shape(target)}."), true);
            bool floating = is_floating_point(target);
            if (floating ? source.dtype is not (ScalarType.Float32 or ScalarType.Float64) : !IsInteger(source.dtype))
                yield return (new InputIssue(key, $"{player}: tensor '{name}' is {source.dtype} in {file}; RealGanLab reads " +
                    (floating ? "float32 or float64 weights (convert with network.float() before saving)." : $"an integer here ({target.dtype}).")), false);
            else if (floating && source.numel() > 0)
            {
                using var bad = isfinite(source).logical_not().sum();
                long count = bad.item<long>();
                if (count > 0) yield return (new InputIssue(key, $"{player}: tensor '{name}' in {file} holds {count:N0} values that are not finite (NaN or ±inf)."), false);
                // A spectrally normalised layer divides by σ = uᵀWv: a zero power-iteration vector makes every weight infinite.
                else if (source.shape.SequenceEqual(target.shape) && (name.EndsWith(".u", StringComparison.Ordinal) || name.EndsWith(".v", StringComparison.Ordinal)))
                {
                    using var nonzero = source.abs().max();
                    if (nonzero.to(float64).item<double>() == 0)
                        yield return (new InputIssue(key, $"{player}: tensor '{name}' in {file} is all zeros; spectral normalization divides by uᵀWv, so its power-iteration vectors must not vanish."), false);
                }
            }
        }
        foreach (var (name, source) in given.Tensors)
            if (!expected.ContainsKey(name))
                yield return (new InputIssue(key, $"{player}: {file} has tensor '{name}' {Shape(source)}, which the config's {player} does not have."), true);
    }

    static bool IsInteger(ScalarType t) => t is ScalarType.Int64 or ScalarType.Int32 or ScalarType.Int16 or ScalarType.Int8 or ScalarType.Byte;

    static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";

    static void Copy(nn.Module network, PlayerTensors given)
    {
        using var scope = NewDisposeScope();
        foreach (var (name, target) in network.state_dict())
            target.copy_(given.Tensors[name].to(target.dtype).to(target.device));
    }
}
