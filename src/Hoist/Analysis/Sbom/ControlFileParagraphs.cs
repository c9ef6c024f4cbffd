namespace Hoist.Analysis.Sbom;

/// <summary>
/// Reads Debian control-file paragraphs (dpkg's status database: "Field: value", continuation lines start with a space
/// or tab, paragraphs end at a blank line) and Alpine's apk database (one "K:value" per line) into field maps.
/// </summary>
public static class ControlFileParagraphs
{
    public static IEnumerable<Dictionary<string, string>> Read(TextReader reader, char separator)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? last = null;
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim().Length == 0)
            {
                if (fields.Count > 0) yield return fields;
                fields = new Dictionary<string, string>(StringComparer.Ordinal);
                last = null;
                continue;
            }
            if (line[0] is ' ' or '\t')
            {
                if (last is not null) fields[last] += "\n" + line.Trim();
                continue;
            }
            var colon = line.IndexOf(separator);
            if (colon <= 0) continue;
            last = line[..colon];
            fields[last] = line[(colon + 1)..].Trim();
        }
        if (fields.Count > 0) yield return fields;
    }
}
