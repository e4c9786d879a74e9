namespace RealGanLab.Sweeps;

/// <summary>POSIX shell quoting for generated scripts.</summary>
public static class Shell
{
    /// <summary>The word as the shell must see it: unchanged when it holds only safe characters, else single-quoted.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:,@%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";

    /// <summary>A name reduced to characters that need no quoting.</summary>
    public static string Safe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray());
}
