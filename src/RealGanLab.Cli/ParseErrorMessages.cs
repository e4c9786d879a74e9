using System.CommandLine;
using System.CommandLine.Parsing;

namespace RealGanLab.Cli;

/// <summary>
/// The command line's parse errors in the user's words: which token is not an option or command here, which option
/// lacks its value, which command was not named — each with where to look. Bad values of typed options are already
/// worded by <see cref="OptionParsers"/>.
/// </summary>
public static class ParseErrorMessages
{
    public static IReadOnlyList<string> Describe(ParseResult parse)
    {
        var messages = new List<string>();
        var command = parse.CommandResult;
        var path = CommandPath(command);
        foreach (var token in parse.UnmatchedTokens)
            messages.Add(token.StartsWith('-')
                ? $"{token}: '{path}' has no such option; '{path} --help' lists them."
                : $"'{token}': '{path}' takes no such command or argument; '{path} --help' lists them.");
        bool commandMissing = command.Command.Action is null && command.Command.Subcommands.Count > 0;
        if (commandMissing && parse.UnmatchedTokens.Count == 0)
            messages.Add($"name a command: {string.Join(", ", command.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))} ('{path} --help' says what each does).");
        foreach (var error in parse.Errors)
        {
            if (error.SymbolResult is OptionResult { Tokens.Count: 0, Implicit: false } missing)
            {
                messages.Add($"{missing.Option.Name} needs a value ('{path} --help' describes it).");
                continue;
            }
            // Already said above, in other words.
            if (parse.UnmatchedTokens.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal))) continue;
            if (commandMissing && error.SymbolResult is CommandResult) continue;
            var message = error.Message.Replace("\n\t", " ").Replace('\n', ' ');
            var owner = error.SymbolResult switch { OptionResult o => o, ArgumentResult { Parent: OptionResult o } => o, _ => null };
            if (owner is not null && !message.StartsWith(owner.Option.Name, StringComparison.Ordinal))
                message = $"{owner.Option.Name}: {message}";
            messages.Add(message);
        }
        return messages.Distinct().ToList();
    }

    static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? s = command; s is not null; s = s.Parent)
            if (s is CommandResult c) names.Insert(0, c.Command is RootCommand ? "realganlab" : c.Command.Name);
        return string.Join(' ', names);
    }
}
