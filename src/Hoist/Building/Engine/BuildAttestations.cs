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
            var provenance = await ProvenanceAsync(options, result, cancellationToken).ConfigureAwait(false);
            statements.Add(Statement(ProvenancePredicate.PredicateType, provenance, result, platform));
        }
        var index = await AttestationIndex.WriteAsync(store, manifest, platform, statements, cancellationToken).ConfigureAwait(false);
        foreach (var name in result.Names) await store.Names.SetAsync(name, index.Digest, cancellationToken).ConfigureAwait(false);
        return result with { ManifestDigest = index.Digest };
    }

    private static InTotoStatement Statement(string type, JsonNode predicate, BuildResult result, Platform platform) =>
        InTotoStatement.Create(type, predicate, result.ManifestDigest, result.Names, platform);

    private async Task<JsonNode> SbomAsync(LocalImage image, BuildResult result, CancellationToken cancellationToken)
    {
        var name = result.Names.FirstOrDefault()?.Familiar ?? image.Id.ToString();
        var document = await ImageSbom.CreateAsync(AnalysisImage.FromStore(store, image, name) with { Files = new SnapshotLayers(store).FilesOf }, LayerRecordCache.UnderStateRoot(store.Root), cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        SbomFormat.Write(document, SbomFormat.Spdx, buffer);
        return JsonNode.Parse(buffer.ToArray())!;
    }

    /// <summary>The base images the built stages resolved, as the store now names them (a FROM image is stored by the
    /// build when it pulls it).</summary>
    private async Task<JsonNode> ProvenanceAsync(BuildOptions options, BuildResult result, CancellationToken cancellationToken)
    {
        var plan = options.Plan;
        var bases = new List<(ImageReference, Digest)>();
        foreach (var stage in plan.BuildOrder.Where(s => s.BaseKind == StageBaseKind.Image).DistinctBy(s => s.BaseName))
        {
            var found = await store.FindImageAsync(stage.BaseName, stage.Platform, cancellationToken).ConfigureAwait(false);
            if (found is not null) bases.Add((ImageReference.Parse(stage.BaseName), found.Target.Digest));
        }
        var finished = DateTimeOffset.UtcNow;
        var reproducible = plan.SourceDateEpoch is not null;
        return ProvenancePredicate.Create(plan, options.DockerfilePath, bases, reproducible ? null : finished - result.Elapsed, reproducible ? null : finished);
    }
}
