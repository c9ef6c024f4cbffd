using System.Text;
using System.Text.Json;
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
    public static void Write(string path, PlanOptions options, string format, TextWriter output)
    {
        var (text, fileName) = DockerfileInput.Read(path);
        var plan = DockerfileFrontend.Plan(text, fileName, options with { ListingOnly = true, Target = null });
        if (format == "json") WriteJson(plan, text, output);
        else WriteText(plan, output);
    }

    private static void WriteText(BuildPlan plan, TextWriter output)
    {
        var rows = plan.Stages.Select(stage => (Name: Name(stage, plan), Description: stage.Description ?? "")).ToList();
        // Go's tabwriter (minwidth 0, padding 1): every cell but the last padded to the column's widest plus one space.
        var width = Math.Max("TARGET".Length, rows.Max(r => r.Name.Length)) + 1;
        output.WriteLine("TARGET".PadRight(width) + "DESCRIPTION");
        foreach (var (name, description) in rows) output.WriteLine(name.PadRight(width) + description);
    }

    private static string Name(PlannedStage stage, BuildPlan plan)
    {
        var isDefault = stage.Index == plan.Stages.Count - 1;
        return (stage.Name, isDefault) switch
        {
            (null, true) => "(default)",
            (var name, true) => $"{name} (default)",
            (var name, false) => name ?? "",
        };
    }

    private static void WriteJson(BuildPlan plan, string text, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("targets");
            foreach (var stage in plan.Stages) WriteTarget(json, stage, stage.Index == plan.Stages.Count - 1);
            json.WriteEndArray();
            json.WriteStartArray("sources");
            json.WriteBase64StringValue(Encoding.UTF8.GetBytes(text));
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>BuildKit's Target: empty fields left out (Go's omitempty).</summary>
    private static void WriteTarget(Utf8JsonWriter json, PlannedStage stage, bool isDefault)
    {
        json.WriteStartObject();
        if (stage.Name is { } name) json.WriteString("name", name);
        if (isDefault) json.WriteBoolean("default", true);
        if (stage.Description is { Length: > 0 } description) json.WriteString("description", description);
        if (stage.From.BaseName.Length > 0) json.WriteString("base", stage.From.BaseName);
        if (stage.From.Platform is { Length: > 0 } platform) json.WriteString("platform", platform);
        json.WriteStartObject("location");
        json.WriteStartArray("ranges");
        json.WriteStartObject();
        json.WriteStartObject("start");
        json.WriteNumber("line", stage.From.Line);
        json.WriteEndObject();
        json.WriteStartObject("end");
        json.WriteNumber("line", stage.From.EndLine);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
