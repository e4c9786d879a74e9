using System.Text.Json.Nodes;
using RealGanLab.Configuration;
using RealGanLab.Data.Mnist;

namespace RealGanLab.Data;

/// <summary>
/// The identity of the data a run reads, recorded in config.json's provenance ("data") when the run starts and checked
/// when it resumes, so a run never continues on other data without a word: a mixture read from a file (data:file) by the
/// file's SHA-256; MNIST and Stacked MNIST by the checksums of the four original files, which every run verifies before
/// reading them. The built-in mixtures (ring, grid) are defined by the config alone and record nothing.
/// </summary>
public static class DataFingerprint
{
    /// <summary>The files <paramref name="config"/>'s data comes from, hashed now.</summary>
    public static IReadOnlyList<DataFile> Capture(ExperimentConfig config)
    {
        if (ImageDatasets.Contains(config.Data.Name))
            return MnistFile.All.Select(f => new DataFile(f.Name, System.IO.Path.Combine(DataPaths.Mnist, f.Name), f.Sha256)).ToList();
        if (config.Data.Name == "file" && config.Data.File is { } file)
            return [new DataFile("data:file", file, File.Exists(file) ? MnistVerification.Sha256Of(file) : null)];
        return [];
    }

    public static JsonArray ToJson(IReadOnlyList<DataFile> files) =>
        new(files.Select(f => (JsonNode)new JsonObject { ["role"] = f.Role, ["path"] = f.Path, ["sha256"] = f.Sha256 }).ToArray());

    /// <summary>The recorded files in a provenance object, or null when it records none (a run from before they were recorded).</summary>
    public static IReadOnlyList<DataFile>? FromProvenance(JsonObject? provenance)
    {
        if (provenance?["data"] is not JsonArray array) return null;
        var files = new List<DataFile>();
        foreach (var item in array)
        {
            if (item is not JsonObject o || o["role"] is not JsonValue role || !role.TryGetValue<string>(out var r)) return null;
            var path = o["path"] is JsonValue p && p.TryGetValue<string>(out var ps) ? ps : "";
            var sha = o["sha256"] is JsonValue h && h.TryGetValue<string>(out var hs) ? hs : null;
            files.Add(new DataFile(r, path, sha));
        }
        return files;
    }

    /// <summary>Each difference between what a run recorded and what its data is now, as "role (path): recorded → now".</summary>
    public static IReadOnlyList<string> Changes(IReadOnlyList<DataFile> recorded, IReadOnlyList<DataFile> current)
    {
        var changes = new List<string>();
        foreach (var before in recorded)
        {
            var now = current.FirstOrDefault(c => c.Role == before.Role);
            if (now is null) changes.Add($"{before.Role} ({before.Path}): recorded {Hash(before.Sha256)}, not read any more");
            else if (now.Sha256 != before.Sha256) changes.Add($"{before.Role} ({now.Path}): recorded SHA-256 {Hash(before.Sha256)} → now {Hash(now.Sha256)}");
        }
        foreach (var now in current.Where(c => recorded.All(r => r.Role != c.Role)))
            changes.Add($"{now.Role} ({now.Path}): not recorded when the run started → now {Hash(now.Sha256)}");
        return changes;
    }

    static string Hash(string? sha) => sha ?? "missing";
}
