using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>
/// The <c>index.json</c> an <see cref="ArchiveSink"/> writes: one entry per image and name, carrying
/// <c>io.containerd.image.name</c> (the full name) and <c>org.opencontainers.image.ref.name</c> (the tag) over what
/// the image's own descriptor carries when one is given (a build's annotations and platform, which containerd's
/// archive exporter keeps), added to the entries of a layout already there.
/// </summary>
internal static class LayoutIndexFile
{
    /// <param name="described">the descriptor an image's entry starts from, when its digest is the image's target.</param>
    public static StoredIndex Merge(byte[]? existing, IReadOnlyList<NamedImage> images, Descriptor? described = null)
    {
        var ours = new List<Descriptor>();
        foreach (var (reference, image) in images)
        {
            var start = described is { } d && d.Digest == image.Target.Digest ? d : image.Target.ToDescriptor();
            var annotations = new SortedDictionary<string, string>(start.Annotations?.ToDictionary() ?? [], StringComparer.Ordinal);
            if (reference is not null)
            {
                annotations[OciLayout.ContainerdImageNameAnnotation] = reference.ToString();
                annotations[OciLayout.RefNameAnnotation] = reference.Tag!;
            }
            var descriptor = start with { Annotations = annotations.Count == 0 ? null : annotations };
            if (!ours.Any(d => Same(d, descriptor))) ours.Add(descriptor);
        }
        // An entry with a name we write again is replaced; everything else in the layout stays listed.
        IEnumerable<Descriptor> kept = existing is null ? [] : Parse(existing).Index.Manifests.Where(d => !ours.Any(o => Same(o, d) || (Name(o) is { } n && n == Name(d))));
        return StoredIndex.Create(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [.. kept, .. ours] });
    }

    private static StoredIndex Parse(byte[] existing)
    {
        try
        {
            return StoredIndex.FromBytes(existing);
        }
        catch (HoistException e)
        {
            throw new HoistException($"the existing index.json cannot be added to: {e.Message}", e);
        }
    }

    private static string? Name(Descriptor descriptor) =>
        descriptor.Annotations is { } a && (a.TryGetValue(OciLayout.ContainerdImageNameAnnotation, out var n) || a.TryGetValue(OciLayout.RefNameAnnotation, out n)) ? n : null;

    private static bool Same(Descriptor a, Descriptor b) => a.Digest == b.Digest && Name(a) == Name(b);
}
