using System.Text.Json.Nodes;

namespace RealGanLab.Interop;

/// <summary>
/// Where a run's or a probe's networks were loaded from (--init-from): the path as given and each file read with its
/// SHA-256, recorded in config.json's provenance ("init_from") so the run says which weights it started from.
/// </summary>
public sealed record InitialWeights(string Path, IReadOnlyList<(string File, string Sha256)> Files)
{
    public JsonObject ToJson() => new()
    {
        ["path"] = Path,
        ["files"] = new JsonArray(Files.Select(f => (JsonNode)new JsonObject { ["file"] = f.File, ["sha256"] = f.Sha256 }).ToArray()),
    };
}
