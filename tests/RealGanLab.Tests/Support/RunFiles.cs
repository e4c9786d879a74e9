using System.Text.Json.Nodes;

namespace RealGanLab.Tests;

/// <summary>What tests do to a run's files: damage a checkpoint, read a log without its wall-clock fields, copy a run.</summary>
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

    /// <summary>Copies a folder and everything under it to <paramref name="target"/> (created; file times are the copy's own).</summary>
    public static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var path in Directory.EnumerateFileSystemEntries(source, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, path));
            if (Directory.Exists(path)) Directory.CreateDirectory(to);
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(path, to);
            }
        }
    }
}
