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
    public static async Task WriteAsync(string path, ContentStore store, BuildResult result, CancellationToken cancellationToken)
    {
        var manifest = await store.ReadDocumentAsync(result.ManifestDigest, cancellationToken);
        await using var file = File.Create(path);
        await using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
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
}
