using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Training;

namespace RealGanLab.Sweeps;

/// <summary>
/// A sweep file expanded into members: the cross-product of its axes plus its explicit extra members, each named
/// from its settings and resolved into a validated config. Everything wrong with the file — unknown keys, empty
/// axes, wrong types, duplicate names, a member config that does not validate — is found here, before anything
/// runs, and reported at once as a <see cref="BadInputException"/> whose keys point into the sweep file.
/// <code>
/// {
///   "name": "stabilizers-ring",              // optional; default: the file's name
///   "base": "../ring-simgd.json",            // optional config file, relative to this file
///   "set": { "train:steps": 4000 },          // optional overrides for every member
///   "axes": {                                // a cross-product, in this order
///     "stabilizer": { "simgd": {}, "r1": { "regularizers:r1": 1 } },   // variants: named override sets
///     "seed": [0, 1, 2]                                              // a config key and its values
///   },
///   "members": [ { "stabilizer": "r1", "regularizers:r1": 10, "seed": 0 } ]   // explicit extras
/// }
/// </code>
/// Precedence, lowest first: train's built-in defaults, base, set, the command line's --section:key=value,
/// then the member's own settings. The environment (REALGANLAB_*) is not read: a sweep's members are what
/// its file says, on every machine that runs a shard.
/// </summary>
public sealed record SweepPlan(string Name, string Source, IReadOnlyList<SweepAxis> Axes, IReadOnlyList<SweepMember> Members)
{
    static readonly string[] TopLevelKeys = ["name", "description", "base", "set", "axes", "members"];

    /// <summary>The limit on members of one sweep file; a typo in an axis should not make a million runs.</summary>
    public const int MaxMembers = 100_000;

    /// <summary>The base config file the sweep file names (full path), or null.</summary>
    public string? BaseFile { get; init; }

    public SweepManifest ToManifest() => new()
    {
        Name = Name,
        Source = Source,
        Axes = Axes.Select(a => new SweepManifestAxis { Name = a.Name, Values = a.Values.Select(v => v.Label).ToList() }).ToList(),
        Members = Members.Select(m => m.ToManifest()).ToList(),
    };

    public static SweepPlan Load(string file, IReadOnlyDictionary<string, string>? commandLine = null)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
            throw new BadInputException("FILE", $"sweep file '{file}' does not exist. Sweeps ship under configs/sweeps/, e.g. configs/sweeps/smoke.json.");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException("FILE", $"sweep file '{file}' cannot be read: {e.Message}");
        }
        // Syntax, the top level and duplicate keys first: JsonNode would throw on a duplicate key only when it is read.
        StrictJson.Check(text, file, "FILE", JsonValueKind.Object, "a JSON object with \"axes\" and/or \"members\" (see configs/sweeps/)");
        var top = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();

        var issues = new List<InputIssue>();
        foreach (var (key, value) in top)
            if (!TopLevelKeys.Contains(key))
                issues.Add(new InputIssue(key, $"unknown key in a sweep file. {DidYouMean.Hint(key, TopLevelKeys)}"));
            else if (value is null)
                issues.Add(new InputIssue(key, $"is null in '{file}'; give it a value or remove the key."));

        var name = Path.GetFileNameWithoutExtension(path);
        if (top["name"] is JsonNode nameNode)
        {
            if (nameNode is JsonValue v && v.TryGetValue<string>(out var given) && MemberNames.IsSafe(given)) name = given;
            else issues.Add(new InputIssue("name", "must be a string of letters, digits, '.', '+', '-', '_' (it names the sweep's directory under runs/)."));
        }

        string? baseFile = null;
        if (top["base"] is JsonNode baseNode)
        {
            if (baseNode is JsonValue bv && bv.TryGetValue<string>(out var b))
            {
                baseFile = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, b));
                if (!File.Exists(baseFile)) issues.Add(new InputIssue("base", $"config file '{b}' (resolved to {baseFile}) does not exist; it is relative to the sweep file."));
            }
            else issues.Add(new InputIssue("base", "must be the path of a config file, relative to the sweep file."));
        }

        var set = top["set"] is JsonNode setNode ? SweepFileSyntax.Overrides(setNode, "set", issues) : new Dictionary<string, string>();
        var axes = top["axes"] is JsonNode axesNode ? SweepFileSyntax.ParseAxes(axesNode, issues) : [];
        var explicitMembers = top["members"] is JsonNode membersNode ? SweepFileSyntax.ParseMembers(membersNode, axes, issues) : [];
        if (top["axes"] is null && top["members"] is null)
            issues.Add(new InputIssue("axes", "a sweep needs \"axes\" (a cross-product) or \"members\" (a list), or both."));
        foreach (var key in (commandLine ?? new Dictionary<string, string>()).Keys)
            if (axes.Any(a => string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase)))
                issues.Add(new InputIssue(key, $"is an axis of this sweep, so it cannot also be set on the command line; edit the axis in '{file}' instead."));
        if (issues.Count > 0) throw new BadInputException(issues, file);

        long count = axes.Aggregate(axes.Count == 0 ? 0L : 1L, (n, a) => Math.Min(n * a.Values.Count, MaxMembers + 1)) + explicitMembers.Count;
        if (count > MaxMembers) throw new BadInputException("axes", $"the sweep has more than {MaxMembers:N0} members; split it into several sweep files.");

        var drafts = new List<(string Name, Dictionary<string, string> Settings, Dictionary<string, string> Overrides, string From)>();
        var widths = axes.ToDictionary(a => a.Name, MemberNames.Width);
        if (axes.Count > 0)
            foreach (var combination in CrossProduct(axes))
            {
                var settings = new Dictionary<string, string>();
                var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                var parts = new List<string>();
                for (int i = 0; i < axes.Count; i++)
                {
                    var (axis, value) = (axes[i], combination[i]);
                    settings[axis.Name] = value.Label;
                    foreach (var (k, v) in value.Overrides) overrides[k] = v;
                    parts.Add(MemberNames.Part(axis, value, widths[axis.Name]));
                }
                drafts.Add((MemberNames.Join(parts), settings, overrides, "axes"));
            }
        for (int i = 0; i < explicitMembers.Count; i++)
        {
            var (given, settings, overrides) = explicitMembers[i];
            var parts = settings.Select(kv => axes.FirstOrDefault(a => a.Name == kv.Key) is { } axis
                ? MemberNames.Part(axis, axis.Values.FirstOrDefault(v => v.Label == kv.Value) ?? new SweepAxisValue(kv.Value, overrides), widths[axis.Name])
                : MemberNames.Part(new SweepAxis(kv.Key, kv.Key, []), new SweepAxisValue(kv.Value, overrides), 0));
            drafts.Add((given ?? MemberNames.Join(parts), settings, overrides, $"members:{i}"));
        }

        foreach (var bad in drafts.Where(d => !MemberNames.IsSafe(d.Name)))
            issues.Add(new InputIssue(bad.From, $"the member name '{bad.Name}' cannot be a directory of the sweep (reserved: {string.Join(", ", MemberNames.Reserved)}, or starting with '.'); give the member a \"name\"."));
        foreach (var duplicate in drafts.GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            issues.Add(new InputIssue("members", $"{duplicate.Count()} members are named '{duplicate.Key}' ({string.Join(", ", duplicate.Select(d => d.From).Distinct())}); " +
                "give explicit members a \"name\", or remove the member that repeats an axis combination."));
        if (issues.Count > 0) throw new BadInputException(issues, file);

        var members = new List<SweepMember>();
        var problems = new Dictionary<(string Key, string Message), List<string>>();
        var cli = commandLine ?? new Dictionary<string, string>();
        foreach (var d in drafts)
        {
            var overrides = new Dictionary<string, string>(set, StringComparer.OrdinalIgnoreCase);
            foreach (var (k, v) in cli) overrides[k] = v;
            foreach (var (k, v) in d.Overrides) overrides[k] = v;
            try
            {
                var config = CommandConfig.Resolve(ConfigPurpose.Train, baseFile, overrides, useEnvironment: false,
                    overridesSource: $"in '{file}' or on the command line");
                if (!GameFactory.IsNeural(config.Game.Name))
                    throw new BadInputException("game:name", $"'{config.Game.Name}' is an analytic game; sweeps run 'realganlab train', which trains mlp, dcgan and compression games.");
                var group = string.Join(", ", d.Settings.Where(kv => !IsSeedSetting(kv.Key, axes)).Select(kv => $"{kv.Key}={kv.Value}"));
                members.Add(new SweepMember(d.Name, d.Settings, group.Length == 0 ? MemberNames.Empty : group, d.Overrides, config));
            }
            catch (BadInputException e)
            {
                foreach (var issue in e.Issues)
                {
                    if (!problems.TryGetValue((issue.Key, issue.Message), out var names)) problems[(issue.Key, issue.Message)] = names = [];
                    names.Add(d.Name);
                }
            }
        }
        if (problems.Count > 0)
            throw new BadInputException(problems.Select(p => new InputIssue(p.Key.Key,
                $"{p.Key.Message} (member{(p.Value.Count > 1 ? "s" : "")} {string.Join(", ", p.Value.Take(3))}{(p.Value.Count > 3 ? $" and {p.Value.Count - 3} more" : "")})")).ToList(), file);
        return new SweepPlan(name, file, axes, members) { BaseFile = baseFile };
    }

    static bool IsSeedSetting(string setting, IReadOnlyList<SweepAxis> axes) =>
        setting == "seed" || axes.Any(a => a.Name == setting && a.IsSeed);

    static IEnumerable<SweepAxisValue[]> CrossProduct(IReadOnlyList<SweepAxis> axes)
    {
        var index = new int[axes.Count];
        while (true)
        {
            yield return axes.Select((a, i) => a.Values[index[i]]).ToArray();
            int k = axes.Count - 1;
            while (k >= 0 && ++index[k] == axes[k].Values.Count) index[k--] = 0;
            if (k < 0) yield break;
        }
    }
}
