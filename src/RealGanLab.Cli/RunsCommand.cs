using RealGanLab.Training;
using System.CommandLine;
using System.Globalization;
using RealGanLab.Field;
using RealGanLab.Sweeps;
using Spectre.Console;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab runs [DIR]: the runs under DIR (default runs/) and their status — running, completed, diverged,
/// interrupted, failed, crashed, pending — read from the run directories alone (lock, DONE, FAILED, checkpoints),
/// so it works for runs of any process on any machine sharing the filesystem. A sweep directory lists its members;
/// 'field' outputs are listed as such (kind field), with their game, rule and verdict.
/// </summary>
public static class RunsCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "A folder of runs (default runs/) or a sweep directory.", DefaultValueFactory = _ => "runs" };
        var status = new Option<string?>("--status") { Description = "Show only runs with this status (running, completed, diverged, interrupted, failed, crashed, pending)." };
        var command = new Command("runs", "List training runs, sweeps and 'field' outputs with their kind and status (running / completed / diverged / interrupted / failed / crashed / pending). Exit 2 when DIR does not exist or a sweep's sweep.json cannot be read.") { dir, status };
        command.SetAction(parse => Run(parse.GetValue(dir)!, parse.GetValue(status)));
        return command;
    }

    static int Run(string directory, string? status)
    {
        if (!Directory.Exists(directory))
        {
            Console.Error.WriteLine($"'{directory}' does not exist. Runs are written under runs/ by 'realganlab train' and 'realganlab sweep'.");
            return ExitCodes.BadInput;
        }
        RunStatus? filter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<RunStatus>(status, ignoreCase: true, out var parsed))
            {
                Console.Error.WriteLine($"--status: unknown status '{status}'. Valid: {string.Join(", ", Enum.GetNames<RunStatus>().Select(n => n.ToLowerInvariant()))}.");
                return ExitCodes.BadInput;
            }
            filter = parsed;
        }
        var rows = new List<(string Name, string Kind, RunState State)>();
        // A sweep whose sweep.json is damaged is named on stderr; the other runs are still listed, and the exit code says 2.
        bool damaged = false;
        if (SweepManifest.Exists(directory)) damaged |= !AddSweep(directory, "", rows);
        else if (FieldOutput.Is(directory)) rows.Add((Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar)), FieldOutput.Kind, FieldOutput.Read(directory)));
        else
            foreach (var sub in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
            {
                if (SweepManifest.Exists(sub)) damaged |= !AddSweep(sub, Path.GetFileName(sub) + "/", rows);
                // Before the train check: a field output has a config.json too, but no checkpoints or metrics.
                else if (FieldOutput.Is(sub)) rows.Add((Path.GetFileName(sub), FieldOutput.Kind, FieldOutput.Read(sub)));
                else if (File.Exists(Path.Combine(sub, "config.json"))) rows.Add((Path.GetFileName(sub), "train", RunState.Read(sub)));
            }
        int exit = damaged ? ExitCodes.BadInput : ExitCodes.Success;
        var shown = rows.Where(r => filter is null || r.State.Status == filter).ToList();
        if (shown.Count == 0)
        {
            Console.WriteLine(rows.Count == 0 ? $"no runs under {Path.GetFullPath(directory)}" : $"no {status} runs under {Path.GetFullPath(directory)}");
            return exit;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("run").AddColumn("kind").AddColumn("status").AddColumn(new TableColumn("step").RightAligned()).AddColumn("detail");
        foreach (var (name, kind, s) in shown)
            table.AddRow(Markup.Escape(name), Markup.Escape(kind), Colour(s.Status), Markup.Escape(s.Step is long step ? $"{step}{(s.Steps is long n ? $"/{n}" : "")}" : ""), Markup.Escape(Shorten(s.Detail)));
        AnsiConsole.Write(table);
        Console.WriteLine(string.Join(", ", shown.GroupBy(r => r.State.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")));
        return exit;
    }

    /// <summary>Adds a sweep's members; false (with the problem on stderr) when its sweep.json cannot be read.</summary>
    static bool AddSweep(string directory, string prefix, List<(string, string, RunState)> rows)
    {
        SweepManifest manifest;
        try
        {
            manifest = SweepManifest.Read(directory);
        }
        catch (BadInputException e)
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }
        var sweep = new SweepDirectory(directory);
        foreach (var m in manifest.Members) rows.Add((prefix + m.Name, "sweep member", RunState.Read(sweep.Member(m.Name))));
        return true;
    }

    static string Colour(RunStatus s)
    {
        var colour = s switch
        {
            RunStatus.Completed => "green",
            RunStatus.Running => "blue",
            RunStatus.Diverged => "yellow",
            RunStatus.Failed or RunStatus.Crashed => "red",
            _ => "grey",
        };
        return $"[{colour}]{s.ToString().ToLowerInvariant()}[/]";
    }

    static string Shorten(string? text) => text is null ? "" : text.Length > 90 ? text[..90] + "…" : text;
}
