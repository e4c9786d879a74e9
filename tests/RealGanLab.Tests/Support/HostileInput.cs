using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace RealGanLab.Tests;

/// <summary>
/// The contract every hostile input must meet: the command exits 2, names the cause, shows no stack trace, and
/// leaves the folder it was run in exactly as it was — nothing written, nothing deleted, nothing changed.
/// </summary>
public static partial class HostileInput
{
    /// <summary>Every file and folder under <paramref name="root"/> (relative path → size and content hash; folders → "dir").</summary>
    public static IReadOnlyDictionary<string, string> Snapshot(string root)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(root)) return entries;
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(root, path);
            if (Directory.Exists(path)) entries[relative] = "dir";
            else
            {
                using var stream = File.OpenRead(path);
                entries[relative] = $"{stream.Length}:{Convert.ToHexString(SHA256.HashData(stream))}";
            }
        }
        return entries;
    }

    /// <summary>
    /// Asserts the refusal: exit 2, every one of <paramref name="causes"/> named (case-insensitive) in the output, no stack
    /// trace or .NET exception name, and <paramref name="root"/> unchanged since <paramref name="before"/>.
    /// </summary>
    public static void AssertRefused(CliRunner.Result result, string root, IReadOnlyDictionary<string, string> before, params string[] causes)
    {
        var text = result.Output + result.Error;
        Assert.True(result.ExitCode == 2, $"expected exit 2, got {result.ExitCode}:\n{text}");
        foreach (var cause in causes)
            Assert.True(text.Contains(cause, StringComparison.OrdinalIgnoreCase), $"the refusal does not name '{cause}':\n{text}");
        Assert.False(StackFrame().IsMatch(text), $"a stack trace was printed:\n{text}");
        Assert.False(ExceptionName().IsMatch(text), $"a .NET exception type was printed:\n{text}");
        var after = Snapshot(root);
        var added = after.Keys.Except(before.Keys).ToList();
        var removed = before.Keys.Except(after.Keys).ToList();
        var changed = before.Keys.Intersect(after.Keys).Where(k => before[k] != after[k]).ToList();
        Assert.True(added.Count + removed.Count + changed.Count == 0,
            $"the refusal touched files: added [{string.Join(", ", added)}], removed [{string.Join(", ", removed)}], changed [{string.Join(", ", changed)}]\n{text}");
    }

    [GeneratedRegex(@"^\s+at [\w.<>`]+[.(]", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"\b(System|TorchSharp|Microsoft)\.[\w.]*(Exception|Error)\b")]
    private static partial Regex ExceptionName();
}
