using System.Text.Json.Nodes;
using Hoist.Analysis;
using Hoist.Analysis.Sbom;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Planning;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// <c>hoist build --sbom --provenance</c>: after the image is stored, writes its SBOM (SPDX, from Hoist's scanners of
/// the final filesystem) and SLSA provenance as in-toto statements in an attestation manifest, puts both manifests in
/// an image index (<see cref="AttestationIndex"/>), and points the build's names at that index. The result's
/// manifest digest becomes the index's; the image ID stays the config's.
/// </summary>
public sealed class BuildAttestations(ContentStore store)
{
    public const string SpdxPredicateType = "https://spdx.dev/Document";

    public async Task<BuildResult> AttachAsync(BuildResult result, BuildOptions options, AttestationRequest request, CancellationToken cancellationToken)
    {
        if (!request.Any) return result;
        if (await store.ReadDocumentAsync(result.ManifestDigest, cancellationToken).ConfigureAwait(false) is not StoredManifest manifest)
        {
            throw new HoistException("--sbom and --provenance are not supported for multi-platform builds yet");
        }
        var image = await store.LoadImageAsync(result.ManifestDigest, cancellationToken: cancellationToken).ConfigureAwait(false);
        var platform = image.Config.Config.Platform;
        var statements = new List<InTotoStatement>();
        if (request.Sbom) statements.Add(Statement(SpdxPredicateType, await SbomAsync(image, result, cancellationToken).ConfigureAwait(false), result, platform));
        if (request.Provenance)
        {
            JsonNode provenance = await ProvenanceAsync(options, result, cancellationToken).ConfigureAwait(false);
            statements.Add(Statement(ProvenancePredicate.PredicateType, provenance, result, platform));
        }
        var index = await AttestationIndex.WriteAsync(store, manifest, platform, statements, cancellationToken,
            ImageAnnotations.OrNull(options.Format.Annotations.ManifestDescriptorFor(platform))).ConfigureAwait(false);
        foreach (var name in result.Names) await store.Names.SetAsync(name, index.Digest, cancellationToken).ConfigureAwait(false);
        return result with { ManifestDigest = index.Digest };
    }

    private static InTotoStatement Statement(string type, JsonNode predicate, BuildResult result, Platform platform) =>
        InTotoStatement.Create(type, predicate, result.ManifestDigest, result.Names, platform);

    private async Task<JsonNode> SbomAsync(ResolvedImage image, BuildResult result, CancellationToken cancellationToken)
    {
        var name = result.Names.FirstOrDefault()?.Familiar ?? image.Id.ToString();
        var document = await ImageSbom.CreateAsync(AnalysisImage.FromStore(store, image, name) with { Files = new SnapshotLayers(store).FilesOf }, LayerRecordCache.UnderStateRoot(store.Root), cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        SbomFormat.Write(document, SbomFormat.Spdx, buffer);
        return JsonNode.Parse(buffer.ToArray())!;
    }

    /// <summary>The SLSA v1 provenance predicate of <paramref name="result"/>, built from <paramref name="options"/>' plan:
    /// the base images the built stages resolved, as the store now names them (a FROM image is stored by the build when
    /// it pulls it). Also what <c>--metadata-file</c> writes as <c>buildx.build.provenance</c>.</summary>
    public async Task<JsonObject> ProvenanceAsync(BuildOptions options, BuildResult result, CancellationToken cancellationToken)
    {
        var plan = options.Plan;
        var bases = new List<(ImageReference, Digest)>();
        foreach (var stage in plan.BuildOrder.Where(s => s.BaseKind == StageBaseKind.Image).DistinctBy(s => s.BaseName))
        {
            // A base from an OCI layout (--build-context NAME=oci-layout://…) has no registry reference to name.
            if (!ImageReference.TryParse(stage.BaseName, out var reference, out _)) continue;
            var found = await store.FindImageAsync(stage.BaseName, stage.Platform, cancellationToken).ConfigureAwait(false);
            if (found is not null) bases.Add((reference, found.Target.Digest));
        }
        var finished = DateTimeOffset.UtcNow;
        var reproducible = plan.SourceDateEpoch is not null;
        return ProvenancePredicate.Create(plan, options.DockerfilePath, bases, reproducible ? null : finished - result.Elapsed, reproducible ? null : finished);
    }
}
