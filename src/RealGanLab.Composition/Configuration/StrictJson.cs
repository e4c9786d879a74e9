using System.Text;
using System.Text.Json;

namespace RealGanLab.Configuration;

/// <summary>
/// The checks every JSON file the tool reads gets before it is bound: valid syntax, the expected top-level shape
/// and no key given twice in one object (ignoring case, as config keys do). JSON allows duplicate keys and every reader here would silently keep
/// one of them (Microsoft.Extensions.Configuration the last, JsonNode an exception), so a file that says two
/// things is refused, naming the key's path and line.
/// </summary>
public static class StrictJson
{
    static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// Parses <paramref name="text"/> and refuses, as a <see cref="BadInputException"/> under <paramref name="key"/>
    /// naming <paramref name="file"/>, invalid JSON, a top level of another kind than <paramref name="topLevel"/>
    /// and duplicate keys. <paramref name="expected"/> says in words what the file should hold.
    /// </summary>
    public static void Check(string text, string file, string key, JsonValueKind topLevel, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, ReaderOptions);
        // One set of seen keys per open object (null for an open array), with the path to it.
        var open = new Stack<(HashSet<string>? Keys, string Path, int Index)>();
        string? property = null;
        try
        {
            bool first = true;
            while (reader.Read())
            {
                if (first)
                {
                    first = false;
                    var kind = reader.TokenType switch
                    {
                        JsonTokenType.StartObject => JsonValueKind.Object,
                        JsonTokenType.StartArray => JsonValueKind.Array,
                        JsonTokenType.String => JsonValueKind.String,
                        JsonTokenType.Number => JsonValueKind.Number,
                        JsonTokenType.True => JsonValueKind.True,
                        JsonTokenType.False => JsonValueKind.False,
                        _ => JsonValueKind.Null,
                    };
                    if (kind != topLevel)
                        throw new BadInputException(key, $"'{file}' holds {Describe(kind)} at the top level; it must be {expected.TrimEnd('.')}.");
                }
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString()!;
                        var (keys, path, _) = open.Peek();
                        if (!keys!.Add(property))
                        {
                            var full = path.Length == 0 ? property : $"{path}:{property}";
                            throw new BadInputException(key, $"'{file}' gives the key '{full}' twice (line {LineOf(bytes, reader.TokenStartIndex)}); " +
                                "JSON readers keep only one of them, so remove the one you do not mean.");
                        }
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var child = ChildPath(open, property);
                        open.Push((reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.OrdinalIgnoreCase) : null, child, 0));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open.Pop();
                        Advance(open);
                        break;
                    default:
                        Advance(open);
                        break;
                }
                property = null;
            }
            if (first) throw new BadInputException(key, $"'{file}' is empty; it must be {expected.TrimEnd('.')}.");
        }
        catch (JsonException e)
        {
            throw new BadInputException(key, $"'{file}' is not valid JSON: {e.Message}");
        }
    }

    /// <summary>"an object", "a list", "a string", "a number", "a boolean", "null" — for messages.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>The path of a value about to open: the property's name in an object, the element's index in a list.</summary>
    static string ChildPath(Stack<(HashSet<string>? Keys, string Path, int Index)> open, string? property)
    {
        if (open.Count == 0) return "";
        var (keys, path, index) = open.Peek();
        var part = keys is null ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : property ?? "";
        return path.Length == 0 ? part : $"{path}:{part}";
    }

    /// <summary>A value in a list has ended: the next one has the next index.</summary>
    static void Advance(Stack<(HashSet<string>? Keys, string Path, int Index)> open)
    {
        if (open.Count == 0 || open.Peek().Keys is not null) return;
        var (keys, path, index) = open.Pop();
        open.Push((keys, path, index + 1));
    }

    static long LineOf(byte[] bytes, long offset)
    {
        long line = 1;
        for (long i = 0; i < offset && i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n') line++;
        return line;
    }
}
