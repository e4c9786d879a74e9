namespace RealGanLab.Configuration;

/// <summary>
/// Bad input found before anything runs (unknown key, wrong type, out-of-range value, unknown name,
/// missing or malformed file). The command line maps it to exit code 2.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigIssue> issues)
        : base(Format(issues)) => Issues = issues;

    public ConfigException(string key, string message) : this([new ConfigIssue(key, message)]) { }

    /// <summary>Problems found in one file, named in the message's first line: "Invalid configuration in 'sweeps/x.json': …".</summary>
    public ConfigException(IReadOnlyList<ConfigIssue> issues, string source)
        : base(Format(issues).Replace("Invalid configuration:", $"Invalid configuration in '{source}':")) => Issues = issues;

    public IReadOnlyList<ConfigIssue> Issues { get; }

    static string Format(IReadOnlyList<ConfigIssue> issues) =>
        issues.Count == 1
            ? $"Invalid configuration: {issues[0]}"
            : "Invalid configuration:" + string.Concat(issues.Select(i => $"{Environment.NewLine}  - {i}"));
}
