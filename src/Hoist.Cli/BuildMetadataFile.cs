using System.Text.Json;
using Hoist.Building.Engine;
using Hoist.Content;

namespace Hoist.Cli;

/// <summary>
/// <c>--metadata-file</c>: the build's result as JSON under BuildKit's keys (<c>containerimage.digest</c>,
/// <c>containerimage.config.digest</c>, <c>containerimage.descriptor</c>, <c>image.name</c>), written with a
/// <see cref="Utf8JsonWriter"/> (no reflection, so AOT-safe).
/// </summary>
public static class BuildMetadataFile
{
    /// <param name="checks">The Dockerfile's check findings, written as <c>buildx.build.warnings</c> when
    /// <c>BUILDX_METADATA_WARNINGS</c> is true, as buildx does, with the Dockerfile (<paramref name="dockerfile"/>, shown
    /// as <paramref name="fileName"/>) they are about.</param>
    public static async Task WriteAsync(string path, ContentStore store, BuildResult result, BuildChecks checks, string fileName,
        string dockerfile, CancellationToken cancellationToken)
    {
        var manifest = await store.ReadDocumentAsync(result.ManifestDigest, cancellationToken);
        await using var file = File.Create(path);
        await using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        if (WarningsEnabled() && dockerfile != "-")
        {
            WriteWarnings(json, await checks.FindingsAsync(cancellationToken), fileName, await File.ReadAllBytesAsync(dockerfile, cancellationToken));
        }
        json.WriteString("containerimage.config.digest", result.ImageId.ToString());
        json.WriteStartObject("containerimage.descriptor");
        json.WriteString("mediaType", manifest.MediaType);
        json.WriteString("digest", manifest.Digest.ToString());
        json.WriteNumber("size", manifest.Size);
        json.WriteEndObject();
        json.WriteString("containerimage.digest", result.ManifestDigest.ToString());
        if (result.Names.Count > 0) json.WriteString("image.name", string.Join(',', result.Names.Select(n => n.ToString())));
        json.WriteEndObject();
    }

    /// <summary>buildx's switch: Go's strconv.ParseBool of <c>BUILDX_METADATA_WARNINGS</c>.</summary>
    private static bool WarningsEnabled() =>
        Environment.GetEnvironmentVariable("BUILDX_METADATA_WARNINGS") is "1" or "t" or "T" or "true" or "TRUE" or "True";

    /// <summary>BuildKit's VertexWarning as buildx writes it: byte fields base64, level 1 for a warning, the line range.</summary>
    private static void WriteWarnings(Utf8JsonWriter json, IReadOnlyList<Checks.CheckFinding> findings, string fileName, byte[] dockerfile)
    {
        json.WriteStartArray("buildx.build.warnings");
        foreach (var finding in findings)
        {
            json.WriteStartObject();
            json.WriteNumber("level", 1);
            json.WriteBase64String("short", System.Text.Encoding.UTF8.GetBytes($"{finding.Rule.Name}: {finding.Message} (line {finding.Line})"));
            json.WriteStartArray("detail");
            json.WriteBase64StringValue(System.Text.Encoding.UTF8.GetBytes(finding.Rule.Description));
            json.WriteEndArray();
            json.WriteString("url", finding.Rule.Url);
            json.WriteStartObject("sourceInfo");
            json.WriteString("filename", fileName);
            json.WriteBase64String("data", dockerfile);
            json.WriteString("language", "Dockerfile");
            json.WriteEndObject();
            json.WriteStartArray("range");
            json.WriteStartObject();
            json.WriteStartObject("start");
            json.WriteNumber("line", finding.Line);
            json.WriteEndObject();
            json.WriteStartObject("end");
            json.WriteNumber("line", Math.Max(finding.Line, finding.EndLine));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
