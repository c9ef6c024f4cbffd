using System.Text;
using System.Text.Json;
using Hoist.Dockerfile.Parsing;
using Hoist.Planning;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist build --call=targets</c> as buildx prints BuildKit's targets subrequest: every stage with its name, whether
/// it is the default, its description, its base and platform as written (nothing expanded) and its FROM's lines; text as
/// buildx's tabwriter table (<c>TARGET</c>, <c>DESCRIPTION</c>), JSON as BuildKit's result.json. <c>hoist targets</c>
/// keeps Hoist's own, fuller formats.
/// </summary>
public static class BuildKitTargetsRenderer
{
    public static void Write(string path, string format, TextWriter output)
    {
        var (text, fileName) = DockerfileInput.Read(path);
        var stages = StageListing.List(DockerfileParser.Parse(text, fileName));
        if (format == "json") WriteJson(stages, text, output);
        else WriteText(stages, output);
    }

    private static void WriteText(IReadOnlyList<ListedStage> stages, TextWriter output)
    {
        var rows = stages.Select((stage, index) => (Name: Name(stage, index == stages.Count - 1), Description: stage.Description ?? "")).ToList();
        // Go's tabwriter (minwidth 0, padding 1): every cell but the last padded to the column's widest plus one space.
        var width = Math.Max("TARGET".Length, rows.Select(r => r.Name.Length).DefaultIfEmpty(0).Max()) + 1;
        output.WriteLine("TARGET".PadRight(width) + "DESCRIPTION");
        foreach (var (name, description) in rows) output.WriteLine(name.PadRight(width) + description);
    }

    private static string Name(ListedStage stage, bool isDefault)
    {
        return (stage.Name, isDefault) switch
        {
            (null, true) => "(default)",
            (var name, true) => $"{name} (default)",
            (var name, false) => name ?? "",
        };
    }

    private static void WriteJson(IReadOnlyList<ListedStage> stages, string text, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            if (stages.Count == 0)
            {
                json.WriteNull("targets"); // Go's nil slice
            }
            else
            {
                json.WriteStartArray("targets");
                for (var i = 0; i < stages.Count; i++) WriteTarget(json, stages[i], i == stages.Count - 1);
                json.WriteEndArray();
            }
            json.WriteStartArray("sources");
            json.WriteBase64StringValue(Encoding.UTF8.GetBytes(text));
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>BuildKit's Target: empty fields left out (Go's omitempty); the location one range per line of the FROM.</summary>
    private static void WriteTarget(Utf8JsonWriter json, ListedStage stage, bool isDefault)
    {
        json.WriteStartObject();
        if (stage.Name is { } name) json.WriteString("name", name);
        if (isDefault) json.WriteBoolean("default", true);
        if (stage.Description is { Length: > 0 } description) json.WriteString("description", description);
        if (stage.BaseName.Length > 0) json.WriteString("base", stage.BaseName);
        if (stage.Platform is { Length: > 0 } platform) json.WriteString("platform", platform);
        json.WriteStartObject("location");
        json.WriteStartArray("ranges");
        for (var line = stage.Line; line <= Math.Max(stage.Line, stage.EndLine); line++)
        {
            json.WriteStartObject();
            json.WriteStartObject("start");
            json.WriteNumber("line", line);
            json.WriteEndObject();
            json.WriteStartObject("end");
            json.WriteNumber("line", line);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
