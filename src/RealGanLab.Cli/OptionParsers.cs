using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace RealGanLab.Cli;

/// <summary>
/// Parsers for the typed options of every command, so that a value that does not parse is refused in the user's
/// words ("--steps: 'abc' is not a whole number (e.g. --steps 2000).") instead of System.CommandLine's message,
/// which names the .NET type (System.Nullable`1[System.Int32]).
/// </summary>
public static class OptionParsers
{
    /// <summary>Example values shown in the refusal, by option name; other options get one by type.</summary>
    static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["--steps"] = "2000", ["--seed"] = "1", ["--stop-at"] = "500", ["--lr"] = "0.01", ["--gamma"] = "1",
        ["--r1"] = "10", ["--mse"] = "0.1", ["--epochs"] = "5", ["--workers"] = "2", ["--retries"] = "1",
        ["--warmup"] = "10", ["--probe-reps"] = "10",
    };

    /// <summary>Gives every int, long, double and enum option under <paramref name="command"/> (recursively) a parser that explains a bad value.</summary>
    public static void Apply(Command command)
    {
        foreach (var option in command.Options) Apply(option);
        foreach (var sub in command.Subcommands) Apply(sub);
    }

    static void Apply(Option option)
    {
        switch (option)
        {
            case Option<int> o: o.CustomParser = Whole(o, o.DefaultValueFactory, int.MinValue, int.MaxValue, v => (int)v); break;
            case Option<int?> o: o.CustomParser = Whole(o, o.DefaultValueFactory, int.MinValue, int.MaxValue, v => (int?)(int)v); break;
            case Option<long> o: o.CustomParser = Whole(o, o.DefaultValueFactory, long.MinValue, long.MaxValue, v => v); break;
            case Option<long?> o: o.CustomParser = Whole(o, o.DefaultValueFactory, long.MinValue, long.MaxValue, v => (long?)v); break;
            case Option<double> o: o.CustomParser = Real(o, o.DefaultValueFactory, v => v); break;
            case Option<double?> o: o.CustomParser = Real(o, o.DefaultValueFactory, v => (double?)v); break;
            default:
                var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
                if (type.IsEnum) throw new InvalidOperationException($"{option.Name}: enum options need a parser in {nameof(OptionParsers)}");
                break;
        }
    }

    static Func<ArgumentResult, T?> Whole<T>(Option option, Func<ArgumentResult, T>? fallback, long min, long max, Func<long, T> convert) => result =>
    {
        if (result.Tokens.Count == 0) return fallback is null ? default : fallback(result);
        var text = result.Tokens[^1].Value;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{option.Name}: '{text}' is not a whole number (e.g. {option.Name} {Example(option, "10")}).");
            return default;
        }
        if (value < min || value > max)
        {
            result.AddError($"{option.Name}: {text} is out of range; it must lie between {min.ToString("N0", CultureInfo.InvariantCulture)} and {max.ToString("N0", CultureInfo.InvariantCulture)}.");
            return default;
        }
        return convert(value);
    };

    static Func<ArgumentResult, T?> Real<T>(Option option, Func<ArgumentResult, T>? fallback, Func<double, T> convert) => result =>
    {
        if (result.Tokens.Count == 0) return fallback is null ? default : fallback(result);
        var text = result.Tokens[^1].Value;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            result.AddError($"{option.Name}: '{text}' is not a number (e.g. {option.Name} {Example(option, "0.1")}; a decimal point, not a comma).");
            return default;
        }
        return convert(value);
    };

    static string Example(Option option, string byType) => Examples.GetValueOrDefault(option.Name, byType);
}
