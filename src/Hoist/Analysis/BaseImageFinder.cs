using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Analysis;

/// <summary>
/// Finds which of a stored image's layers came from its base, for an image whose build is over: with
/// <c>--base IMAGE</c> the layers it shares with that image; otherwise the base the manifest annotations name
/// (<c>org.opencontainers.image.base.digest</c>, OCI annotations.md) when it is in the store; otherwise the image in
/// the store that shares the longest leading run of layers (a base is usually still there after a build or pull).
/// </summary>
public static class BaseImageFinder
{
    public const string BaseDigestAnnotation = "org.opencontainers.image.base.digest";

    public static async Task<BaseLayers?> FindAsync(ContentStore store, AnalysisImage image, string? baseName, CancellationToken cancellationToken)
    {
        if (baseName is not null)
        {
            var named = await store.ResolveImageAsync(baseName, cancellationToken: cancellationToken).ConfigureAwait(false);
            var shared = SharedPrefix(image, named);
            if (shared < named.Config.Config.RootFs.DiffIds.Count)
            {
                throw new HoistException($"{image.Name} is not built on {baseName}: they share {shared} of its {named.Config.Config.RootFs.DiffIds.Count} layers");
            }
            return Describe(named, $"--base {baseName}");
        }
        if (image.Annotations.TryGetValue(BaseDigestAnnotation, out var text) && Digest.TryParse(text, out var digest) && store.Contains(digest))
        {
            var annotated = await TryResolveAsync(store, digest.ToString(), cancellationToken).ConfigureAwait(false);
            if (annotated is not null && SharedPrefix(image, annotated) == annotated.Config.Config.RootFs.DiffIds.Count)
                return Describe(annotated, $"annotation {BaseDigestAnnotation}");
        }
        return await LongestStoredPrefixAsync(store, image, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<BaseLayers?> LongestStoredPrefixAsync(ContentStore store, AnalysisImage image, CancellationToken cancellationToken)
    {
        ResolvedImage? best = null;
        foreach (var name in store.Names.List().OrderBy(n => n.Reference.ToString(), StringComparer.Ordinal))
        {
            var candidate = await TryResolveAsync(store, name.Reference.ToString(), cancellationToken).ConfigureAwait(false);
            if (candidate is null || candidate.Id == image.Id) continue;
            var count = candidate.Config.Config.RootFs.DiffIds.Count;
            if (count == 0 || count >= image.Config.RootFs.DiffIds.Count || SharedPrefix(image, candidate) < count) continue;
            if (best is null || count > best.Config.Config.RootFs.DiffIds.Count) best = candidate;
        }
        return best is null ? null : Describe(best, $"store image {best.References.FirstOrDefault()?.Familiar ?? best.Id.ToString()}");
    }

    private static BaseLayers Describe(ResolvedImage baseImage, string source) =>
        new(baseImage.Config.Config.RootFs.DiffIds.Count, source) { History = baseImage.Config.Config.History?.Count };

    private static int SharedPrefix(AnalysisImage image, ResolvedImage other)
    {
        var mine = image.Config.RootFs.DiffIds;
        var theirs = other.Config.Config.RootFs.DiffIds;
        var shared = 0;
        while (shared < mine.Count && shared < theirs.Count && mine[shared] == theirs[shared]) shared++;
        return shared;
    }

    private static async Task<ResolvedImage?> TryResolveAsync(ContentStore store, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ResolveImageAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HoistException)
        {
            return null; // a broken image cannot be the base
        }
    }
}
