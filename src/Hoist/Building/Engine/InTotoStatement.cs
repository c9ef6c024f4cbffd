using System.Text.Json.Nodes;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// An in-toto statement as BuildKit writes its attestations (in-toto Statement v0.1): the image manifest as subject
/// (<c>pkg:docker/NAME@TAG?platform=…</c> and its sha256) and one predicate, typed by <see cref="PredicateType"/>.
/// </summary>
public sealed record InTotoStatement(string PredicateType, byte[] Bytes)
{
    public const string MediaType = "application/vnd.in-toto+json";
    public const string PredicateTypeAnnotation = "in-toto.io/predicate-type";

    public static InTotoStatement Create(string predicateType, JsonNode predicate, Digest manifest, IReadOnlyList<ImageReference> names, Platform platform)
    {
        var subjects = new JsonArray();
        foreach (var name in SubjectNames(names, platform))
        {
            subjects.Add((JsonNode)new JsonObject { ["name"] = name, ["digest"] = new JsonObject { [manifest.Algorithm] = manifest.Hex } });
        }
        var statement = new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v0.1",
            ["predicateType"] = predicateType,
            ["subject"] = subjects,
            ["predicate"] = predicate,
        };
        return new InTotoStatement(predicateType, System.Text.Encoding.UTF8.GetBytes(statement.ToJsonString()));
    }

    /// <summary>A purl per name, as BuildKit's <c>pkg:docker/docker.io/library/x@tag</c>; an unnamed image is <c>_</c>.</summary>
    private static IEnumerable<string> SubjectNames(IReadOnlyList<ImageReference> names, Platform platform)
    {
        return names.Count == 0 ? ["_"] : names.Select(n => DockerPackageUrl.For(n, platform));
    }

    public Descriptor ToDescriptor() => new()
    {
        MediaType = MediaType,
        Digest = Digest.Sha256(Bytes),
        Size = Bytes.LongLength,
        Annotations = new Dictionary<string, string> { [PredicateTypeAnnotation] = PredicateType },
    };

    public Task WriteAsync(ContentStore store, CancellationToken cancellationToken) => store.WriteAsync(Bytes, cancellationToken: cancellationToken);
}
