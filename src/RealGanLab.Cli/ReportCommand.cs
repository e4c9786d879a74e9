using System.CommandLine;
using RealGanLab.Configuration;
using RealGanLab.Output;
using RealGanLab.Sweeps;
using RealGanLab.Sweeps.Reports;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab report SWEEP_DIR [--out DIR]: summary.csv, summary.md and a self-contained report.html (plots in
/// report/*.png) from a sweep directory's sweep.json and its members' run directories, finished or not.
/// </summary>
public static class ReportCommand
{
    public static Command Create(IReadOnlyDictionary<string, string> overrides)
    {
        var sweep = new Argument<string>("sweep-dir") { Description = "The sweep directory (holding sweep.json and one run directory per member)." };
        var output = new Option<string?>("--out", "-o") { Description = "Write the report here instead of into the sweep directory." };
        var command = new Command("report",
            "Summarise a sweep: summary.csv (one row per member), summary.md (tables: status, mean ± std over seeds per group, members) " +
            "and report.html (self-contained: tables, per-group plots of the final metrics, training curves, spectrum over time, " +
            "each member's last sample image), plots in report/*.png. Works on unfinished sweeps. Exit codes: 0 written, 2 bad input.")
        {
            sweep, output,
        };
        command.SetAction(parse => Refuse(overrides) ?? Run(parse.GetValue(sweep)!, parse.GetValue(output)));
        return command;
    }

    static int? Refuse(IReadOnlyDictionary<string, string> overrides)
    {
        if (overrides.Count == 0) return null;
        Console.Error.WriteLine($"'realganlab report' takes no config overrides (got --{string.Join(", --", overrides.Keys)}). Nothing was written.");
        return ExitCodes.BadInput;
    }

    static int Run(string sweepDir, string? outDir)
    {
        var full = Path.GetFullPath(sweepDir);
        if (!Directory.Exists(full))
            return BadInput($"Sweep directory {full} does not exist.");
        SweepReport report;
        try
        {
            report = SweepReport.Load(full);
        }
        catch (BadInputException e)
        {
            return BadInput(string.Join(Environment.NewLine, e.Issues.Select(i => i.Message)));
        }

        if (outDir is not null && !string.Equals(Path.GetFullPath(outDir), full, StringComparison.Ordinal))
        {
            // A report elsewhere goes into a new or empty folder, marked as a report's, or one marked so earlier: it
            // replaces summary.csv, summary.md, report.html and stale figures there, which must never be a user's files.
            try
            {
                OutputPath.CheckDirectory(outDir, "--out");
                var target = Path.GetFullPath(outDir);
                if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !OwnershipMarker.IsMarked(target, OwnershipMarker.Report))
                    return BadInput($"--out '{outDir}' is not empty and is not a report folder made by realganlab report; the report would overwrite " +
                        "summary.csv, summary.md, report.html and figures in report/ there. Choose a new or empty --out.");
                OwnershipMarker.Claim(target, OwnershipMarker.Report, "--out");
            }
            catch (BadInputException e)
            {
                return BadInput(string.Join(Environment.NewLine, e.Issues.Select(i => $"--out {i.Message}")));
            }
        }
        var outputs = SweepReportWriter.Write(report, outDir ?? full, DateTimeOffset.Now);
        var counts = string.Join(", ", ReportFormat.StatusCounts(report).Select(t => $"{t.Count} {ReportFormat.Status(t.Status)}"));
        Console.WriteLine($"Sweep '{report.Manifest.Name}': {report.Members.Count} members in {report.Groups.Count} groups ({counts}).");
        Console.WriteLine($"  {outputs.SummaryCsv}");
        Console.WriteLine($"  {outputs.SummaryMarkdown}");
        Console.WriteLine($"  {outputs.Html}");
        Console.WriteLine($"  {outputs.PlotDirectory}/ ({outputs.PlotCount} plots)");
        return ExitCodes.Success;
    }

    static int BadInput(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine("Nothing was written. Usage: realganlab report SWEEP_DIR [--out DIR].");
        return ExitCodes.BadInput;
    }
}
