using System.Text;

namespace Hoist.Posix;

/// <summary>
/// The one reader of comma-separated <c>KEY=VALUE</c> option values (<c>--secret</c>, <c>--cache-to</c>, <c>--ssh</c>,
/// <c>-o</c>, <c>RUN --mount</c>). <see cref="Split"/> cuts at every comma; <see cref="SplitCsv"/> reads one CSV record
/// as Go's encoding/csv does for BuildKit and buildx (a field that starts with a quote runs to its closing quote,
/// <c>""</c> is a quote). Each caller words its own errors: the quoting problem is handed to its factory.
/// </summary>
public static class SpecFields
{
    /// <summary>Fields separated by commas, no quoting; <paramref name="trim"/> trims white space around each.</summary>
    public static IReadOnlyList<string> Split(string text, bool trim = false) =>
        text.Split(',', trim ? StringSplitOptions.TrimEntries : StringSplitOptions.None);

    /// <summary>One CSV record. <paramref name="allowBareQuotes"/>: a quote inside an unquoted field is text (buildx's
    /// <c>-o</c>); otherwise it is an error, as in BuildKit's mount parser.</summary>
    public static IReadOnlyList<string> SplitCsv(string text, bool allowBareQuotes, Func<CsvProblem, Exception> error)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            i = i < text.Length && text[i] == '"'
                ? ReadQuoted(text, i, field, error)
                : ReadPlain(text, i, field, allowBareQuotes, error);
            fields.Add(field.ToString());
            if (i >= text.Length) return fields;
            i++; // the comma
        }
    }

    /// <summary>A field cut at its first <c>=</c>; without one the whole field is the key and the value is null.</summary>
    public static SpecField ParseField(string field)
    {
        var equals = field.IndexOf('=');
        return equals < 0 ? new SpecField(field, null) : new SpecField(field[..equals], field[(equals + 1)..]);
    }

    private static int ReadQuoted(string text, int i, StringBuilder field, Func<CsvProblem, Exception> error)
    {
        i++; // the opening quote
        while (true)
        {
            if (i >= text.Length) throw error(CsvProblem.UnclosedQuote);
            if (text[i] == '"')
            {
                if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            field.Append(text[i++]);
        }
        if (i < text.Length && text[i] != ',') throw error(CsvProblem.TextAfterQuote);
        return i;
    }

    private static int ReadPlain(string text, int i, StringBuilder field, bool allowBareQuotes, Func<CsvProblem, Exception> error)
    {
        while (i < text.Length && text[i] != ',')
        {
            if (text[i] == '"' && !allowBareQuotes) throw error(CsvProblem.BareQuote);
            field.Append(text[i++]);
        }
        return i;
    }
}
