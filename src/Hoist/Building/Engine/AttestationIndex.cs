using System.Text.Json.Nodes;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// Writes an image's attestations the way BuildKit attaches them, so <c>docker buildx imagetools inspect</c> finds
/// them: an OCI image index holding the image manifest (with its platform) and an attestation manifest
/// (platform <c>unknown/unknown</c>, annotated <c>vnd.docker.reference.type=attestation-manifest</c> and
/// <c>vnd.docker.reference.digest=</c> the image manifest) whose layers are the in-toto statements.
/// </summary>
public static class AttestationIndex
{
    public const string ReferenceTypeAnnotation = "vnd.docker.reference.type";
    public const string ReferenceDigestAnnotation = "vnd.docker.reference.digest";
    public const string AttestationManifestType = "attestation-manifest";

    /// <param name="imageAnnotations">the image manifest's descriptor annotations in the index (the build's
    /// <c>manifest-descriptor</c> ones: BuildKit's attestations make a single-platform image an index).</param>
    public static async Task<StoredIndex> WriteAsync(ContentStore store, StoredManifest image, Platform platform,
        IReadOnlyList<InTotoStatement> statements, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? imageAnnotations = null)
    {
        foreach (var statement in statements) await statement.WriteAsync(store, cancellationToken).ConfigureAwait(false);
        var layers = statements.Select(s => s.ToDescriptor()).ToList();
        var config = ConfigBytes(layers);
        await store.WriteAsync(config, cancellationToken: cancellationToken).ConfigureAwait(false);
        var attestation = StoredManifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.Sha256(config), Size = config.LongLength },
            Layers = layers,
        });
        await store.WriteAsync(attestation, cancellationToken).ConfigureAwait(false);
        var index = StoredIndex.Create(new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests =
            [
                image.ToDescriptor(new Platform { Os = platform.Os, Architecture = platform.Architecture, Variant = platform.Variant })
                    with { Annotations = imageAnnotations is { Count: > 0 } ? imageAnnotations : null },
                attestation.ToDescriptor(new Platform { Os = "unknown", Architecture = "unknown" }) with
                {
                    Annotations = new Dictionary<string, string>
                    {
                        [ReferenceDigestAnnotation] = image.Digest.ToString(),
                        [ReferenceTypeAnnotation] = AttestationManifestType,
                    },
                },
            ],
        });
        await store.WriteAsync(index, cancellationToken).ConfigureAwait(false);
        return index;
    }

    /// <summary>BuildKit's attestation config: unknown platform, the statements as uncompressed "layers".</summary>
    private static byte[] ConfigBytes(IReadOnlyList<Descriptor> layers)
    {
        var diffIds = new JsonArray();
        foreach (var layer in layers) diffIds.Add((JsonNode?)JsonValue.Create(layer.Digest.ToString()));
        var config = new JsonObject
        {
            ["architecture"] = "unknown",
            ["os"] = "unknown",
            ["config"] = new JsonObject(),
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
        };
        return System.Text.Encoding.UTF8.GetBytes(config.ToJsonString());
    }
}
