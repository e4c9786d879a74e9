using System.Runtime.ExceptionServices;
using RealGanLab.Training;

namespace RealGanLab.Cli;

/// <summary>
/// Keeps the last <see cref="BadInputException"/> and <see cref="RunWriteException"/> thrown in this process while it is
/// open. 'train' (<see cref="TrainCommand.Run"/>) catches both itself, prints them and returns exit code 2 or 4; a sweep
/// worker that runs it wants the error's own message for its outcome record, not its console output. The exception
/// that made train return 2 (or 4) is the last of its type thrown before train returned — one caught and handled
/// further down (a probe of the device that falls back) is thrown earlier — so the worker takes that one for the code.
/// Only a sweep worker opens one: its process runs one member.
/// </summary>
public sealed class TrainErrorWatch : IDisposable
{
    volatile BadInputException? badInput;
    volatile RunWriteException? writeFailure;

    public TrainErrorWatch() => AppDomain.CurrentDomain.FirstChanceException += Seen;

    /// <summary>The last bad-input error thrown (the one behind exit code 2), or null.</summary>
    public BadInputException? BadInput => badInput;

    /// <summary>The last failed write into the run directory thrown (the one behind exit code 4), or null.</summary>
    public RunWriteException? WriteFailure => writeFailure;

    void Seen(object? sender, FirstChanceExceptionEventArgs e)
    {
        if (e.Exception is BadInputException b) badInput = b;
        else if (e.Exception is RunWriteException w) writeFailure = w;
    }

    public void Dispose() => AppDomain.CurrentDomain.FirstChanceException -= Seen;
}
