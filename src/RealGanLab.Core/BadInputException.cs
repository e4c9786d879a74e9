namespace RealGanLab;

/// <summary>
/// Bad input found before anything runs (unknown key, wrong type, out-of-range value, unknown name,
/// missing or malformed file), with every problem found. The one bad-input type of every layer, declared at the
/// root so that no layer needs configuration to report one; the command line turns it into its bad-input exit code.
/// </summary>
public sealed class BadInputException : Exception
{
    public BadInputException(IReadOnlyList<InputIssue> issues)
        : base(Format(issues)) => Issues = issues;

    public BadInputException(string key, string message) : this([new InputIssue(key, message)]) { }

    /// <summary>Problems found in one file, named in the message's first line: "Invalid configuration in 'sweeps/x.json': …".</summary>
    public BadInputException(IReadOnlyList<InputIssue> issues, string source)
        : base(Format(issues).Replace("Invalid configuration:", $"Invalid configuration in '{source}':")) => Issues = issues;

    public IReadOnlyList<InputIssue> Issues { get; }

    static string Format(IReadOnlyList<InputIssue> issues) =>
        issues.Count == 1
            ? $"Invalid configuration: {issues[0]}"
            : "Invalid configuration:" + string.Concat(issues.Select(i => $"{Environment.NewLine}  - {i}"));
}
