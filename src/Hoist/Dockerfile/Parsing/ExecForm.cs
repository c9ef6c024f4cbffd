using System.Text;
using System.Text.Json;

namespace Hoist.Dockerfile.Parsing;

/// <summary>
/// Recognises the exec form: the arguments are a JSON array. Like BuildKit, text that is not valid JSON falls back to
/// the shell form, while a valid JSON array holding anything but strings is an error for the exec-form instructions.
/// </summary>
internal static class ExecForm
{
    public enum Kind
    {
        NotJson,
        Strings,
        NotStrings,
    }

    // Go's decoder accepts nesting up to 10000 levels; System.Text.Json's default of 64 would turn deep but valid
    // arrays into "not JSON" instead of "not strings".
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 10_000 };

    public static Kind Parse(string rest, out IReadOnlyList<string>? strings)
    {
        strings = null;
        var start = 0;
        while (start < rest.Length && char.IsWhiteSpace(rest[start]))
        {
            start++;
        }

        if (start == rest.Length || rest[start] != '[')
        {
            return Kind.NotJson;
        }

        var utf8 = Encoding.UTF8.GetBytes(rest, start, rest.Length - start);
        var reader = new Utf8JsonReader(utf8, Options);
        var values = new List<string>();
        var allStrings = true;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth != 1 || reader.TokenType is JsonTokenType.EndArray)
                {
                    continue;
                }

                if (reader.TokenType == JsonTokenType.String)
                {
                    values.Add(reader.GetString()!);
                }
                else
                {
                    allStrings = false;
                }
            }
        }
        catch (JsonException)
        {
            return Kind.NotJson;
        }
        catch (InvalidOperationException)
        {
            // A string holding an unpaired surrogate escape (\ud800) cannot become a .NET string; treat as shell form.
            return Kind.NotJson;
        }

        if (!allStrings)
        {
            return Kind.NotStrings;
        }

        strings = values;
        return Kind.Strings;
    }
}
