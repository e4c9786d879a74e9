using System.Text.Json.Nodes;

namespace RealGanLab.Tests;

/// <summary>What tests do to a run's files: damage a checkpoint, read a log without its wall-clock fields.</summary>
public static class RunFiles
{
    /// <summary>Flips four bytes in the middle of a file, so its SHA-256 no longer holds.</summary>
    public static void Corrupt(string path)
    {
        var bytes = File.ReadAllBytes(path);
        for (int i = 0; i < 4; i++) bytes[bytes.Length / 2 + i] ^= 0x5a;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A JSON Lines log without its wall-clock fields (step_ms, seconds), for comparing two runs.</summary>
    public static List<string> Comparable(string path) => File.ReadAllLines(path).Select(l =>
    {
        var o = JsonNode.Parse(l)!.AsObject();
        o.Remove("step_ms");
        o.Remove("seconds");
        return o.ToJsonString();
    }).ToList();
}
