using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>
/// OCI image layouts (a directory, or a tar of one) and docker archives as an image source, for references of the form
/// <c>oci-layout://PATH[:TAG][@sha256:…]</c> (<see cref="OciLayoutReference"/>; what <c>--build-context</c> gives). The
/// archive is read in place and verified as <c>hoist load</c> verifies it (every digest, every diffID); its blobs then
/// become content of the store, where layers are read from, but no name is added. Other references are not found here.
/// </summary>
public sealed class ArchiveImageSource(ContentStore store) : IImageSource
{
    public async Task<Image?> FindAsync(string reference, Platform platform, CancellationToken cancellationToken)
    {
        if (!OciLayoutReference.IsLayoutReference(reference)) return null;
        var layout = OciLayoutReference.Parse(reference);
        if (!Path.Exists(layout.Path)) throw new HoistException($"OCI layout {layout.Path} not found");
        var images = await ImageLoader.ReadAsync(store, layout.Path, cancellationToken).ConfigureAwait(false);
        var chosen = Select(images, layout);
        // The archive's content is now the store's, which chooses the platform's manifest from an index.
        var local = await store.LoadImageAsync(chosen.Target.Digest, platform, cancellationToken).ConfigureAwait(false);
        return local.Image;
    }

    /// <summary>
    /// The image the reference names: by digest (of its index.json entry, or its image ID), by tag (the entry's
    /// <c>org.opencontainers.image.ref.name</c>, or a docker archive's RepoTag), else the only image (or the one tagged
    /// <c>latest</c> among several).
    /// </summary>
    internal static ArchiveEntry Select(IReadOnlyList<ArchiveEntry> images, OciLayoutReference layout)
    {
        var matches = images.Where(i => layout.Digest is not { } digest || i.Target.Digest == digest || i.Id == digest)
            .Where(i => layout.Tag is not { } tag || HasTag(i, tag))
            .DistinctBy(i => i.Target.Digest)
            .ToList();
        if (layout.Tag is null && layout.Digest is null && matches.Count > 1)
        {
            matches = [.. matches.Where(i => HasTag(i, "latest"))];
            if (matches.Count != 1) throw new HoistException($"{layout.Path} holds {images.Count} images: name one by tag or digest (oci-layout://PATH:TAG or @sha256:…)");
        }
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new HoistException($"{layout}: no such image in the layout"),
            _ => throw new HoistException($"{layout}: {matches.Count} images match: name one by digest"),
        };
    }

    private static bool HasTag(ArchiveEntry entry, string tag) =>
        entry.RefNames.Contains(tag) || entry.Reference?.Tag == tag || entry.Reference?.Familiar == tag;
}
