using System.Text.Json;
using System.Text.Json.Nodes;
using Hoist.Building.Engine;
using Hoist.Checks;
using Hoist.Content;
using Hoist.Posix;

namespace Hoist.Cli;

/// <summary>
/// <c>--metadata-file</c>: the build's result as JSON under buildx's keys, in buildx's (sorted) order:
/// <c>buildx.build.provenance</c> (per platform <c>buildx.build.provenance/OS/ARCH</c>), <c>buildx.build.ref</c>,
/// <c>buildx.build.warnings</c>, <c>containerimage.config.digest</c>, <c>containerimage.descriptor</c>,
/// <c>containerimage.digest</c>, <c>image.name</c>; written with a <see cref="Utf8JsonWriter"/> (no reflection, so
/// AOT-safe).
/// </summary>
public static class BuildMetadataFile
{
    /// <summary>The builder part of <c>buildx.build.ref</c> (buildx: the builder instance's name).</summary>
    public const string BuilderName = "hoist";

    /// <param name="build">What was built: its plans give the provenance, written as buildx writes it (SLSA v0.2, min
    /// mode) unless <c>BUILDX_METADATA_PROVENANCE</c> disables it.</param>
    /// <param name="checks">The Dockerfile's check findings, written as <c>buildx.build.warnings</c> when
    /// <c>BUILDX_METADATA_WARNINGS</c> is true, as buildx does, with the Dockerfile (<paramref name="dockerfile"/>, shown
    /// as <paramref name="fileName"/>) they are about.</param>
    /// <param name="archiveOutput">whether an oci or docker output was written: BuildKit's exporter for those returns the
    /// descriptor with its annotations, the image exporter (docker's store) without.</param>
    public static async Task WriteAsync(string path, ContentStore store, BuildResult result, BuildOptions build, BuildChecks checks, string fileName,
        string dockerfile, bool archiveOutput, CancellationToken cancellationToken)
    {
        var described = ExportedDescriptor.Of(await store.LoadImageAsync(result.ManifestDigest, cancellationToken: cancellationToken), build.Format.Annotations);
        var provenance = ProvenanceEnabled() ? await ProvenanceAsync(store, result, build, cancellationToken) : [];
        var warnings = WarningsEnabled() && dockerfile != "-"
            ? (await checks.FindingsAsync(cancellationToken), await File.ReadAllBytesAsync(dockerfile, cancellationToken))
            : ((IReadOnlyList<CheckFinding>, byte[])?)null;
        // Written as any output file the user names: a clear error (not a stack trace) when it cannot be.
        await DestinationFile.WriteAsync(path, async file =>
        {
            await using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            json.WriteStartObject();
            foreach (var (key, predicate) in provenance)
            {
                json.WritePropertyName(key);
                predicate.WriteTo(json);
            }
            json.WriteString("buildx.build.ref", BuildRef());
            if (warnings is { } found) WriteWarnings(json, found.Item1, fileName, found.Item2);
            json.WriteString("containerimage.config.digest", result.ImageId.ToString());
            WriteDescriptor(json, described, archiveOutput);
            json.WriteString("containerimage.digest", result.ManifestDigest.ToString());
            if (result.Names.Count > 0) json.WriteString("image.name", string.Join(',', result.Names.Select(n => n.ToString())));
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary><c>containerimage.descriptor</c> in Go's field order (mediaType, digest, size, annotations, platform), the
    /// annotations (sorted, as Go writes a map) only for an oci or docker output, as observed.</summary>
    private static void WriteDescriptor(Utf8JsonWriter json, Oci.Descriptor descriptor, bool withAnnotations)
    {
        json.WriteStartObject("containerimage.descriptor");
        json.WriteString("mediaType", descriptor.MediaType);
        json.WriteString("digest", descriptor.Digest.ToString());
        json.WriteNumber("size", descriptor.Size);
        if (withAnnotations && descriptor.Annotations is { Count: > 0 } annotations)
        {
            json.WriteStartObject("annotations");
            foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal)) json.WriteString(key, value);
            json.WriteEndObject();
        }
        if (descriptor.Platform is { } platform)
        {
            json.WriteStartObject("platform");
            json.WriteString("architecture", platform.Architecture);
            json.WriteString("os", platform.Os);
            if (!string.IsNullOrEmpty(platform.Variant)) json.WriteString("variant", platform.Variant);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>
    /// buildx's <c>BUILDER/NODE/REF</c>. Hoist has no builder instance, node or build history to look the ref up in
    /// (<c>docker buildx history</c>), so it is <c>hoist/HOST/ID</c>: this machine and a new 25-character id, as unique
    /// as BuildKit's.
    /// </summary>
    public static string BuildRef()
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        var id = string.Create(25, 0, (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
        return $"{BuilderName}/{Environment.MachineName.ToLowerInvariant()}/{id}";
    }

    /// <summary>The provenance of a single-platform build under <c>buildx.build.provenance</c>, or of each platform under
    /// <c>buildx.build.provenance/OS/ARCH[/VARIANT]</c>, as buildx reads them from the build record.</summary>
    private static async Task<List<(string Key, JsonObject Predicate)>> ProvenanceAsync(ContentStore store, BuildResult result, BuildOptions build,
        CancellationToken cancellationToken)
    {
        var attestations = new BuildAttestations(store);
        if (result.Platforms.Count == 0)
        {
            return [("buildx.build.provenance", ProvenancePredicate.ToMetadataShape(await attestations.ProvenanceAsync(build, result, cancellationToken)))];
        }
        var predicates = new List<(string, JsonObject)>();
        foreach (var (platform, plan) in result.Platforms.Zip(build.PlatformPlans))
        {
            var v1 = await attestations.ProvenanceAsync(build with { Plan = plan }, platform, cancellationToken);
            predicates.Add(($"buildx.build.provenance/{platform.Platform}", ProvenancePredicate.ToMetadataShape(v1)));
        }
        return predicates;
    }

    /// <summary>buildx's <c>BUILDX_METADATA_PROVENANCE</c>: <c>min</c> (the default) or <c>max</c> write it (Hoist
    /// writes min's fields for both), <c>disabled</c> or a false boolean leave it out.</summary>
    private static bool ProvenanceEnabled() =>
        Environment.GetEnvironmentVariable("BUILDX_METADATA_PROVENANCE") is not ("disabled" or "0" or "f" or "F" or "false" or "FALSE" or "False");

    /// <summary>buildx's switch: Go's strconv.ParseBool of <c>BUILDX_METADATA_WARNINGS</c>.</summary>
    private static bool WarningsEnabled() =>
        GoBool.TryParse(Environment.GetEnvironmentVariable("BUILDX_METADATA_WARNINGS"), out var enabled) && enabled;

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
