namespace RealGanLab.Tests;

/// <summary>
/// Command-line parse errors speak the user's language: a value that does not parse, an unknown option or command,
/// an option without its value — each refused with exit 2, naming the option or token and how to fix it, with no
/// .NET type name (System.Nullable`1[System.Int32]) and nothing written.
/// </summary>
public class OptionParseErrorTests
{
    /// <summary>Rows: what the user typed (as a sentence), the arguments, and what the refusal must say.</summary>
    public static TheoryData<string, string[], string[]> Cases => new()
    {
        { "train --steps given a word is not a whole number", ["train", "--steps", "abc"], ["--steps", "'abc' is not a whole number", "--steps 2000"] },
        { "train --steps=1e5 (an exponent) is not a whole number", ["train", "--steps=1e5"], ["--steps", "'1e5' is not a whole number"] },
        { "train --seed beyond the 32-bit range is out of range", ["train", "--seed", "3000000000"], ["--seed", "out of range", "2,147,483,647"] },
        { "train --stop-at given a word is not a whole number", ["train", "--stop-at", "soon"], ["--stop-at", "'soon' is not a whole number"] },
        { "field --lr with a decimal comma is not a number", ["field", "--lr", "0,1"], ["--lr", "'0,1' is not a number", "decimal point"] },
        { "field --gamma given NaN is not a number", ["field", "--gamma", "NaN"], ["--gamma", "'NaN' is not a number"] },
        { "field --r1 given Infinity is not a number", ["field", "--r1", "Infinity"], ["--r1", "'Infinity' is not a number"] },
        { "field --steps given a fraction is not a whole number", ["field", "--steps", "2.5"], ["--steps", "'2.5' is not a whole number"] },
        { "sweep --workers given a word is not a whole number", ["sweep", "sweep.json", "--workers", "two"], ["--workers", "'two' is not a whole number"] },
        { "sweep --slurm-gpus given a fraction is not a whole number", ["sweep", "sweep.json", "--slurm", "job.sh", "--slurm-gpus", "0.5"], ["--slurm-gpus", "'0.5' is not a whole number"] },
        { "classifier train --epochs given a word is not a whole number", ["classifier", "train", "--epochs", "five"], ["--epochs", "'five' is not a whole number"] },
        { "bench --probe-reps given a word is not a whole number", ["bench", "--probe-reps", "many"], ["--probe-reps", "'many' is not a whole number"] },
        { "train with a misspelt option has no such option", ["train", "--stepz", "10"], ["--stepz", "has no such option", "realganlab train --help"] },
        { "train --steps without its value needs a value", ["train", "--steps"], ["--steps", "needs a value"] },
        { "field --game without its value needs a value", ["field", "--game"], ["--game", "needs a value"] },
        { "a misspelt command is no such command", ["trian"], ["'trian'", "no such command", "realganlab --help"] },
        { "no command at all asks to name one", [], ["name a command", "train", "field"] },
        { "config --for given an unknown command names the choices", ["config", "--for", "trian"], ["--for", "'trian'", "train", "field"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_command_line_is_refused_in_plain_words(string name, string[] args, string[] causes)
    {
        var dir = CliRunner.TempDirectory();
        try
        {
            var before = HostileInput.Snapshot(dir);
            var result = CliRunner.Run(dir, null, args);
            HostileInput.AssertRefused(result, dir, before, causes);
            var text = result.Output + result.Error;
            Assert.False(text.Contains("System.", StringComparison.Ordinal), $"{name}: a .NET type name was printed:\n{text}");
            Assert.False(text.Contains("Cannot parse argument", StringComparison.Ordinal), $"{name}: System.CommandLine's wording was printed:\n{text}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
