using System.Diagnostics;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// A build for several target platforms (<c>--platform linux/amd64,linux/arm64</c>): one <see cref="ImageBuilder"/>
/// build per platform plan, one after the other over the same store and cache, then an OCI image index naming each
/// platform's manifest, stored and given the build's names. Stages that do not depend on the target platform (a
/// <c>FROM --platform=$BUILDPLATFORM</c> builder that does not read TARGET* args) have the same cache keys in every
/// platform's build, so they run once and the later platforms find them cached, as BuildKit shares them.
/// </summary>
public sealed class MultiPlatformBuilder(BuildServices services)
{
    public async Task<BuildResult> BuildAsync(BuildOptions options, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var results = new List<BuildResult>();
        var steps = 0;
        foreach (var plan in options.PlatformPlans)
        {
            var events = new PlatformStepEvents(services.Events, plan.TargetPlatform.ToString(), steps);
            var result = await new ImageBuilder(services with { Events = events })
                .BuildAsync(options with { Plan = plan, PlatformPlans = [], Tags = [] }, cancellationToken).ConfigureAwait(false);
            results.Add(result with { Platform = plan.TargetPlatform });
            steps += result.StepCount;
        }
        var index = await WriteIndexAsync(results, options.Format, cancellationToken).ConfigureAwait(false);
        var names = await ImageBuilder.NameAsync(services.Store, index.Digest, options.Tags, cancellationToken).ConfigureAwait(false);
        var first = results[0];
        return new BuildResult
        {
            ImageId = index.Digest,
            ManifestDigest = index.Digest,
            Names = names,
            Final = first.Final,
            Stages = [.. results.SelectMany(r => r.Stages.Select(s => s with { Name = $"{r.Platform} {s.Name}" }))],
            Elapsed = clock.Elapsed,
            StepCount = steps,
            TargetCacheEntries = [.. results.SelectMany(r => r.TargetCacheEntries).Distinct()],
            AllCacheEntries = [.. results.SelectMany(r => r.AllCacheEntries).Distinct()],
            Platforms = results,
        };
    }

    /// <summary>The index as BuildKit's OCI exporter writes it: one manifest per platform, in the order asked for.</summary>
    private async Task<StoredIndex> WriteIndexAsync(IReadOnlyList<BuildResult> results, ImageExportFormat format, CancellationToken cancellationToken)
    {
        var manifests = new List<Descriptor>();
        foreach (var result in results)
        {
            var manifest = await services.Store.ReadDocumentAsync(result.ManifestDigest, cancellationToken).ConfigureAwait(false);
            var platform = result.Image!.Platform;
            manifests.Add(manifest.ToDescriptor(new Platform { Os = platform.Os, Architecture = platform.Architecture, Variant = platform.Variant })
                with { Annotations = ImageAnnotations.OrNull(format.Annotations.ManifestDescriptorFor(platform)) });
        }
        var index = StoredIndex.Create(new ImageIndex
        {
            MediaType = format.IndexMediaType, Manifests = manifests, Annotations = ImageAnnotations.OrNull(format.Annotations.Index),
        });
        await services.Store.WriteAsync(index, cancellationToken).ConfigureAwait(false);
        return index;
    }
}
