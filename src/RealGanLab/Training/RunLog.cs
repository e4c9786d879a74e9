using System.Text.Json.Nodes;

namespace RealGanLab.Training;

/// <summary>
/// A run's logs: metrics.jsonl and probe.jsonl (flushed line by line) and TensorBoard, with every line also kept in
/// memory for the plots. A resumed run's files are read once, when the log opens (its lines up to the checkpoint), and
/// never again; a new run starts with none.
/// </summary>
public sealed class RunLog : IDisposable
{
    readonly JsonLines metrics;
    readonly JsonLines probes;
    readonly TensorBoardLog tensorBoard;
    readonly List<JsonObject> train = [];
    readonly List<JsonObject> evals = [];
    readonly List<JsonObject> probeLines = [];

    public RunLog(RunDirectory run, bool resumed)
    {
        if (resumed)
        {
            foreach (var line in JsonLines.Read(run.Metrics)) Keep(line);
            probeLines.AddRange(JsonLines.Read(run.Probe));
        }
        metrics = new JsonLines(run.Metrics);
        probes = new JsonLines(run.Probe);
        tensorBoard = new TensorBoardLog(run.TensorBoard);
    }

    /// <summary>Training lines ("kind": "train"), oldest first.</summary>
    public IReadOnlyList<JsonObject> TrainLines => train;

    /// <summary>Epoch evaluations ("kind": "eval"), oldest first.</summary>
    public IReadOnlyList<JsonObject> EvalLines => evals;

    /// <summary>Probe readings, oldest first.</summary>
    public IReadOnlyList<JsonObject> ProbeLines => probeLines;

    /// <summary>A metrics line; also to TensorBoard under <paramref name="tensorBoardPrefix"/> when one is given.</summary>
    public void Metrics(IReadOnlyDictionary<string, object?> record, long step, string? tensorBoardPrefix)
    {
        var line = metrics.Write(record);
        if (tensorBoardPrefix is not null) tensorBoard.Scalars(tensorBoardPrefix, record, step);
        Keep(AsObject(line));
    }

    /// <summary>A probe line; also to TensorBoard when <paramref name="toTensorBoard"/>.</summary>
    public void Probe(IReadOnlyDictionary<string, object?> record, long step, bool toTensorBoard)
    {
        var line = probes.Write(record);
        if (toTensorBoard) tensorBoard.Scalars("probe", record, step);
        probeLines.Add(AsObject(line));
    }

    /// <summary>The line as the file holds it, parsed, so the plots draw the same numbers from memory as from the file.</summary>
    static JsonObject AsObject(string line) => JsonNode.Parse(line)!.AsObject();

    void Keep(JsonObject line)
    {
        switch ((string?)line["kind"])
        {
            case "train": train.Add(line); break;
            case "eval": evals.Add(line); break;
        }
    }

    public void Dispose()
    {
        metrics.Dispose();
        probes.Dispose();
    }
}
