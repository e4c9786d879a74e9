namespace RealGanLab.Checkpoints;

/// <summary>What is wrong with a checkpoint file that failed verification.</summary>
public enum CheckpointProblem
{
    /// <summary>The file is shorter than its header says (an interrupted copy or a full disk).</summary>
    Truncated,

    /// <summary>The file does not start with "RGLCKPT1": not a checkpoint, or a different format version.</summary>
    BadMagic,

    /// <summary>The SHA-256 trailer does not match the contents: some byte changed after writing.</summary>
    ChecksumMismatch,

    /// <summary>The checksum holds but the section table is inconsistent (a writer bug or a hand-made file).</summary>
    Malformed,
}
