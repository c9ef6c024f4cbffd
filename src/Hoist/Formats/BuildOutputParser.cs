using Hoist.Posix;

namespace Hoist.Formats;

/// <summary>
/// Parses docker buildx's <c>-o/--output</c> syntax: CSV <c>type=TYPE,dest=PATH,KEY=VALUE…</c> (a field may be quoted,
/// <c>"name=a,b"</c>); a bare path is <c>type=local,dest=PATH</c> and a bare <c>-</c> is <c>type=tar,dest=-</c>.
/// <c>type=registry</c> is <c>type=image,push=true</c>. Archives (tar, oci, docker) without dest go to standard output,
/// which must not be a terminal — the same rule buildx applies.
/// </summary>
public static class BuildOutputParser
{
    public static BuildOutput Parse(string text, bool standardOutputIsTerminal)
    {
        var fields = SpecFields.SplitCsv(text, allowBareQuotes: true, problem => Invalid(text, problem == CsvProblem.UnclosedQuote
            ? "a quoted field is not closed"
            : "a quoted field must end at a comma"));
        if (fields.Count == 1 && fields[0] == text && !text.StartsWith("type=", StringComparison.Ordinal))
        {
            if (text.Length == 0) throw Invalid(text, "it is empty");
            return text == "-"
                ? Check(new BuildOutput { Type = BuildOutputType.Tar, Destination = "-" }, text, standardOutputIsTerminal)
                : new BuildOutput { Type = BuildOutputType.Local, Destination = text };
        }
        string? type = null, destination = null;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var (name, value) = SpecFields.ParseField(field);
            if (value is null) throw Invalid(text, $"\"{field}\" is not KEY=VALUE");
            var key = name.Trim().ToLowerInvariant();
            switch (key)
            {
                case "type": type = value; break;
                case "dest": destination = value; break;
                default: attributes[key] = value; break;
            }
        }
        if (string.IsNullOrEmpty(type)) throw Invalid(text, "type is required (e.g. type=local,dest=DIR)");
        var kind = type switch
        {
            "image" or "registry" => BuildOutputType.Image,
            "local" => BuildOutputType.Local,
            "tar" => BuildOutputType.Tar,
            "oci" => BuildOutputType.Oci,
            "docker" => BuildOutputType.Docker,
            _ => throw new HoistException($"unknown output type \"{type}\": expected image, registry, local, tar, oci or docker"),
        };
        var output = new BuildOutput
        {
            Type = kind,
            Destination = kind == BuildOutputType.Image ? null : destination,
            Names = attributes.TryGetValue("name", out var names)
                ? [.. names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
                : [],
            Push = type == "registry" || (attributes.TryGetValue("push", out var push) && Boolean(text, "push", push)),
            Tar = !attributes.TryGetValue("tar", out var tar) || Boolean(text, "tar", tar),
            RewriteTimestamp = attributes.TryGetValue("rewrite-timestamp", out var rewrite) ? Boolean(text, "rewrite-timestamp", rewrite) : null,
            Attributes = attributes,
        };
        return Check(output, text, standardOutputIsTerminal);
    }

    private static BuildOutput Check(BuildOutput output, string text, bool standardOutputIsTerminal)
    {
        var type = output.Type.ToString().ToLowerInvariant();
        switch (output.Type)
        {
            case BuildOutputType.Image:
                return output;
            case BuildOutputType.Local:
                if (string.IsNullOrEmpty(output.Destination)) throw Invalid(text, "type=local needs dest=DIRECTORY");
                if (output.IsStandardOutput) throw Invalid(text, "type=local writes a directory, not standard output (use type=tar,dest=-)");
                return output;
            case BuildOutputType.Oci or BuildOutputType.Docker when !output.Tar:
                if (string.IsNullOrEmpty(output.Destination) || output.IsStandardOutput)
                {
                    throw Invalid(text, $"type={type},tar=false needs dest=DIRECTORY");
                }
                return output;
            default:
                var destination = string.IsNullOrEmpty(output.Destination) ? "-" : output.Destination;
                if (destination == "-" && standardOutputIsTerminal)
                {
                    throw Invalid(text, $"type={type} needs dest=FILE: refusing to write a tar to the terminal");
                }
                return output with { Destination = destination };
        }
    }

    private static bool Boolean(string text, string key, string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw Invalid(text, $"{key}=\"{value}\" is not true or false"),
    };

    private static HoistException Invalid(string text, string cause) => new($"invalid --output \"{text}\": {cause}");
}
