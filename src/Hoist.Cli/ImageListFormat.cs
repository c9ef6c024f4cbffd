using System.Text.RegularExpressions;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist images --format</c>: docker's Go-template fields for image rows (<c>{{.Repository}}:{{.Tag}}</c>,
/// <c>table {{.ID}}\t{{.Size}}</c>); <c>table</c> prefixes a header line. Other template syntax is refused.
/// </summary>
public sealed partial class ImageListFormat
{
    private static readonly Dictionary<string, string> Headers = new(StringComparer.Ordinal)
    {
        ["Repository"] = "REPOSITORY", ["Tag"] = "TAG", ["ID"] = "IMAGE ID", ["CreatedSince"] = "CREATED", ["CreatedAt"] = "CREATED AT",
        ["Size"] = "SIZE", ["Digest"] = "DIGEST",
    };

    private readonly string _template;

    private ImageListFormat(string template, bool table) => (_template, IsTable) = (template, table);

    public bool IsTable { get; }

    public static ImageListFormat Parse(string format)
    {
        var table = format.StartsWith("table", StringComparison.Ordinal);
        var template = (table ? format[5..].TrimStart() : format).Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
        var rest = Field().Replace(template, match => Headers.ContainsKey(match.Groups[1].Value)
            ? ""
            : throw new HoistException($"--format: unknown field {match.Value} (fields: {string.Join(", ", Headers.Keys.Select(k => "{{." + k + "}}"))})"));
        if (rest.Contains("{{", StringComparison.Ordinal)) throw new HoistException($"--format: only {{{{.Field}}}} placeholders are supported: \"{format}\"");
        return new ImageListFormat(template.Length == 0 ? "{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}" : template, table);
    }

    public string Header() => Field().Replace(_template, m => Headers[m.Groups[1].Value]);

    public string Row(IReadOnlyDictionary<string, string> values) => Field().Replace(_template, m => values[m.Groups[1].Value]);

    [GeneratedRegex(@"\{\{\s*\.(\w+)\s*\}\}")]
    private static partial Regex Field();
}
