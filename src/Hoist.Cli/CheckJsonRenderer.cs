using System.Text;
using System.Text.Json;
using Hoist.Checks;

namespace Hoist.Cli;

/// <summary>
/// Findings as JSON in the shape of <c>docker build --call=check,format=json</c> (BuildKit's lint result: warnings with
/// ruleName, description, url, detail and location; sources; buildError), plus Hoist's <c>origin</c> and <c>fix</c>.
/// </summary>
public static class CheckJsonRenderer
{
    public static void Write(TextWriter writer, CheckReport report, string fileName, string text)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("warnings");
            foreach (var finding in report.Findings) WriteFinding(json, finding);
            json.WriteEndArray();
            json.WriteStartArray("sources");
            json.WriteStartObject();
            json.WriteString("filename", fileName);
            json.WriteString("language", "Dockerfile");
            json.WriteBase64String("data", Encoding.UTF8.GetBytes(text));
            json.WriteEndObject();
            json.WriteEndArray();
            if ((report.ErrorCause ?? report.Violation) is { } error)
            {
                json.WriteStartObject("buildError");
                json.WriteString("message", error);
                if (report.ErrorLine > 0) WriteLocation(json, report.ErrorLine, report.ErrorLine);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        writer.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteFinding(Utf8JsonWriter json, CheckFinding finding)
    {
        json.WriteStartObject();
        json.WriteString("ruleName", finding.Rule.Name);
        json.WriteString("description", finding.Rule.Description);
        if (finding.Rule.Url.Length > 0) json.WriteString("url", finding.Rule.Url);
        json.WriteString("detail", finding.Message);
        WriteLocation(json, finding.Line, finding.EndLine);
        json.WriteString("origin", finding.Rule.Origin == CheckOrigin.Hoist ? "hoist" : "buildkit");
        if (finding.Fix is { } fix) json.WriteString("fix", fix);
        json.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter json, int start, int end)
    {
        json.WriteStartObject("location");
        json.WriteNumber("sourceIndex", 0);
        json.WriteStartArray("ranges");
        json.WriteStartObject();
        WritePosition(json, "start", start);
        WritePosition(json, "end", end);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePosition(Utf8JsonWriter json, string name, int line)
    {
        json.WriteStartObject(name);
        json.WriteNumber("line", line);
        json.WriteEndObject();
    }
}
