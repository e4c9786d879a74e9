namespace RealGanLab.Cli;

/// <summary>Process exit codes: success, an unexpected failure, and bad input (nothing was run or written).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
}
