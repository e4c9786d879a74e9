using System.Globalization;
using System.Text;

namespace RealGanLab.Sweeps;

/// <summary>
/// Writes a Slurm job-array script for a sweep: one array task per shard, each running
/// 'realganlab sweep FILE --out DIR --shard $SLURM_ARRAY_TASK_ID/N'. Preemption and the time limit both end in
/// SIGTERM (--signal=B:TERM@S sends it to the batch shell S seconds early; the shell passes it on), on which the
/// sweep's workers save checkpoints and exit 130; the task then requeues itself (--requeue, scontrol requeue)
/// and the requeued task skips DONE members and resumes the rest from their checkpoints.
/// </summary>
public static class SlurmScript
{
    /// <summary>The line that marks a script as this tool's (its third line): --slurm replaces only such a file.</summary>
    public const string Header = "# Written by 'realganlab sweep --slurm'.";

    /// <summary>Whether the file at <paramref name="path"/> is a script this tool wrote (its first lines carry <see cref="Header"/>).</summary>
    public static bool IsWrittenByThisTool(string path)
    {
        try
        {
            // The head only: the file may be anything, of any size.
            using var stream = File.OpenRead(path);
            var head = new byte[1024];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return System.Text.Encoding.UTF8.GetString(head, 0, read).Split('\n').Take(4).Any(l => l.StartsWith(Header, StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <param name="program">The command that starts realganlab on the cluster's nodes (the same path on a shared filesystem).</param>
    /// <param name="sweepArguments">The sweep's own arguments after 'sweep': the sweep file, --out, --workers and any --section:key=value overrides (absolute paths).</param>
    public static string Render(string sweepName, IReadOnlyList<string> program, IReadOnlyList<string> sweepArguments, string workingDirectory, string logDirectory, SlurmOptions o)
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        s.Append("#!/bin/bash\n");
        s.Append($"# Slurm job array for the RealGanLab sweep '{sweepName}': {o.Shards} shard{(o.Shards == 1 ? "" : "s")}, one per array task.\n");
        s.Append(Header + " Submit with: sbatch <this file>. Rerunning it (or requeueing) is safe:\n");
        s.Append("# members with DONE are skipped, the others resume from their checkpoints.\n");
        s.Append($"#SBATCH --job-name={Shell.Safe("rgl-" + sweepName)}\n");
        s.Append($"#SBATCH --array=0-{o.Shards - 1}\n");
        s.Append($"#SBATCH --output={logDirectory}/slurm-%A_%a.out\n");
        s.Append("#SBATCH --open-mode=append\n");
        s.Append($"#SBATCH --time={o.TimeLimit}\n");
        s.Append("#SBATCH --ntasks=1\n");
        s.Append($"#SBATCH --cpus-per-task={o.CpusPerTask.ToString(inv)}\n");
        if (o.Memory is not null) s.Append($"#SBATCH --mem={o.Memory}\n");
        if (o.GpusPerTask > 0) s.Append($"#SBATCH --gres=gpu:{o.GpusPerTask.ToString(inv)}\n");
        if (o.Partition is not null) s.Append($"#SBATCH --partition={o.Partition}\n");
        s.Append("#SBATCH --requeue\n");
        s.Append($"#SBATCH --signal=B:TERM@{o.SignalSeconds.ToString(inv)}\n");
        s.Append('\n');
        s.Append("set -u\n");
        s.Append($"cd {Shell.Quote(workingDirectory)}\n");
        s.Append($"shard=\"${{SLURM_ARRAY_TASK_ID:-0}}/{o.Shards.ToString(inv)}\"\n");
        s.Append("echo \"$(date -Is) $(hostname) job ${SLURM_JOB_ID:-?} shard $shard (restart ${SLURM_RESTART_COUNT:-0})\"\n");
        s.Append(string.Join(" ", program.Concat(["sweep"]).Concat(sweepArguments).Select(Shell.Quote)) + " --shard \"$shard\" &\n");
        s.Append("sweep=$!\n");
        s.Append("# Preemption / time limit: pass SIGTERM on; the sweep's workers checkpoint and exit.\n");
        s.Append("trap 'kill -TERM \"$sweep\" 2>/dev/null' TERM\n");
        s.Append("wait \"$sweep\"; rc=$?\n");
        s.Append("# wait returns early when the trap runs; wait again for the sweep to finish its checkpoints.\n");
        s.Append("while kill -0 \"$sweep\" 2>/dev/null; do wait \"$sweep\"; rc=$?; done\n");
        s.Append("# If it ended between the trap and kill -0, bash has its status: ask once more (127: already collected).\n");
        s.Append("if [ \"$rc\" -gt 128 ]; then wait \"$sweep\" 2>/dev/null; last=$?; [ \"$last\" -ne 127 ] && rc=$last; fi\n");
        s.Append("if [ \"$rc\" -eq 130 ] && [ -n \"${SLURM_JOB_ID:-}\" ]; then\n");
        s.Append("  echo \"$(date -Is) interrupted: requeueing ${SLURM_JOB_ID} to resume from checkpoints\"\n");
        s.Append("  scontrol requeue \"${SLURM_JOB_ID}\"\n");
        s.Append("fi\n");
        s.Append("exit \"$rc\"\n");
        return s.ToString();
    }
}
